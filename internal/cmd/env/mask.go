package env

import (
	"bytes"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/zenv-dev/zenv/render"
)

// Output that eval, source or a pipe reads never sees a terminal, so the
// key is hidden only from a person's screen (someone looking over a
// shoulder, a screen share, a terminal recording). What stands in for it is
// the form's render.Form.Mask, a syntax error in its target, so a pasted
// mask never sets a wrong key; a form without one (a file format such as
// dotenv, which has no syntax to break) is printed as it is.

// addRevealFlag declares --reveal.
func addRevealFlag(fl *pflag.FlagSet, reveal *bool) {
	fl.BoolVar(reveal, "reveal", false, "print the api key on a terminal too (it is hidden there; pipes and files always get it)")
}

// maskOnTerminal hides every secret value of out when it goes to a
// terminal, and says on stderr how to see it. Anywhere else out is
// returned as it is, byte for byte.
func maskOnTerminal(opts *EnvOptions, t *render.Target, f *render.Form, vars []render.Var, out []byte) ([]byte, error) {
	if !opts.IO.StdoutTTY || opts.Reveal || opts.Unset || opts.Output != "" && opts.Output != "-" {
		return out, nil
	}
	mask := f.Mask
	if mask == "" {
		return out, nil
	}
	masked := out
	hidden := false
	for _, v := range vars {
		if !v.Secret || v.Value == "" {
			continue
		}
		quoted, err := f.Quote(v.Value)
		if err != nil || !bytes.Contains(masked, []byte(quoted)) {
			continue // a reference, not the value
		}
		if t.LineByLine {
			unset, err := unsetLines(t, f, v.Name, opts.Profile.AllowNames)
			if err != nil {
				return nil, err
			}
			masked = insertBefore(masked, []byte(quoted), unset)
		}
		masked = bytes.ReplaceAll(masked, []byte(quoted), []byte(mask))
		hidden = true
		// Elsewhere the value is data, not an assignment (github-env's
		// ::add-mask:: line, which runs before the line that fails).
		if len(v.Value) >= 8 {
			masked = bytes.ReplaceAll(masked, []byte(v.Value), []byte("hidden"))
		}
	}
	if hidden {
		opts.Notice("the key is hidden on a terminal (a hidden line fails if pasted); add --reveal to print it, or pipe the output: eval and pipes always get it")
	}
	return masked, nil
}

// unsetLines are the lines of t's form f that remove the variable name,
// rendered by render (its --unset output without the comments).
func unsetLines(t *render.Target, f *render.Form, name string, allow []string) ([]byte, error) {
	plan, err := render.Prepare(t, f, render.Input{Vars: []render.Var{{Name: name}}}, render.Options{Unset: true, AllowNames: allow})
	if err != nil {
		return nil, err
	}
	out, err := plan.Render("")
	if err != nil {
		return nil, err
	}
	var lines []byte
	for _, line := range bytes.SplitAfter(out, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 || t.Comment != "" && bytes.HasPrefix(line, []byte(t.Comment)) {
			continue
		}
		lines = append(lines, line...)
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("%s has no line that removes %s, so the key cannot be hidden safely; add --reveal or pipe the output", t.Name, name)
	}
	return lines, nil
}

// insertBefore puts lines before every line of out that contains s.
func insertBefore(out, s, lines []byte) []byte {
	var b []byte
	for _, line := range bytes.SplitAfter(out, []byte("\n")) {
		if bytes.Contains(line, s) {
			b = append(b, lines...)
		}
		b = append(b, line...)
	}
	return b
}
