//go:build unix

package fsutil

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// OpenTrusted opens path for reading once, then checks what it opened, as
// OpenSSH's safe_path checks its own files: a regular file (fstat on the
// descriptor, not the name, so nobody can swap the file between the check
// and the read), owned by the user or root, that neither group nor others
// can write; then every folder of its real path (taken from the descriptor)
// up to /: owned by the user or root, and writable by nobody else unless
// the folder is sticky and the entry in it is the user's or root's (/tmp).
// A FIFO is opened without blocking and refused.
func OpenTrusted(path string) (*os.File, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	if err := checkOpened(f, path); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// OpenRegular opens path for reading once, without blocking (a FIFO would
// wait for a writer forever), and refuses what the descriptor shows is not
// a regular file. There is no window to swap the file between a check and
// the open: the check is of what was opened.
func OpenRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err != nil {
			return nil, err
		}
		return nil, &NotRegularError{Path: path}
	}
	return f, nil
}

func checkOpened(f *os.File, path string) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if err := checkEntry(path, fi); err != nil {
		return err
	}
	real, err := realPath(f, path)
	if err != nil {
		return err
	}
	// The name the descriptor gives must still be this file; otherwise it
	// moved while zenv looked, which is no time to trust it.
	if rfi, err := os.Stat(real); err != nil || !os.SameFile(fi, rfi) {
		return &UntrustedError{Path: path, Problem: path + " was moved or replaced while zenv opened it", Fix: "try again, and find out who changes it"}
	}
	return checkFolders(real, path)
}

// CheckFolder checks, for a file zenv is about to write at dir/name, every
// folder from dir up to / as OpenTrusted does: nobody but the user or root
// may replace what zenv writes there. dir must exist; name need not.
func CheckFolder(dir, name string) error {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return err
	}
	real, err = filepath.Abs(real)
	if err != nil {
		return err
	}
	return checkFolders(filepath.Join(real, name), filepath.Join(dir, name))
}

// checkEntry checks a file's own owner and mode.
func checkEntry(path string, fi os.FileInfo) error {
	uid := ownerOf(fi)
	me := os.Geteuid()
	if uid != me && uid != 0 {
		if me == 0 {
			return &UntrustedError{Path: path,
				Problem: fmt.Sprintf("%s belongs to uid %d and zenv runs as root, so that user decides what root reads", path, uid),
				Fix:     fmt.Sprintf("run chown root %s if you trust its content, or keep the file outside that user's folders", path)}
		}
		return &UntrustedError{Path: path,
			Problem: fmt.Sprintf("%s belongs to another user (uid %d)", path, uid),
			Fix:     "use a file of your own"}
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return &UntrustedError{Path: path,
			Problem: fmt.Sprintf("%s can be changed by group or others", path),
			Fix:     "run chmod go-w " + path}
	}
	return nil
}

// checkFolders walks from the folder of real (a path without symlinks) up
// to /. named is the path as the user gave it, for messages.
func checkFolders(real, named string) error {
	me := os.Geteuid()
	entry := real
	for {
		dir := filepath.Dir(entry)
		di, err := os.Lstat(dir)
		if err != nil {
			return err
		}
		if di.Mode()&fs.ModeSymlink != 0 {
			return &UntrustedError{Path: dir, Problem: fmt.Sprintf("folder %s became a symlink while zenv checked %s", dir, named), Fix: "try again, and find out who changes it"}
		}
		uid := ownerOf(di)
		if uid != me && uid != 0 {
			if me == 0 {
				return &UntrustedError{Path: dir,
					Problem: fmt.Sprintf("folder %s belongs to uid %d and zenv runs as root, so that user could swap %s for a file of their own", dir, uid, named),
					Fix:     fmt.Sprintf("run chown root %s, or keep the file outside that user's folders (in a container over a CI workspace, outside the workspace)", dir)}
			}
			return &UntrustedError{Path: dir,
				Problem: fmt.Sprintf("folder %s belongs to another user (uid %d), who could replace %s", dir, uid, named),
				Fix:     "keep the file in a folder of your own"}
		}
		if perm := di.Mode(); perm.Perm()&0o022 != 0 {
			sticky := perm&fs.ModeSticky != 0
			ok := false
			if sticky {
				ei, err := os.Lstat(entry)
				switch {
				case errors.Is(err, fs.ErrNotExist):
					ok = entry == real // a file zenv is about to create
				case err == nil:
					eu := ownerOf(ei)
					ok = eu == me || eu == 0
				}
			}
			if !ok {
				what := "group or others"
				if perm.Perm()&0o020 == 0 {
					what = "others"
				} else if perm.Perm()&0o002 == 0 {
					what = "its group"
				}
				fix := "run chmod go-w " + dir + ", or keep the file in a folder only you can write"
				if sticky {
					fix = "keep the file in a folder of your own"
				}
				return &UntrustedError{Path: dir,
					Problem: fmt.Sprintf("folder %s can be written by %s, who could replace %s", dir, what, named),
					Fix:     fix}
			}
		}
		if dir == entry {
			return nil
		}
		entry = dir
	}
}

func ownerOf(fi os.FileInfo) int {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid)
	}
	return -1
}
