//go:build unix

package lint

import (
	"os"
	"syscall"
)

// openNoFollow opens a file for reading without following a symbolic link
// that replaced it since the walk saw it, and without blocking on a FIFO.
func openNoFollow(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
}
