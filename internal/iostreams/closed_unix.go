//go:build linux || darwin || freebsd || netbsd || openbsd

package iostreams

import (
	"errors"

	"golang.org/x/sys/unix"
)

// errStdoutClosed: zenv started with stdout closed (`zenv env bash >&-`).
// The Go runtime then opens /dev/null read-write in its place, so output
// would vanish and zenv exit 0; a shell redirect to /dev/null opens it
// write-only, which this tells apart.
var errStdoutClosed = errors.New("standard output was closed when zenv started, so the output would be lost; give it somewhere to go, or use -o PATH")

func stdoutWasClosed() bool {
	flags, err := unix.FcntlInt(1, unix.F_GETFL, 0)
	if err != nil || flags&unix.O_ACCMODE != unix.O_RDWR {
		return false
	}
	var st, null unix.Stat_t
	if unix.Fstat(1, &st) != nil || unix.Stat("/dev/null", &null) != nil {
		return false
	}
	return st.Mode&unix.S_IFMT == unix.S_IFCHR && st.Rdev == null.Rdev
}

// IsClosedPipe reports whether err is a write into a pipe whose reader
// has gone (`zenv --help | head -1`).
func IsClosedPipe(err error) bool { return errors.Is(err, unix.EPIPE) }
