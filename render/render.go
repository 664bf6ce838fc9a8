package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"text/template"

	"github.com/zenv-dev/zenv/render/names"
	"github.com/zenv-dev/zenv/render/quote"
	"github.com/zenv-dev/zenv/templates"
)

// Options are the choices of one rendering besides the profile.
type Options struct {
	Unset         bool
	InlineSecrets bool // write the key as a literal where the target would reference it
	// AllowNames are variable names to write although the target treats
	// them specially (SpecialName); Plan.Allowed lists each for a warning.
	AllowNames []string
}

// Data is what a template sees.
type Data struct {
	Target    string
	Title     string // the target's name in its header ("POSIX sh")
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

// Plan is one rendering checked before the key is read: every name
// checked, the options checked against the form, the settings resolved,
// and whether the output holds the key. Nothing in it depends on the key,
// so a refusal costs no key command; Render then writes the bytes.
type Plan struct {
	Target *Target
	Form   *Form
	// NeedsKey: the output holds the key's value, so the caller reads it
	// and gives it to Render. Otherwise the key is not needed: a CI target
	// that references a secret works on a machine that does not hold it.
	NeedsKey bool
	// Allowed are the special names the output sets because
	// Options.AllowNames let them through, each with why it is special,
	// for the caller to warn about.
	Allowed []NameError

	in       Input
	o        Options
	settings map[string]string
}

// Prepare checks the rendering of in as form f of target t. in's key may
// be empty: Render takes it.
func Prepare(t *Target, f *Form, in Input, o Options) (*Plan, error) {
	if o.Unset && !f.Unset {
		return nil, fmt.Errorf("%s cannot --unset: its output is a file or block, so delete the lines instead", formName(t, f))
	}
	if o.InlineSecrets && (f.Ref == nil || f.NoKey) {
		return nil, fmt.Errorf("--inline-secrets is for targets that reference secrets; %s always writes the key", formName(t, f))
	}
	// Names go into every template unquoted: only identifiers may pass,
	// whatever the caller checked before (render is a public package).
	for _, v := range in.Vars {
		if !names.IsVarName(v.Name) {
			return nil, fmt.Errorf("%s cannot carry the variable name %q: names are letters, digits and _, not starting with a digit", formName(t, f), v.Name)
		}
	}
	for _, n := range in.Clear {
		if !names.IsVarName(n) {
			return nil, fmt.Errorf("%s cannot remove the variable name %q: names are letters, digits and _, not starting with a digit", formName(t, f), n)
		}
	}
	if err := checkFoldedNames(t, in.Vars); err != nil {
		return nil, err
	}
	if err := checkCommentText(in); err != nil {
		return nil, err
	}
	p := &Plan{Target: t, Form: f, in: in, o: o, settings: SettingsOf(t, in.Settings)}
	for _, v := range in.Vars {
		why := SpecialName(t, f, v.Name)
		if why == "" {
			continue
		}
		ne := NameError{Form: formName(t, f), Name: v.Name, Why: why}
		if !allowed(t, v.Name, o.AllowNames) {
			return nil, &ne
		}
		p.Allowed = append(p.Allowed, ne)
	}
	p.NeedsKey = p.needsKey()
	return p, nil
}

func (p *Plan) needsKey() bool {
	if p.o.Unset || p.Form.NoKey {
		return false
	}
	for _, v := range p.in.Vars {
		if !v.Secret {
			continue
		}
		if p.Form.Ref == nil || p.o.InlineSecrets {
			return true
		}
		if _, ok := p.Form.Ref(v, p.settings); !ok {
			return true
		}
	}
	return false
}

// Render writes the output with key as the value of the api key (the
// variable whose Field is "api_key"). Every value is checked before a byte
// is produced, so an error means no output at all.
func (p *Plan) Render(key string) ([]byte, error) {
	return p.write(p.Vars(key))
}

// Vars are the variables the output sets, the key among them when the
// output holds it.
func (p *Plan) Vars(key string) []Var {
	vars := p.in.Vars
	if p.NeedsKey {
		vars = slices.Clone(vars)
		for i := range vars {
			if vars[i].Field == "api_key" {
				vars[i].Value = key
			}
		}
	}
	return vars
}

func (p *Plan) write(vars []Var) ([]byte, error) {
	t, f, in, o := p.Target, p.Form, p.in, p.o
	d := Data{
		Target:     t.Name,
		Title:      t.Title,
		Form:       f.Name,
		Profile:    in.Profile,
		Settings:   p.settings,
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
		d.Apply = fmt.Sprintf(t.ApplyHint(f), d.Command)
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

	tmpl, err := template.New(f.Template).Funcs(funcs()).ParseFS(templates.FS, f.Template, templates.Partials)
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

// checkCommentText refuses a profile name or a command that a header
// comment could not hold: the templates write them as they are, and a line
// end would end the comment and start a command.
func checkCommentText(in Input) error {
	for i := 0; i < len(in.Profile); i++ {
		if c := in.Profile[i]; !(c == '.' || c == '-' || c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return fmt.Errorf("the profile name %q cannot be written in a comment: use letters, digits, '.', '-' and '_'", in.Profile)
		}
	}
	for _, c := range in.Commands {
		if strings.ContainsFunc(c, breaksALine) {
			return fmt.Errorf("the command %q cannot be written in a comment: it holds a line end or a control character", c)
		}
	}
	// Templates write settings into comments too (prefect's deployment
	// name): whatever the caller validated, none may end the comment.
	keys := make([]string, 0, len(in.Settings))
	for k := range in.Settings {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if strings.ContainsFunc(in.Settings[k], breaksALine) {
			return fmt.Errorf("the %s %q cannot be written in a comment: it holds a line end or a control character", k, in.Settings[k])
		}
	}
	return nil
}

// breaksALine reports a character that some target's reader takes for a
// line end (YAML: U+0085, U+2028, U+2029 besides CR and LF) or that a
// terminal acts on: none may be echoed into a comment.
func breaksALine(r rune) bool {
	return r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029
}

// checkFoldedNames refuses two names that a case-insensitive target would
// take for one.
func checkFoldedNames(t *Target, vars []Var) error {
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

// funcs are the functions templates may call: zenv's quoting, and
// contains (in sprig's argument order), the one sprig function a template
// uses; the whole sprig FuncMap is not worth building at every start.
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
