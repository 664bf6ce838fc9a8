//go:build !unix

package fsutil

import "os"

// OpenTrusted opens path and refuses what is not a regular file. Windows
// guards files with ACLs, not the mode bits and owners checked on Unix;
// the user profile directory is private.
func OpenTrusted(path string) (*os.File, error) { return OpenRegular(path) }

// OpenRegular opens path for reading and refuses what is not a regular
// file.
func OpenRegular(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if fi2, err := f.Stat(); err != nil || !fi2.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{Path: path}
	}
	return f, nil
}

// CheckFolder has nothing to check on Windows (see OpenTrusted).
func CheckFolder(dir, name string) error { return nil }
