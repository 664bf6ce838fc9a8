// Package cmdutil holds what every zenv command needs, once: the I/O
// streams, the profile flags, "resolve the profile and, only when needed,
// read its key", warnings, the redactor every message passes through, and
// the error type that carries an exit code. It follows the GitHub CLI's
// pkg/cmdutil: commands get a Factory and build nothing of their own.
package cmdutil

import (
	"fmt"
	"os"

	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/textsafe"
)

// Factory is what commands share. Tests build one with Test streams and
// their own Getenv and ProfileSource.
type Factory struct {
	IOStreams *iostreams.IOStreams
	Getenv    func(string) string
	// ProfileSource says where profiles are read from for the given
	// --config and --profile flags.
	ProfileSource func(configFlag, profileFlag string) profile.Source
	// Redactor filters every message; keys read are added to it.
	Redactor *redact.Redactor

	pending []string // warnings held until the command succeeds
}

// New returns the Factory of a real run.
func New() *Factory {
	return &Factory{
		IOStreams:     iostreams.System(),
		Getenv:        os.Getenv,
		ProfileSource: profile.OSSource,
		Redactor:      &redact.Redactor{},
	}
}

// Warn queues one warning per message. They are printed, redacted, when
// the command succeeds (FlushWarnings), and dropped when it fails: a
// refusal is exactly one line on stderr.
func (f *Factory) Warn(msgs ...string) {
	f.pending = append(f.pending, msgs...)
}

// FlushWarnings prints the queued warnings, each once (zenv doctor --all
// loads every profile, and each load warns about the broken others). main
// calls it after a command succeeds; a command that hands over the process
// (zenv run) or prints a report calls it first.
func (f *Factory) FlushWarnings() {
	seen := map[string]bool{}
	for _, m := range f.pending {
		if seen[m] {
			continue
		}
		seen[m] = true
		fmt.Fprintf(f.IOStreams.ErrOut, "zenv: warning: %s\n", f.Line(m))
	}
	f.pending = nil
}

// Notice prints an informational line on stderr, redacted.
func (f *Factory) Notice(msg string) {
	fmt.Fprintf(f.IOStreams.ErrOut, "zenv: %s\n", f.Line(msg))
}

// Line is msg as zenv prints it on stderr: one line, redacted, and then
// its control characters escaped (textsafe), after redaction so that an
// escape cannot split a key the redactor would have matched.
func (f *Factory) Line(msg string) string {
	return textsafe.Escape(f.Redactor.String(OneLine(msg)))
}
