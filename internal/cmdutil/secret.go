package cmdutil

import (
	"context"
	"os"

	oskeyring "github.com/zenv-dev/zenv/internal/keyring"
	"github.com/zenv-dev/zenv/internal/keysource"
)

// ReadKeyFromStdin reads an api key to store, from standard input (on a
// terminal without echo, as keysource.Stdin reads it). Like ReadKey, it
// warns about a key that does not look like a ZenML key and adds the key
// to the redactor.
func (f *Factory) ReadKeyFromStdin() (string, error) {
	sys := keysource.System{
		Getenv: f.Getenv, Stdin: f.IOStreams.In, StdinTTY: f.IOStreams.StdinTTY,
		StderrTTY: f.IOStreams.StderrTTY, Stderr: f.IOStreams.ErrOut,
		Warn: func(m string) { f.Warn(m) },
	}
	key, warnings, err := keysource.ReadKey(context.Background(), keysource.Stdin{From: "standard input"}, sys)
	f.Redactor.Add(key)
	f.Warn(warnings...)
	return key, err
}

// Keyring opens the OS keyring with the timeout from the environment.
func (f *Factory) Keyring() (*oskeyring.Store, error) {
	getenv := f.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	return oskeyring.New(getenv)
}
