//go:build unix

package fsutil

import (
	"os"
	"syscall"
)

// keepOwner gives tmp the owner and group of like. Root gives both, and
// failing is an error: a file of alice's must not become root's. Another
// user cannot give a file away, but may keep its group when they are in
// it; when they are not, the group is theirs, as for any new file.
func keepOwner(tmp *os.File, like os.FileInfo) error {
	st, ok := like.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if os.Geteuid() == 0 {
		return tmp.Chown(int(st.Uid), int(st.Gid))
	}
	if int(st.Gid) != os.Getegid() {
		tmp.Chown(-1, int(st.Gid)) // best effort: only a group the user is in
	}
	return nil
}

// Links returns how many names the file has (1 unless hard-linked).
func Links(fi os.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}
