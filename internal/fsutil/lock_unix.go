//go:build unix

package fsutil

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

type lockFile struct{ f *os.File }

func openLock(path string) (lockFile, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0o600)
	if errors.Is(err, syscall.ELOOP) {
		return lockFile{}, fmt.Errorf("cannot lock %s: it is a symlink; a lock file is zenv's own, remove the link", path)
	}
	if err != nil {
		return lockFile{}, fmt.Errorf("cannot lock %s: %w", path, BareError(err))
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		f.Close()
		return lockFile{}, fmt.Errorf("cannot lock %s: it is not a regular file; a lock file is zenv's own, remove what is there", path)
	}
	if err != nil {
		f.Close()
		return lockFile{}, fmt.Errorf("cannot lock %s: %w", path, BareError(err))
	}
	return lockFile{f}, nil
}

func (l *lockFile) tryLock() (bool, error) {
	for {
		err := unix.Flock(int(l.f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.EWOULDBLOCK):
			return false, nil
		}
		return false, err
	}
}

// close drops the lock with the descriptor.
func (l *lockFile) close() { l.f.Close() }

func (l *lockFile) stat() (fs.FileInfo, error) { return l.f.Stat() }
