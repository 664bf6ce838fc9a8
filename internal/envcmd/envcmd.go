// Package envcmd runs `zenv env`: it resolves the profile, reads the key only
// when the output needs it, renders, and writes the bytes. All output is
// built before anything is written, so a refusal leaves stdout empty.
package envcmd

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/render"
)

// Options are what `zenv env` was asked to do.
type Options struct {
	IO *iostreams.IOStreams

	Target        string
	Form          string
	Setup         bool
	Unset         bool
	InlineSecrets bool

	Config    string
	Profile   string
	Output    string // write here, mode 0600, instead of stdout
	Overrides profile.Overrides

	// Source and KeyIO default to the real system; tests replace them.
	Source *profile.Source
	KeyIO  *profile.IO
}

// WriteError is a failure to write the output, the one error that is not
// the user's input (exit 1 rather than 2).
type WriteError struct{ Err error }

func (e *WriteError) Error() string { return "cannot write the output: " + e.Err.Error() }
func (e *WriteError) Unwrap() error { return e.Err }

// Run renders the profile for the target and writes it to opts.IO.Out.
func Run(opts *Options) error {
	t, err := render.Lookup(opts.Target)
	if err != nil {
		return err
	}
	form := opts.Form
	if opts.Setup {
		if form != "" && form != "setup" {
			return fmt.Errorf("--setup and --form %s both pick the output; keep one", form)
		}
		form = "setup"
	}
	f, err := t.Form(form)
	if err != nil {
		if opts.Setup {
			return fmt.Errorf("--setup is for the github target; %s has nothing to set up", t.Name)
		}
		return err
	}
	ropts := render.Options{Form: f.Name, Unset: opts.Unset, InlineSecrets: opts.InlineSecrets}

	src := opts.Source
	if src == nil {
		s := profile.OSSource(opts.Config, opts.Profile)
		src = &s
	}
	ov := opts.Overrides
	ov.ForUnset = opts.Unset
	p, warnings, err := profile.Load(*src, ov)
	warn(opts.IO, warnings)
	if err != nil {
		return err
	}

	var key string
	if render.NeedsKey(t, f, p, ropts) {
		kio := opts.KeyIO
		if kio == nil {
			kio = &profile.IO{Getenv: os.Getenv, Stdin: opts.IO.In, Stderr: opts.IO.ErrOut, ReadFile: os.ReadFile, Stat: os.Stat}
		}
		if p.Key.Kind == profile.KeyStdin && opts.IO.StdinTTY {
			fmt.Fprintln(opts.IO.ErrOut, "zenv: reading the api key from standard input; end it with Ctrl-D")
		}
		var kw []string
		key, kw, err = profile.ReadKey(p.Key, *kio)
		warn(opts.IO, kw)
		if err != nil {
			return err
		}
	}

	out, err := render.Render(t, p, key, ropts)
	if err != nil {
		return err
	}
	if opts.InlineSecrets {
		warn(opts.IO, []string{"the output holds the api key in plain text (--inline-secrets); do not commit it, and keep any file it goes to private"})
	}
	if opts.Output != "" {
		if err := writePrivate(opts.Output, out); err != nil {
			return &WriteError{err}
		}
		return nil
	}
	if opts.IO.StdoutTTY {
		fmt.Fprintf(opts.IO.ErrOut, "zenv: to apply this, run: %s\n", fmt.Sprintf(t.Apply, render.Command(t, f, p, ropts)))
	}
	if _, err := opts.IO.Out.Write(out); err != nil {
		return &WriteError{err}
	}
	return nil
}

// writePrivate replaces path with data, readable by its owner only. The
// data is written to a new 0600 file beside it and renamed over it, so
// the key is never in a file others can read, not even for a moment, and a
// reader never sees half a file.
func writePrivate(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".zenv-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func warn(io *iostreams.IOStreams, warnings []string) {
	for _, w := range warnings {
		fmt.Fprintf(io.ErrOut, "zenv: warning: %s\n", w)
	}
}
