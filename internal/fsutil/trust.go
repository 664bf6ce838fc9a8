package fsutil

import (
	"fmt"
	"io"
)

// UntrustedError says why a file zenv would read (a config file that can
// run commands, a key file) or a folder it would write a key into could be
// changed by someone other than the user, and how to fix it. Problem names
// the file or folder at fault; Fix is the command or step that repairs it.
type UntrustedError struct {
	Path    string // the file or folder at fault
	Problem string // e.g. "folder /srv can be written by group or others"
	Fix     string // e.g. "run chmod go-w /srv"
}

func (e *UntrustedError) Error() string { return e.Problem + "; " + e.Fix }

// NotRegularError is a path that names something other than a regular
// file: a FIFO would block a read, /dev/zero never ends, and a directory is
// a mistake.
type NotRegularError struct{ Path string }

func (e *NotRegularError) Error() string { return e.Path + " is not a regular file" }

// ReadTrusted reads the file at path through OpenTrusted, at most limit
// bytes; more is an error that says how large the file may be.
func ReadTrusted(path string, limit int64) ([]byte, error) {
	f, err := OpenTrusted(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Path: path, Limit: limit}
	}
	return data, nil
}

// TooLargeError is a file above the size a caller reads.
type TooLargeError struct {
	Path  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %d KiB", e.Path, e.Limit>>10)
}
