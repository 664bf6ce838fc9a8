package render

import (
	"fmt"
	"sort"
	"strings"

	"github.com/zenv-dev/zenv/render/names"
)

// Target is one kind of output: a shell, a CI file, a dotenv file.
type Target struct {
	Name    string
	Aliases []string
	// Title names the target in its own header comment ("POSIX sh");
	// templates shared by several targets use it.
	Title       string
	Description string
	// Apply is how a user applies the output; %s stands for the zenv
	// command. It goes into the header comment and the terminal hint.
	Apply string
	// Comment starts a comment line that is inert in every way the output
	// is documented to be applied ("#"; "@rem" for cmd, whose lines FOR /f
	// runs one by one), or is "" when one of those ways has no comment: an
	// interactive tcsh runs a # line as a command, JSON has none. Then the
	// output holds nothing but its statements (TestCommentLinesAreInert).
	Comment string
	// LineByLine: a shell that runs a paste of the output line by
	// line (bash, zsh, sh, tcsh, cmd), so a masked line must come right
	// after the key's own unset line, or the lines before it would leave
	// the old key set. fish, PowerShell and nushell parse the whole input
	// first and apply nothing.
	LineByLine bool
	// Forms are the shapes of output; the first is the default.
	Forms []Form
	// Settings are the target's own profile settings (a CI secret's name,
	// ...): the config keys, flags, help and validation come from here.
	Settings []Setting
	// FoldCase: the target compares variable names case-insensitively
	// (Windows, GitHub), so two names differing only in case are refused.
	FoldCase bool
	// CRLF: lines end in CR LF (cmd needs it for batch files).
	CRLF bool
	// Names are the variable names the target treats specially (read-only,
	// evaluated, run); render refuses them, and every target refuses the
	// names that load code (names.Code), unless Options.AllowNames lets
	// one through.
	Names *names.Table
}

// Setting is a profile setting a target declares for itself.
type Setting struct {
	Key      string // config file key, e.g. prefect_block
	Flag     string // command-line flag without dashes, e.g. prefect-block
	Default  string // "" for none
	Usage    string // flag help; `NAME` in backquotes names the argument
	Validate func(string) error
}

// Form is one shape of a target's output, rendered from one template.
type Form struct {
	Name string // "" for the default form
	// Aliases are other names --form accepts for this form (a form that
	// became the default keeps its old name working).
	Aliases     []string
	Description string
	Template    string // file name in templates/
	// Apply, when set, replaces the target's Apply for this form (a whole
	// file, a setup script): see ApplyHint.
	Apply string
	// Quote writes a value as a literal of this form, or refuses it. Every
	// quoting function has a fuzz test with an oracle in render/quote.
	Quote func(string) (string, error)
	// Ref, when set, may write a variable as a reference instead of a
	// literal (a CI secret, a Prefect Secret block); ok reports whether it
	// did. References never hold a value. settings holds every declared
	// setting of the target, defaults applied.
	Ref func(v Var, settings map[string]string) (ref string, ok bool)
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
	// EnvPath, for a YAML form, is where the variables sit in the
	// document (mapping keys; a sequence item by its index, "0" for the
	// first). Tests parse the output and read every value back there.
	EnvPath []string
	// Names, when set, replaces the target's Names for this form (Prefect's
	// pull step, whose variables are a step's arguments).
	Names *names.Table
	// Mask stands in for the key's value when the output goes to a
	// terminal (zenv env hides it there). It must be a syntax error in the
	// form, so a pasted mask never sets a wrong key: bash, dash, zsh, fish
	// and tcsh refuse <hidden> (a redirection with no file), and nushell
	// (0.115) as an external call in an assignment (proven in the real
	// shells by internal/cmd/env's mask_test.go when installed); PowerShell
	// reserves < (a parse error, so Invoke-Expression runs nothing). In
	// cmd the " ends the set's quotes and the line fails on its
	// redirections before set runs (tried under wine 8). In YAML *hidden
	// names an anchor that does not exist; JSON has no bare words. ""
	// prints the value as it is: a file format such as dotenv has no
	// syntax to break, and is written with -o.
	Mask string
}

// SpecialName returns why form f of target t refuses the variable name, or
// "" when the name is ordinary there.
func SpecialName(t *Target, f *Form, name string) string {
	table := t.Names
	if f.Names != nil {
		table = f.Names
	}
	return names.Refused(table, name)
}

