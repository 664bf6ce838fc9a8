package golden

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
	"mvdan.cc/sh/v3/syntax"

	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/testsupport/fixture"
	"github.com/zenv-dev/zenv/internal/testsupport/rendertest"
	"github.com/zenv-dev/zenv/internal/testsupport/roundtrip"
	"github.com/zenv-dev/zenv/render"
	"github.com/zenv-dev/zenv/render/quote"
)

// fixtureVars loads a fixture's profile and the variables zenv renders.
func fixtureVars(t *testing.T, name string) (*profile.Profile, []render.Var) {
	t.Helper()
	p, vars, err := fixture.Vars(name)
	if err != nil {
		t.Fatal(err)
	}
	return p, vars
}

// yamlForm returns the target and form of c when the form is YAML, that is,
// declares where its variables sit.
func yamlForm(c Case) (*render.Target, *render.Form) {
	tg, err := render.Lookup(c.Target)
	if err != nil {
		return nil, nil
	}
	f, err := tg.Form(c.Form)
	if err != nil || f.EnvPath == nil {
		return nil, nil
	}
	return tg, f
}

// lookup follows path through mappings and sequences.
func lookup(n *yaml.Node, path []string) (*yaml.Node, error) {
	if n.Kind == yaml.DocumentNode {
		n = n.Content[0]
	}
	for _, p := range path {
		switch n.Kind {
		case yaml.MappingNode:
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					next = n.Content[i+1]
				}
			}
			if next == nil {
				return nil, fmt.Errorf("no key %q", p)
			}
			n = next
		case yaml.SequenceNode:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil, fmt.Errorf("no item %s", p)
			}
			n = n.Content[i]
		default:
			return nil, fmt.Errorf("%q is not a container", p)
		}
	}
	return n, nil
}

// expectedText is what the YAML value of v must read as, and whether the
// output holds v at all.
func expectedText(c Case, p *profile.Profile, v render.Var) (string, bool) {
	tg, _ := render.Lookup(c.Target)
	s := render.SettingsOf(tg, p.Settings)
	ref := v.Secret && !c.Inline
	switch c.Target {
	case "prefect":
		if ref {
			return "{{ prefect.blocks.secret." + s["prefect_block"] + " }}", true
		}
		return v.Value, true
	case "github":
		switch {
		case ref:
			return "${{ secrets." + s["github_secret"] + " }}", true
		case v.Name == "ZENML_STORE_URL" && s["github_url_var"] != "":
			return "${{ vars." + s["github_url_var"] + " }}", true
		}
		return quote.GitHubLiteral(v.Value), true // itself fuzzed against the runner's rules
	case "gitlab":
		if !ref {
			return v.Value, true // literal: $ only under expand: false (gitlabValue)
		}
		name := v.Name
		if v.Field == "api_key" {
			name = s["gitlab_variable"]
		}
		// GitLab puts the CI/CD variable of the same name into the job
		// itself: the block leaves it out rather than reference itself.
		return "${" + name + "}", name != v.Name
	}
	return v.Value, true // json, k8s: every value as it is
}

// gitlabValue reads a GitLab variables: value node: a string, or
// {value: STRING, expand: false}, which a value holding $ must use, since
// GitLab expands $ in the plain form.
func gitlabValue(t *testing.T, name string, n *yaml.Node, isRef bool) *yaml.Node {
	t.Helper()
	if n.Kind == yaml.ScalarNode {
		if !isRef && strings.Contains(n.Value, "$") {
			t.Errorf("%s holds $ without expand: false; GitLab would expand it", name)
		}
		return n
	}
	var m struct {
		Value  *string
		Expand *bool
	}
	if err := n.Decode(&m); err != nil || m.Value == nil || m.Expand == nil || *m.Expand || len(n.Content) != 4 {
		t.Errorf("%s is neither a string nor {value: STRING, expand: false}", name)
		return n
	}
	return n.Content[1]
}

