// Command zenv renders the environment a ZenML client needs, from one
// profile, for a shell or a CI system. It only wires: the commands live in
// internal/cmd, what they share in internal/cmdutil.
package main

import (
	"fmt"
	"os"

	"github.com/zenv-dev/zenv/internal/cmd/root"
	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
)

func main() {
	os.Exit(run(os.Args[1:], cmdutil.New()))
}

// run executes zenv with args and returns its exit code. Every error is
// printed once, on one line, through the redactor, its control characters
// escaped.
func run(args []string, f *cmdutil.Factory) int {
	cmd := root.NewCmdRootFor(f, args)
	cmd.SetArgs(args)
	ran, err := cmd.ExecuteC()
	werr := f.IOStreams.OutErr()
	switch {
	case werr != nil && iostreams.IsClosedPipe(werr) && root.QuietOnClosedPipe(ran):
		// `zenv --help | head -1`: the reader has seen enough.
		if iostreams.IsClosedPipe(err) {
			err = nil
		}
	case werr != nil && cmdutil.ExitCode(err) != cmdutil.ExitFailure:
		err = cmdutil.WriteError(werr) // --version or --help into a full disk
	}
	if err == nil {
		f.FlushWarnings()
		return cmdutil.ExitOK
	}
	if msg := err.Error(); msg != "" {
		fmt.Fprintf(f.IOStreams.ErrOut, "zenv: %s\n", f.Line(msg))
	}
	return cmdutil.ExitCode(err)
}
