package fsutil

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// realPath is the path the kernel holds for f's descriptor (F_GETPATH):
// what was opened, not what the name points at now.
func realPath(f *os.File, name string) (string, error) {
	buf := make([]byte, unix.PathMax)
	rc, err := f.SyscallConn()
	if err != nil {
		return "", err
	}
	var ferr error
	rc.Control(func(fd uintptr) {
		_, ferr = unix.FcntlInt(fd, unix.F_GETPATH, int(uintptr(unsafe.Pointer(&buf[0]))))
	})
	runtime.KeepAlive(buf)
	if ferr != nil {
		return resolveName(name)
	}
	if i := bytes.IndexByte(buf, 0); i >= 0 {
		buf = buf[:i]
	}
	return string(buf), nil
}

func resolveName(name string) (string, error) {
	real, err := filepath.EvalSymlinks(name)
	if err != nil {
		return "", err
	}
	return filepath.Abs(real)
}
