// Package teststreams gives tests I/O streams backed by buffers. It lives
// outside internal/iostreams so that the binary carries no test helper.
package teststreams

import (
	"bytes"

	"github.com/zenv-dev/zenv/internal/iostreams"
)

// New returns streams backed by buffers, none a terminal, and the buffers.
func New() (*iostreams.IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &iostreams.IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}
