//go:build windows

package iostreams

import (
	"errors"

	"golang.org/x/sys/windows"
)

// IsClosedPipe reports whether err is a write into a pipe whose reader
// has gone: Windows says ERROR_NO_DATA ("the pipe is being closed") or
// ERROR_BROKEN_PIPE.
func IsClosedPipe(err error) bool {
	return errors.Is(err, windows.ERROR_NO_DATA) || errors.Is(err, windows.ERROR_BROKEN_PIPE)
}