// TestYAMLOutputsParseToTheProfile parses every YAML output with yaml.v3 and
// checks that its variables are the profile's, in zenv's order, as strings.
func TestYAMLOutputsParseToTheProfile(t *testing.T) {
	checked := 0
	for _, c := range Cases(t) {
		_, f := yamlForm(c)
		if f == nil {
			continue
		}
		path := f.EnvPath
		r := Run(c)
		if r.Err != nil {
			continue // a refusal, locked by its golden file
		}
		t.Run(strings.TrimSuffix(c.File(), ".golden"), func(t *testing.T) {
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(r.Stdout), &doc); err != nil {
				t.Fatalf("not YAML: %v", err)
			}
			env, err := lookup(&doc, path)
			if err != nil || env.Kind != yaml.MappingNode {
				t.Fatalf("no env mapping at %v: %v", path, err)
			}
			p, vars := fixtureVars(t, c.Fixture)
			if c.Unset {
				vars = p.UnsetVars()
			}
			type want struct {
				v    render.Var
				text string
			}
			var wants []want
			for _, v := range vars {
				if text, ok := expectedText(c, p, v); ok {
					wants = append(wants, want{v, text})
				}
			}
			if len(env.Content) != 2*len(wants) {
				t.Fatalf("%d variables, want %d", len(env.Content)/2, len(wants))
			}
			for i, w := range wants {
				k, val := env.Content[2*i], env.Content[2*i+1]
				if k.Value != w.v.Name {
					t.Errorf("variable %d is %s, want %s", i, k.Value, w.v.Name)
				}
				if c.Target == "gitlab" {
					val = gitlabValue(t, w.v.Name, val, w.v.Secret && !c.Inline)
				}
				if val.Kind != yaml.ScalarNode || val.Tag != "!!str" {
					t.Errorf("%s is a %s, want a string", w.v.Name, val.Tag)
				}
				if val.Value != w.text {
					t.Errorf("%s = %q, want %q", w.v.Name, val.Value, w.text)
				}
			}
		})
		checked++
	}
	if checked < 20 {
		t.Fatalf("only %d YAML outputs checked", checked)
	}
}

// TestEveryYAMLFormDeclaresWhereItsVariablesAre fails on a form whose
// output is a YAML mapping but which declares no EnvPath: the test above
// would skip it without a word.
func TestEveryYAMLFormDeclaresWhereItsVariablesAre(t *testing.T) {
	for _, c := range Cases(t) {
		if c.Fixture != "minimal" || c.Unset || c.Inline {
			continue
		}
		if _, f := yamlForm(c); f != nil {
			continue
		}
		r := Run(c)
		var doc yaml.Node
		if r.Err != nil || yaml.Unmarshal([]byte(r.Stdout), &doc) != nil || len(doc.Content) == 0 {
			continue
		}
		if doc.Content[0].Kind == yaml.MappingNode {
			t.Errorf("%s is a YAML mapping, but its form declares no EnvPath in the registry", c.File())
		}
	}
}

// TestActionlintAcceptsEveryGitHubOutput lints every GitHub output, the
// hostile fixture's included, wrapped into a workflow where it is a
// fragment.
func TestActionlintAcceptsEveryGitHubOutput(t *testing.T) {
	linted := 0
	for _, c := range Cases(t) {
		if c.Target != "github" {
			continue
		}
		r := Run(c)
		if r.Err != nil {
			continue
		}
		for where, wf := range fixture.Workflows(c.Form, r.Stdout) {
			t.Run(strings.TrimSuffix(c.File(), ".golden")+"/"+where, func(t *testing.T) {
				linter, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{Shellcheck: "", Pyflakes: ""})
				if err != nil {
					t.Fatal(err)
				}
				errs, err := linter.Lint("zenml.yml", []byte(wf), nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range errs {
					t.Errorf("actionlint: %s\n%s", e.Error(), wf)
				}
			})
			linted++
		}
	}
	if linted < 15 {
		t.Fatalf("only %d workflows linted", linted)
	}
}

func TestActionlintCatchesAnUnescapedExpression(t *testing.T) {
	// The lint above must be able to fail: an unclosed ${{ is an error.
	linter, _ := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	errs, _ := linter.Lint("x.yml", []byte("on: push\nenv:\n  X: \"${{ unclosed\"\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n"), nil)
	if len(errs) == 0 {
		t.Fatal("actionlint accepted an unclosed ${{")
	}
}

