package profile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
)

// MaxConfigBytes bounds the config file: a profile file is a few KiB, and
// a path to /dev/zero or a huge file must not eat the machine's memory.
const MaxConfigBytes = 1 << 20

// ReadConfigFile reads a config file as ssh reads its own: only a regular
// file, at most MaxConfigBytes, and on Unix only one that nobody but its
// owner (or root) can change. A config file runs commands (api_key: {cmd:
// ...}), so a file others can edit would let them run code as this user.
func ReadConfigFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("config file %s is not a regular file", path)
	}
	if err := checkConfigOwner(path, fi); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxConfigBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxConfigBytes {
		return nil, fmt.Errorf("config file %s is larger than %d KiB; a profile file is a few KiB, so check the path", path, MaxConfigBytes>>10)
	}
	return data, nil
}

// CheckConfigOwner refuses a config file that someone other than its
// owner (or root) can change: commands that edit the file check it too,
// or rewriting it 0600 would hide that it was tampered with.
func CheckConfigOwner(path string, fi os.FileInfo) error { return checkConfigOwner(path, fi) }

func checkConfigOwner(path string, fi os.FileInfo) error {
	if runtime.GOOS == "windows" {
		return nil // ACLs, not mode bits; the user profile directory is private
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("config file %s can be changed by group or others, and a profile can run commands (api_key: {cmd: ...}); run chmod go-w %s", path, path)
	}
	// A folder anyone may write to (and without the sticky bit of /tmp)
	// lets anyone replace the file, whatever its own mode.
	if di, err := os.Stat(filepath.Dir(path)); err == nil && di.Mode().Perm()&0o002 != 0 && di.Mode()&os.ModeSticky == 0 {
		return fmt.Errorf("config file %s is in a folder anyone can write to, so anyone can replace it, and a profile can run commands; run chmod o-w %s", path, filepath.Dir(path))
	}
	if uid, ok := fileOwner(fi); ok && uid != os.Getuid() && uid != 0 {
		return fmt.Errorf("config file %s belongs to another user (uid %d), and a profile can run commands (api_key: {cmd: ...}); use a file of your own", path, uid)
	}
	return nil
}
