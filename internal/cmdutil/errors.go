package cmdutil

import (
	"errors"
	"strings"
)

// Exit codes, documented in the README.
const (
	ExitOK      = 0
	ExitFailure = 1 // zenv could not write its output; a check failed
	ExitInput   = 2 // bad input or a refused value; stdout is empty
)

// ExitError carries the exit code an error ends zenv with. Errors without
// one are input errors (exit 2).
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// WriteError is a failure to write the output, the one error of `zenv env`
// that is not the user's input (exit 1 rather than 2).
func WriteError(err error) error {
	return &ExitError{Code: ExitFailure, Err: &writeError{err}}
}

type writeError struct{ err error }

func (e *writeError) Error() string { return "cannot write the output: " + e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

// SilentError ends zenv with code and prints nothing more: the command has
// already said what went wrong (a failed check).
type SilentError struct{ Code int }

func (e *SilentError) Error() string { return "" }

// ExitCode maps an error to zenv's exit code.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var se *SilentError
	if errors.As(err, &se) {
		return se.Code
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return ExitInput
}

// OneLine keeps a message on one line, whatever a value held.
func OneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(strings.TrimSpace(s))
}
