package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"text/template"

	"github.com/zenv-dev/zenv/render/names"
	"github.com/zenv-dev/zenv/render/quote"
	"github.com/zenv-dev/zenv/templates"
)

// Options are the choices of one rendering besides the profile.
type Options struct {
	Form          string
	Unset         bool
	InlineSecrets bool // write the key as a literal where the target would reference it
	// AllowNames are variable names to write although the target treats
	// them specially (SpecialName); the caller warns about each.
	AllowNames []string
}

// Data is what a template sees.
type Data struct {
	Target    string
	Form      string
	Profile   string            // profile name; "" when built from flags
	Settings  map[string]string // the target's settings, defaults applied
	Command   string            // the zenv command that prints this output; "" when unknown
	Commands  map[string]string // the commands of the target's forms, by form name
	Apply     string            // how to apply it
	Unset     bool
	Inline    bool
	URL       string // the server url, for setup commands
	Vars      []Line
	Clear     []string // names to remove as well (forms that can unset)
	Delimiter string   // for heredoc forms
	// KeyCommand is a shell command that prints the key on stdout, for
	// setup instructions; "" when the key source has none.
	KeyCommand string
}

// Line is one variable as a template writes it.
type Line struct {
	Name   string
	Field  string // the profile field that set it; "" for an extra
	Text   string // the value as written: a quoted literal or a reference
	Value  string // the raw value; "" for a reference
	Secret bool
	Ref    bool
}

// NeedsKey reports whether rendering writes the key's value, so the caller
// reads the key only then: a CI target that references a secret must work
// on a machine that does not hold it.
func NeedsKey(t *Target, f *Form, in Input, o Options) bool {
	if o.Unset || f.NoKey {
		return false
	}
	settings := settingsOf(t, in.Settings)
	for _, v := range in.Vars {
		if !v.Secret {
			continue
		}
		if f.Ref == nil || o.InlineSecrets {
			return true
		}
		if _, ok := f.Ref(v, settings); !ok {
			return true
		}
	}
	return false
}

// Render writes the variables of p for target t. Every value is checked
// before a byte is produced, so an error means no output at all.
func Render(t *Target, in Input, o Options) ([]byte, error) {
	f, err := t.Form(o.Form)
	if err != nil {
		return nil, err
	}
	if o.Unset && !f.Unset {
		return nil, fmt.Errorf("%s cannot --unset: its output is a file or block, so delete the lines instead", formName(t, f))
	}
	if o.InlineSecrets && (f.Ref == nil || f.NoKey) {
		return nil, fmt.Errorf("--inline-secrets is for targets that reference secrets; %s always writes the key", formName(t, f))
	}
	vars := in.Vars
	// Names go into every template unquoted: only identifiers may pass,
	// whatever the caller checked before (render is a public package).
	for _, v := range vars {
		if !names.IsVarName(v.Name) {
			return nil, fmt.Errorf("%s cannot carry the variable name %q: names are letters, digits and _, not starting with a digit", formName(t, f), v.Name)
		}
	}
	for _, n := range in.Clear {
		if !names.IsVarName(n) {
			return nil, fmt.Errorf("%s cannot remove the variable name %q: names are letters, digits and _, not starting with a digit", formName(t, f), n)
		}
	}
	if err := checkNames(t, vars); err != nil {
		return nil, err
	}
	if err := CheckNames(t, f, vars, o.AllowNames); err != nil {
		return nil, err
	}

	d := Data{
		Target:     t.Name,
		Form:       f.Name,
		Profile:    in.Profile,
		Settings:   settingsOf(t, in.Settings),
		Command:    in.Commands[f.Name],
		Commands:   in.Commands,
		Unset:      o.Unset,
		Inline:     o.InlineSecrets,
		KeyCommand: in.KeyCommand,
	}
	if f.Unset {
		d.Clear = in.Clear
	}
	if d.Command != "" {
		d.Apply = fmt.Sprintf(t.Apply, d.Command)
	}
	if f.Heredoc {
		d.Delimiter = delimiter(vars)
	}
	for _, v := range vars {
		if v.Field == "url" {
			d.URL = v.Value
		}
		line, err := renderVar(t, f, d.Settings, o, v, d.Delimiter)
		if err != nil {
			return nil, err
		}
		d.Vars = append(d.Vars, line)
	}

	tmpl, err := template.New(f.Template).Funcs(funcs()).ParseFS(templates.FS, f.Template)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", f.Template, err)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, d); err != nil {
		return nil, fmt.Errorf("template %s: %w", f.Template, err)
	}
	out := buf.Bytes()
	if t.CRLF {
		out = bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
	}
	return out, nil
}

