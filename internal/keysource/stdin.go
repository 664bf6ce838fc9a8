package keysource

import (
	"context"
	"fmt"
	"os"
	"time"

	"golang.org/x/term"
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
	// On a terminal, read one line without echo, as `zenml login
	// --api-key` does: the key must not stay on the screen or in a
	// terminal recording.
	if f, ok := sys.Stdin.(*os.File); ok && sys.StdinTTY && term.IsTerminal(int(f.Fd())) {
		if sys.Stderr != nil {
			fmt.Fprint(sys.Stderr, "zenv: paste the api key (it is not shown), then Enter: ")
		}
		b, err := term.ReadPassword(int(f.Fd()))
		if sys.Stderr != nil {
			fmt.Fprintln(sys.Stderr)
		}
		if err != nil {
			return nil, fmt.Errorf("api key: cannot read the terminal: %w", err)
		}
		if len(b) > MaxKeyBytes {
			return nil, fmt.Errorf("api key: more than %d KiB from the terminal, which is not an api key", MaxKeyBytes>>10)
		}
		return b, nil
	}
	// A pipe that stays open (a producer that never exits) must not hang
	// the shell: the read gets the same time limit as a key command.
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := readLimited(sys.Stdin, "standard input")
		done <- result{b, err}
	}()
	var b []byte
	var err error
	select {
	case r := <-done:
		b, err = r.b, r.err
	case <-time.After(sys.Timeout):
		return nil, fmt.Errorf("api key: standard input did not end within %s; close it after the key (echo ... | zenv), or raise --api-key-timeout", sys.Timeout)
	}
	if err != nil {
		return nil, fmt.Errorf("api key: cannot read standard input: %w", err)
	}
	return b, nil
}
