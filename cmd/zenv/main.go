// Command zenv renders the environment a ZenML client needs, from one
// profile, for a shell or a CI system.
package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/zenv-dev/zenv/internal/envcmd"
	"github.com/zenv-dev/zenv/internal/iostreams"
)

// Exit codes, documented in the README.
const (
	exitOK      = 0
	exitFailure = 1 // zenv could not write its output
	exitInput   = 2 // bad input or a refused value; stdout is empty
)

func main() {
	io := iostreams.System()
	os.Exit(run(os.Args[1:], io))
}

func run(args []string, io *iostreams.IOStreams) int {
	root := newCmdRoot(io)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(io.ErrOut, "zenv: %s\n", oneLine(err.Error()))
	var we *envcmd.WriteError
	if errors.As(err, &we) {
		return exitFailure
	}
	return exitInput
}

// oneLine keeps every error on one line, whatever a value held.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(strings.TrimSpace(s))
}