// parseGitHubEnv reads a $GITHUB_ENV file by the runner's rules
// (FileCommandManager.cs, SetEnvFileCommand): lines end at LF, or on Windows
// runners at CR LF; NAME=VALUE or NAME<<DELIM ... DELIM, the value being the
// text between, without the last line end.
func parseGitHubEnv(text string, windows bool) (map[string]string, error) {
	env := map[string]string{}
	i := 0
	readLine := func() (line string, nl int, ok bool) {
		if i >= len(text) {
			return "", 0, false
		}
		start := i
		lf := strings.IndexByte(text[i:], '\n')
		if lf < 0 {
			i = len(text)
			return text[start:], 0, true
		}
		lf += i
		if windows && lf > start && text[lf-1] == '\r' {
			i = lf + 1
			return text[start : lf-1], 2, true
		}
		i = lf + 1
		return text[start:lf], 1, true
	}
	for {
		line, _, ok := readLine()
		if !ok {
			return env, nil
		}
		if line == "" {
			continue
		}
		eq, hd := strings.Index(line, "="), strings.Index(line, "<<")
		if eq >= 0 && (hd < 0 || eq < hd) {
			env[line[:eq]] = line[eq+1:]
			continue
		}
		if hd < 0 {
			return nil, fmt.Errorf("invalid line %q", line)
		}
		name, delim := line[:hd], line[hd+2:]
		start, end := i, i
		for {
			l, nl, ok := readLine()
			if !ok {
				return nil, fmt.Errorf("delimiter %q not found", delim)
			}
			if l == delim {
				break
			}
			end = i - nl
		}
		env[name] = text[start:max(start, end)]
	}
}

// TestGitHubEnvFormThroughBashAndTheRunnersParser runs the github-env output
// in bash with $GITHUB_ENV set, then reads the file as a Linux and a Windows
// runner would: every value must come back exactly, and the key be masked.
func TestGitHubEnvFormThroughBashAndTheRunnersParser(t *testing.T) {
	s := uint64(42)
	values := roundtrip.Values(s, 300)
	p := &profile.Profile{URL: "https://zenml.example.com", Env: map[string]string{}, Settings: map[string]string{"github_secret": "S"}}
	tg, _ := render.Lookup("github")
	f, _ := tg.Form("github-env")
	for i, v := range values {
		if _, err := f.Quote(v); err == nil && !strings.Contains(v, "\x00") {
			p.Env[fmt.Sprintf("V_%03d", i)] = v
		}
	}
	const key = "ZENKEY_a%0Ab" // a key whose literal text looks like an escape
	out, err := rendertest.Render(tg, "github-env", p.Input(key, false), render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	envFile := filepath.Join(dir, "github_env")
	script := filepath.Join(dir, "step.sh")
	os.WriteFile(script, out, 0o600)
	cmd := exec.Command("bash", "-c", `eval "$(cat "$1")"`, "step", script)
	cmd.Env = []string{"GITHUB_ENV=" + envFile, "PATH=" + os.Getenv("PATH"), "LC_ALL=C"}
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("bash: %v", err)
	}
	if want := "::add-mask::ZENKEY_a%250Ab\n"; string(stdout) != want {
		t.Errorf("stdout %q, want the mask command %q", stdout, want)
	}
	text, _ := os.ReadFile(envFile)
	for _, windows := range []bool{false, true} {
		got, err := parseGitHubEnv(string(text), windows)
		if err != nil {
			t.Fatalf("windows=%v: %v", windows, err)
		}
		for _, v := range p.Vars(key) {
			if got[v.Name] != v.Value {
				t.Errorf("windows=%v: %s = %s, want %s", windows, v.Name, roundtrip.Show(got[v.Name]), roundtrip.Show(v.Value))
			}
		}
		if len(got) != len(p.Env)+2 {
			t.Errorf("windows=%v: %d variables, want %d: a value injected one", windows, len(got), len(p.Env)+2)
		}
	}
	t.Logf("%d random values through $GITHUB_ENV", len(p.Env))
}

// TestSetupFormIsValidBash parses every --setup output as bash.
func TestSetupFormIsValidBash(t *testing.T) {
	for _, c := range Cases(t) {
		if c.Form != "setup" {
			continue
		}
		r := Run(c)
		if r.Err != nil {
			t.Errorf("%s: %v", c.File(), r.Err)
			continue
		}
		if _, err := syntax.NewParser().Parse(strings.NewReader(r.Stdout), c.File()); err != nil {
			t.Errorf("%s is not bash: %v", c.File(), err)
		}
		if !strings.Contains(r.Stdout, "gh secret set") {
			t.Errorf("%s sets no secret", c.File())
		}
	}
}
