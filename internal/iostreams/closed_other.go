//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package iostreams

import "errors"

var errStdoutClosed = errors.New("standard output was closed")

func stdoutWasClosed() bool { return false }
