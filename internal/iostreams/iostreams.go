// Package iostreams carries a command's standard streams, and the one
// decision about them that output depends on: whether they are terminals.
package iostreams

import (
	"io"
	"os"
	"sync"

	"github.com/mattn/go-isatty"
)

// IOStreams are the streams a command reads and writes.
type IOStreams struct {
	In        io.Reader
	Out       io.Writer
	ErrOut    io.Writer
	StdoutTTY bool // decided once, in System
	StdinTTY  bool
	StderrTTY bool

	out *recorder // Out, when System made it
}

// System returns the process's streams. Writes to stdout are recorded, so
// that a failure to write anything (a full disk, a closed pipe, even for
// --version or --help) ends zenv with exit 1 instead of a silent 0.
func System() *IOStreams {
	out := &recorder{w: os.Stdout}
	return &IOStreams{
		In:        os.Stdin,
		Out:       out,
		ErrOut:    os.Stderr,
		StdoutTTY: isTerminal(os.Stdout),
		StdinTTY:  isTerminal(os.Stdin),
		StderrTTY: isTerminal(os.Stderr),
		out:       out,
	}
}

// OutErr is the first error writing to stdout, if any.
func (s *IOStreams) OutErr() error {
	if s.out == nil {
		return nil
	}
	return s.out.err
}

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// recorder keeps the first write error. Before the first write it asks
// for EPIPE instead of SIGPIPE, so a closed pipe becomes an error zenv
// reports (exit 1) rather than a death by signal (exit 141); it does so
// only when zenv writes, to keep start-up free of it.
type recorder struct {
	w    io.Writer
	err  error
	once sync.Once
}

func (r *recorder) Write(p []byte) (int, error) {
	r.once.Do(func() {
		catchSIGPIPE()
		if stdoutWasClosed() {
			r.err = errStdoutClosed
		}
	})
	if r.err == errStdoutClosed {
		return 0, r.err
	}
	n, err := r.w.Write(p)
	if err != nil && r.err == nil {
		r.err = err
	}
	return n, err
}
