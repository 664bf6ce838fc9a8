package render

import (
	"fmt"
	"sort"
	"strings"

	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// Target is one kind of output: a shell, a CI file, a dotenv file.
type Target struct {
	Name        string
	Aliases     []string
	Description string
	// Apply is how a user applies the output; %s stands for the zenv
	// command. It goes into the header comment and the terminal hint.
	Apply string
	// Forms are the shapes of output; the first is the default.
	Forms []Form
	// FoldCase: the target compares variable names case-insensitively
	// (Windows, GitHub), so two names differing only in case are refused.
	FoldCase bool
	// CRLF: lines end in CR LF (cmd needs it for batch files).
	CRLF bool
}

// Form is one shape of a target's output, rendered from one template.
type Form struct {
	Name        string // "" for the default form
	Description string
	Template    string // file name in templates/
	// Quote writes a value as a literal of this form, or refuses it.
	Quote func(string) (string, error)
	// Ref, when set, may write a variable as a reference instead of a
	// literal (a CI secret, a Prefect Secret block); ok reports whether it
	// did. References never hold a value.
	Ref func(v Var, p *profile.Profile) (ref string, ok bool)
	// NoKey: the form never writes the key's value (setup commands that
	// pipe it from its source), so the key is not read.
	NoKey bool
	// Check, when set, checks one finished assignment (cmd's line limit).
	Check func(name, text string) error
	// Unset: the form can print removal commands.
	Unset bool
	// Heredoc: values are written between delimiter lines, so a value must
	// not hold the delimiter.
	Heredoc bool
}

// Form returns the named form; "" is the default.
func (t *Target) Form(name string) (*Form, error) {
	if name == "" {
		return &t.Forms[0], nil
	}
	var names []string
	for i := range t.Forms {
		if t.Forms[i].Name == name {
			return &t.Forms[i], nil
		}
		if t.Forms[i].Name != "" {
			names = append(names, t.Forms[i].Name)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("target %s has no --form %q: it has a single form", t.Name, name)
	}
	hint := ""
	if c := zenml.Closest(name, names); c != "" {
		hint = fmt.Sprintf(" did you mean %q?", c)
	}
	return nil, fmt.Errorf("target %s has no --form %q;%s forms: %s", t.Name, name, hint, strings.Join(names, ", "))
}

// Lookup finds a target by name or alias, case-insensitively. An unknown
// name gets the list of targets and the nearest one.
func Lookup(name string) (*Target, error) {
	want := strings.ToLower(name)
	for i := range Targets {
		t := &Targets[i]
		if t.Name == want {
			return t, nil
		}
		for _, a := range t.Aliases {
			if a == want {
				return t, nil
			}
		}
	}
	names := TargetNames()
	all := append([]string(nil), names...)
	for _, t := range Targets {
		all = append(all, t.Aliases...)
	}
	hint := ""
	if c := zenml.Closest(want, all); c != "" {
		hint = fmt.Sprintf(" did you mean %q?", c)
	}
	return nil, fmt.Errorf("unknown target %q;%s targets: %s", name, hint, strings.Join(names, ", "))
}

// TargetNames lists the targets' names, sorted.
func TargetNames() []string {
	names := make([]string, len(Targets))
	for i, t := range Targets {
		names[i] = t.Name
	}
	sort.Strings(names)
	return names
}
