package fsutil

import (
	"fmt"
	"os"
	"path/filepath"
)

// realPath is the path the kernel holds for f's descriptor, symlinks and
// .. resolved: what was opened, not what the name points at now.
func realPath(f *os.File, name string) (string, error) {
	var real string
	var err error
	rc, cerr := f.SyscallConn()
	if cerr != nil {
		return "", cerr
	}
	rc.Control(func(fd uintptr) {
		real, err = os.Readlink(fmt.Sprintf("/proc/self/fd/%d", fd))
	})
	if err != nil || !filepath.IsAbs(real) {
		// No /proc (a chroot): resolve the name; checkOpened then makes sure
		// it still names the opened file.
		return resolveName(name)
	}
	return real, nil
}

func resolveName(name string) (string, error) {
	real, err := filepath.EvalSymlinks(name)
	if err != nil {
		return "", err
	}
	return filepath.Abs(real)
}
