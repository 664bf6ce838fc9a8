//go:build !unix

package fsutil

import (
	"io/fs"

	"github.com/gofrs/flock"
)

// lockFile is gofrs/flock's LockFileEx on Windows, where no FIFO or
// symlink stands in for a lock file a user can create by accident.
type lockFile struct{ fl *flock.Flock }

func openLock(path string) (lockFile, error) {
	return lockFile{flock.New(path, flock.SetPermissions(0o600))}, nil
}

func (l *lockFile) tryLock() (bool, error)     { return l.fl.TryLock() }
func (l *lockFile) stat() (fs.FileInfo, error) { return l.fl.Stat() }
func (l *lockFile) close()                     { l.fl.Unlock() }
