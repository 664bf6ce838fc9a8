package shelldetect

import (
	"errors"
	"io"
	"os"
)

// OS is the real system.
type OS struct{}

func (OS) Getppid() int                         { return os.Getppid() }
func (OS) Getenv(name string) string            { return os.Getenv(name) }
func (OS) ReadLink(path string) (string, error) { return os.Readlink(path) }

// ReadFile reads at most 4 KiB: /proc/PID/comm holds 16 bytes.
func (OS) ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 4<<10))
}

var errUnsupported = errors.New("not read on this system")
