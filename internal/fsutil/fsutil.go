// Package fsutil holds the two file-system habits several commands share:
// replacing a file so that no reader sees half of it and no one else can
// read it, and errors that name the user's path rather than a temporary
// file's.
package fsutil

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// ReplaceFile replaces path with data through a new 0600 file beside it,
// synced and renamed over it, then syncs the folder so the rename lasts.
// The data is never in a file others can read, not even for a moment.
func ReplaceFile(path string, data []byte) error {
	return replaceFile(path, data, func(tmp *os.File) error { return tmp.Chmod(0o600) })
}

// ReplaceFileLike replaces path with data as ReplaceFile does, for a file
// that holds no secret: the new file gets the mode of like (the file it
// replaces) and, where the system lets zenv give it (as root, or a group
// the user is in), its owner and group, before it takes the name, so
// nobody sees the file with another owner or mode.
func ReplaceFileLike(path string, data []byte, like os.FileInfo) error {
	return replaceFile(path, data, func(tmp *os.File) error {
		if err := keepOwner(tmp, like); err != nil {
			return err
		}
		return tmp.Chmod(like.Mode().Perm())
	})
}

func replaceFile(path string, data []byte, prepare func(*os.File) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".zenv-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	err = prepare(tmp)
	if err == nil {
		_, err = tmp.Write(data)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = rename(tmp.Name(), path)
	}
	if err != nil {
		return err
	}
	// Windows cannot open a folder to sync it, and needs no such step.
	if runtime.GOOS != "windows" {
		if d, err := os.Open(dir); err == nil {
			d.Sync()
			d.Close()
		}
	}
	return nil
}

// rename is os.Rename, retried briefly on Windows, where replacing a file
// fails while another process (a zenv env reading it) has it open.
func rename(from, to string) error {
	err := os.Rename(from, to)
	for i := 0; err != nil && runtime.GOOS == "windows" && i < 10; i++ {
		time.Sleep(20 * time.Millisecond)
		err = os.Rename(from, to)
	}
	return err
}

// BareError drops the *PathError or *LinkError wrapper, whose path may be
// a temporary file's or say what the caller's message says already.
func BareError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
