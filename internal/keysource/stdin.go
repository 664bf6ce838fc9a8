package keysource

import (
	"context"
	"fmt"
)

var stdinKind = Kind{
	Name: "stdin", Flag: "api-key-stdin", Bool: true,
	Usage: "read the api key from standard input",
	New:   func(_, origin string) Source { return Stdin{From: origin} },
}

// Stdin reads the key from standard input.
type Stdin struct{ From string }

func (s Stdin) Kind() string                  { return "stdin" }
func (s Stdin) Origin() string                { return s.From }
func (s Stdin) Describe() string              { return "standard input" }
func (s Stdin) ShellCommand() (string, error) { return "", nil }

func (s Stdin) Read(_ context.Context, sys System) ([]byte, error) {
	if sys.StdinTTY && sys.Stderr != nil {
		fmt.Fprintln(sys.Stderr, "zenv: reading the api key from standard input; end it with Ctrl-D")
	}
	b, err := readLimited(sys.Stdin, "standard input")
	if err != nil {
		return nil, fmt.Errorf("api key: cannot read standard input: %w", err)
	}
	return b, nil
}