// NameError is a variable name the target treats specially, refused unless
// allowed by name.
type NameError struct {
	Form string // the target, and its form when not the default
	Name string
	Why  string
}

func (e *NameError) Error() string {
	return fmt.Sprintf("%s refuses the variable %s: %s; pass --allow-name %s to set it anyway", e.Form, e.Name, e.Why, e.Name)
}

// Warning is what to say when --allow-name lets the name through.
func (e *NameError) Warning() string {
	return fmt.Sprintf("setting %s as --allow-name asks, though %s", e.Name, e.Why)
}

// NotFoundError is an unknown target or form. Hint, when the caller sets
// it, is the nearest known name ("did you mean").
type NotFoundError struct {
	What    string // "target" or "form"
	Name    string
	Target  string   // for a form: its target
	Choices []string // the known names, as zenv targets lists them
	// Accepted is every name the lookup takes (Choices and the aliases),
	// for the hint; nil means Choices.
	Accepted []string
	Hint     string
}

func (e *NotFoundError) Error() string {
	hint := ""
	if e.Hint != "" {
		hint = fmt.Sprintf(" did you mean %q?", e.Hint)
	}
	if e.What == "form" {
		if len(e.Choices) == 0 {
			return fmt.Sprintf("target %s has no --form %q: it has a single form, %s (drop --form)", e.Target, e.Name, DefaultForm)
		}
		return fmt.Sprintf("target %s has no --form %q;%s forms: %s", e.Target, e.Name, hint, strings.Join(e.Choices, ", "))
	}
	return fmt.Sprintf("unknown target %q;%s targets: %s", e.Name, hint, strings.Join(e.Choices, ", "))
}

// ApplyHint is how a user applies the output of form f of t, cmd being
// the zenv command that prints it: the form's Apply, else the target's.
func ApplyHint(t *Target, f *Form, cmd string) string {
	if f.Apply != "" {
		return fmt.Sprintf(f.Apply, cmd)
	}
	return fmt.Sprintf(t.Apply, cmd)
}

// DefaultForm is how the first form of a target is named where forms are
// listed (zenv targets, an unknown --form's refusal), and a name --form
// takes for it.
const DefaultForm = "default"

// DisplayName is the form's name as zenv lists it: DefaultForm for the
// first, unnamed form.
func (f *Form) DisplayName() string {
	if f.Name == "" {
		return DefaultForm
	}
	return f.Name
}

// Form returns the named form; "" and DefaultForm are the default.
func (t *Target) Form(name string) (*Form, error) {
	if name == "" || name == DefaultForm {
		return &t.Forms[0], nil
	}
	var names, accepted []string
	for i := range t.Forms {
		if t.Forms[i].Name == name {
			return &t.Forms[i], nil
		}
		for _, a := range t.Forms[i].Aliases {
			if a == name {
				return &t.Forms[i], nil
			}
		}
		names = append(names, t.Forms[i].DisplayName())
		accepted = append(accepted, t.Forms[i].DisplayName())
		accepted = append(accepted, t.Forms[i].Aliases...)
	}
	if len(names) == 1 {
		names, accepted = nil, nil // a single form: nothing to choose
	}
	return nil, &NotFoundError{What: "form", Name: name, Target: t.Name, Choices: names, Accepted: accepted}
}

// Lookup finds a target by name or alias, case-insensitively.
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
	return nil, &NotFoundError{What: "target", Name: name, Choices: TargetNames()}
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

// AllNames lists every name and alias a user may give, sorted.
func AllNames() []string {
	var names []string
	for _, t := range Targets {
		names = append(names, t.Name)
		names = append(names, t.Aliases...)
	}
	sort.Strings(names)
	return names
}

// Settings lists every target's settings, each config key once, in
// registry order. Two targets may share a setting only by declaring it
// alike (TestSharedSettingsAgree).
func Settings() []Setting {
	var all []Setting
	seen := map[string]bool{}
	for _, t := range Targets {
		for _, s := range t.Settings {
			if !seen[s.Key] {
				seen[s.Key] = true
				all = append(all, s)
			}
		}
	}
	return all
}

// SettingsOf returns the target's declared settings, the given values laid
// over the defaults. A setting with neither is absent.
func SettingsOf(t *Target, given map[string]string) map[string]string {
	m := make(map[string]string, len(t.Settings))
	for _, s := range t.Settings {
		if v, ok := given[s.Key]; ok && v != "" {
			m[s.Key] = v
		} else if s.Default != "" {
			m[s.Key] = s.Default
		}
	}
	return m
}