func renderVar(t *Target, f *Form, settings map[string]string, o Options, v Var, delim string) (Line, error) {
	line := Line{Name: v.Name, Field: v.Field, Secret: v.Secret}
	if o.Unset {
		return line, nil
	}
	if f.Ref != nil && !(v.Secret && o.InlineSecrets) {
		if ref, ok := f.Ref(v, settings); ok {
			line.Text, line.Ref = ref, true
			return line, nil
		}
	}
	if delim != "" && strings.Contains(v.Value, delim) {
		return Line{}, fmt.Errorf("%s cannot carry %s: the value holds the delimiter line %s", formName(t, f), v.Name, delim)
	}
	text, err := f.Quote(v.Value)
	if err != nil {
		return Line{}, fmt.Errorf("%s cannot carry %s: %w", formName(t, f), v.Name, err)
	}
	if f.Check != nil {
		if err := f.Check(v.Name, text); err != nil {
			return Line{}, fmt.Errorf("%s cannot carry %s: %w", formName(t, f), v.Name, err)
		}
	}
	line.Text, line.Value = text, v.Value
	return line, nil
}

// checkNames refuses two names that a case-insensitive target would take
// for one.
func checkNames(t *Target, vars []Var) error {
	if !t.FoldCase {
		return nil
	}
	seen := map[string]string{}
	for _, v := range vars {
		k := strings.ToUpper(v.Name)
		if prev, ok := seen[k]; ok {
			return fmt.Errorf("%s compares variable names without case, so %s and %s are the same variable; rename one", t.Name, prev, v.Name)
		}
		seen[k] = v.Name
	}
	return nil
}

// CheckNames refuses a name form f of target t treats specially, unless it
// is allowed by name (without case where the target folds case). Render
// calls it; callers may call it first, before they read the key.
func CheckNames(t *Target, f *Form, vars []Var, allow []string) error {
	for _, v := range vars {
		why := SpecialName(t, f, v.Name)
		if why == "" || allowed(t, v.Name, allow) {
			continue
		}
		return &NameError{Form: formName(t, f), Name: v.Name, Why: why}
	}
	return nil
}

func allowed(t *Target, name string, allow []string) bool {
	for _, a := range allow {
		if a == name || t.FoldCase && strings.EqualFold(a, name) {
			return true
		}
	}
	return false
}

// delimiter returns the heredoc delimiter: a hash of the non-secret names
// and values. It is the same for the same input (zenv's output is
// deterministic), it holds nothing derived from the key, and no value can be
// made to contain the hash of itself, so refusing values that contain it
// costs nothing in practice while closing the injection.
func delimiter(vars []Var) string {
	h := sha256.New()
	for _, v := range vars {
		h.Write([]byte(v.Name))
		h.Write([]byte{0})
		if !v.Secret {
			h.Write([]byte(v.Value))
		}
		h.Write([]byte{0})
	}
	return "ZENV_EOF_" + hex.EncodeToString(h.Sum(nil))[:24]
}

func formName(t *Target, f *Form) string {
	if f.Name == "" {
		return t.Name
	}
	return t.Name + " --form " + f.Name
}

// funcs are the functions templates may call: zenv's quoting, and the one
// sprig function a template uses (contains, in sprig's argument order).
// Building sprig's whole FuncMap at every render (text/template checks
// each of its ~100 names) plus slim-sprig's package init cost ~0.15M
// instructions and ~30 page faults at every start (0.1x of a hello-world
// in make bench).
func funcs() template.FuncMap {
	return template.FuncMap{
		"sh":       quote.Bash,
		"yaml":     quote.YAML,
		"yamlkey":  quote.YAMLKey,
		"json":     quote.JSON,
		"ghcmd":    quote.GitHubCommandData,
		"contains": func(substr, s string) bool { return strings.Contains(s, substr) },
	}
}
