package config

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/zenv-dev/zenv/internal/fsutil"
)

// lockTimeout bounds the wait for another writer; an edit takes
// milliseconds, so ten seconds means something is stuck.
var lockTimeout = 10 * time.Second

// beforeWrite runs between reading and writing under the lock; the
// parallel-writer test widens the race window with it.
var beforeWrite = func() {}

// ReadDoc parses the config file at path without locking: writers replace the
// file by rename, so a reader sees the old file or the new one, never half.
// An absent file is an empty config.
func ReadDoc(path string) (*Doc, error) {
	target, err := resolve(path)
	if err != nil {
		return nil, err
	}
	data, err := readCapped(target)
	if err != nil {
		return nil, err
	}
	return parseDoc(target, data)
}

// Edit locks the config file at path, parses it (an absent file is an empty
// config, created with its directory), calls fn, and writes the result back
// atomically with mode 0600 if fn returned nil and changed something. A
// symlink is followed: its target is rewritten and the link stays. A file
// that fails to parse is left untouched. check, when not nil, gets the new
// file's bytes before they are written, and an error from it leaves the
// file as it was: commands that add profiles check them as zenv env would
// load them, so no edit writes a profile every other command refuses.
func Edit(path string, fn func(*Doc) error, check func([]byte) error) error {
	target, err := resolve(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create the config directory: %w", err)
	}
	// Whoever can replace the file could put a command in it: the folders
	// are checked before the lock is taken or a byte written.
	if err := fsutil.CheckFolder(dir, filepath.Base(target)); err != nil {
		return explainRead(target, err)
	}
	unlock, err := lock(target)
	if err != nil {
		return err
	}
	defer unlock()

	data, err := readCapped(target)
	if err != nil {
		return err
	}
	c, err := parseDoc(target, data)
	if err != nil {
		return err
	}
	if err := fn(c); err != nil {
		return err
	}
	if !c.changed {
		return nil
	}
	out, err := c.encode(data)
	if err != nil {
		return err
	}
	if check != nil {
		if err := check(out); err != nil {
			return err
		}
	}
	beforeWrite()
	return writeAtomic(target, out)
}

// resolve follows symlinks to the file an edit must change, and refuses
// what is not a regular file. A path that does not exist yet is returned
// as it is; a symlink to nothing is refused rather than guessed at.
func resolve(path string) (string, error) {
	target, err := filepath.EvalSymlinks(path)
	if errors.Is(err, fs.ErrNotExist) {
		if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return "", fmt.Errorf("%s is a symlink to a file that does not exist; create the file or point --config elsewhere", path)
		}
		return path, nil
	}
	if err != nil {
		return "", fmt.Errorf("cannot read config file: %w", err)
	}
	fi, err := os.Stat(target)
	if err != nil {
		return "", fmt.Errorf("cannot read config file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file; zenv reads and replaces only regular files", target)
	}
	return target, nil
}

// readCapped reads path as Read does (trusted, at most MaxSize bytes). An
// absent file reads as empty.
func readCapped(path string) ([]byte, error) {
	data, err := Read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return data, err
}

// lock takes PATH.lock with flock (LockFileEx on Windows). The kernel
// drops the lock when a process dies, so a crashed writer leaves no stale
// lock to time out; the lock file itself stays, as removing it would race.
// A symlink or a FIFO at the lock's name is refused, not followed or
// waited on (fsutil.Lock).
func lock(target string) (unlock func(), err error) {
	ctx, cancel := context.WithTimeout(context.Background(), lockTimeout)
	defer cancel()
	l, err := fsutil.Lock(ctx, target+".lock")
	if errors.Is(err, fsutil.ErrLockTimeout) {
		return nil, fmt.Errorf("another zenv has held %s.lock for %s; try again when it is done", target, lockTimeout)
	}
	if err != nil {
		return nil, fmt.Errorf("the config file's lock: %w", err)
	}
	return l.Unlock, nil
}

// writeAtomic replaces path with data: a temporary file in the same
// directory, synced, then renamed over path, so a crash leaves the old
// file or the new one. The mode is 0600 whatever the umask: the file may
// hold a key.
func writeAtomic(path string, data []byte) error {
	if err := fsutil.ReplaceFile(path, data); err != nil {
		return fmt.Errorf("cannot write the config file %s: %w", path, fsutil.BareError(err))
	}
	return nil
}
