package fsutil

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"
)

// ErrLockTimeout is returned by Lock when another process held the lock
// until the context ended.
var ErrLockTimeout = errors.New("the lock is held by another process")

// FileLock is an exclusive lock held on a lock file.
type FileLock struct{ lockFile }

// Lock takes an exclusive lock on the lock file at path, creating it (mode
// 0600), and polls until ctx ends. The file is opened without following a
// symlink and without blocking (a FIFO there would hang the open), and
// what is not a regular file is refused: a lock file is zenv's own, and
// whatever else sits at its name was put there by someone else.
func Lock(ctx context.Context, path string) (*FileLock, error) {
	l, err := openLock(path)
	if err != nil {
		return nil, err
	}
	for {
		ok, err := l.tryLock()
		if err != nil {
			l.close()
			return nil, fmt.Errorf("cannot lock %s: %w", path, BareError(err))
		}
		if ok {
			return &FileLock{l}, nil
		}
		select {
		case <-ctx.Done():
			l.close()
			return nil, ErrLockTimeout
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Stat describes the locked file (compare with os.Stat of its name to see
// that the name still leads to it).
func (l *FileLock) Stat() (fs.FileInfo, error) { return l.stat() }

// Unlock releases the lock and closes the file.
func (l *FileLock) Unlock() { l.close() }
