package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	oskeyring "github.com/zenv-dev/zenv/internal/keyring"
	"github.com/zenv-dev/zenv/internal/keysource"
)

// ReadKeyFromStdin reads an api key to store: typed or pasted without echo
// when standard input is a terminal, else read from the pipe (capped, one
// trailing line break dropped). Like ReadKey, it warns about a key that
// does not look like a ZenML key and adds the key to the redactor.
func (f *Factory) ReadKeyFromStdin(what string) (string, error) {
	var key string
	var warnings []string
	if file, ok := f.IOStreams.In.(*os.File); ok && f.IOStreams.StdinTTY {
		fmt.Fprintf(f.IOStreams.ErrOut, "zenv: paste the api key for %s (it will not show), then press Enter: ", what)
		raw, err := term.ReadPassword(int(file.Fd()))
		fmt.Fprintln(f.IOStreams.ErrOut)
		if err != nil {
			return "", fmt.Errorf("cannot read the key from the terminal: %w", err)
		}
		if len(raw) > keysource.MaxKeyBytes {
			return "", fmt.Errorf("the key is longer than %d KiB, which is not an api key", keysource.MaxKeyBytes>>10)
		}
		key = strings.TrimSpace(string(raw))
		if key == "" {
			return "", errors.New("no key was typed; nothing was stored")
		}
		if msg := keysource.ShapeProblem(key); msg != "" {
			warnings = append(warnings, "the key "+msg+"; ZenML will probably reject it")
		}
	} else {
		var err error
		sys := keysource.System{Getenv: f.Getenv, Stdin: f.IOStreams.In, Stderr: f.IOStreams.ErrOut}
		key, warnings, err = keysource.ReadKey(context.Background(), keysource.Stdin{From: "standard input"}, sys)
		if err != nil {
			return "", err
		}
	}
	f.Redactor.Add(key)
	f.Warn(warnings...)
	return key, nil
}

// Keyring opens the OS keyring with the timeout from the environment.
func (f *Factory) Keyring() (*oskeyring.Store, error) {
	getenv := f.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	return oskeyring.New(getenv)
}
