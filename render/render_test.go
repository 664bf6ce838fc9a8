package render_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/testsupport/rendertest"
	"github.com/zenv-dev/zenv/render"
)

// input is a plain Input: the url, the key and extras, as profile builds it.
func input(key string, extras map[string]string, settings map[string]string) render.Input {
	in := render.Input{Settings: settings, Vars: []render.Var{
		{Name: "ZENML_STORE_URL", Value: "https://z", Field: "url"},
		{Name: "ZENML_STORE_API_KEY", Value: key, Secret: true, Field: "api_key"},
	}}
	for _, n := range sortedKeys(extras) {
		in.Vars = append(in.Vars, render.Var{Name: n, Value: extras[n]})
	}
	return in
}

func sortedKeys(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestLookupFindsNamesAndAliasesAndNamesEveryTargetOtherwise(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"bash", "bash", ""},
		{"PWSH", "powershell", ""},
		{"gha", "github", ""},
		{"bat", "cmd", ""},
		{"xyzzy-unrelated", "", "targets: " + strings.Join(render.TargetNames(), ", ")},
	}
	for _, tt := range tests {
		got, err := render.Lookup(tt.in)
		switch {
		case tt.err == "" && (err != nil || got.Name != tt.want):
			t.Errorf("Lookup(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("Lookup(%q) error %v, want %q", tt.in, err, tt.want)
		}
	}
	// Every name and alias of the registry is found, and none is taken twice.
	seen := map[string]string{}
	for _, tg := range render.Targets {
		for _, n := range append([]string{tg.Name}, tg.Aliases...) {
			if prev, ok := seen[n]; ok {
				t.Errorf("%s names both %s and %s", n, prev, tg.Name)
			}
			seen[n] = tg.Name
			if got, err := render.Lookup(n); err != nil || got.Name != tg.Name {
				t.Errorf("Lookup(%q) = %v, %v", n, got, err)
			}
		}
	}
}

func TestRefusals(t *testing.T) {
	long := strings.Repeat("x", 8200)
	tests := []struct {
		target, form string
		env          map[string]string
		want         string
	}{
		{"powershell", "", map[string]string{"Path_X": "1", "PATH_X": "2"}, "powershell compares variable names without case, so PATH_X and Path_X are the same variable"},
		{"github", "", map[string]string{"a": "1", "A": "2"}, "github compares variable names without case"},
		{"cmd", "", map[string]string{"LONG": long}, "cmd cannot carry LONG: the set line would be 8212 characters; cmd allows 8191"},
		{"github", "github-env", map[string]string{"SNEAKY": "x\nZENV_EOF_"}, ""}, // a prefix alone is harmless
	}
	for _, tt := range tests {
		tg, _ := render.Lookup(tt.target)
		out, err := rendertest.Render(tg, tt.form, input("k", tt.env, nil), render.Options{})
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.target, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) || out != nil {
			t.Errorf("%s: got %v (%d bytes), want %q", tt.target, err, len(out), tt.want)
		}
	}
	// Bash has case-sensitive names: both stay.
	bash, _ := render.Lookup("bash")
	if _, err := rendertest.Render(bash, "", input("k", map[string]string{"a": "1", "A": "2"}, nil), render.Options{}); err != nil {
		t.Errorf("bash: %v", err)
	}
}

func TestGitHubEnvRefusesAValueHoldingItsDelimiter(t *testing.T) {
	tg, _ := render.Lookup("github")
	extras := map[string]string{"NOTE": "a"}
	out, err := rendertest.Render(tg, "github-env", input("k", extras, nil), render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(out), "ZENV_EOF_")
	delim := string(out[i : i+len("ZENV_EOF_")+24])
	// The key is not part of the delimiter's hash, so a key holding the
	// delimiter line must be refused, not written.
	_, err = rendertest.Render(tg, "github-env", input("k\n"+delim+"\nNODE_OPTIONS=--require=/tmp/x", extras, nil), render.Options{})
	if err == nil || !strings.Contains(err.Error(), "cannot carry ZENML_STORE_API_KEY: the value holds the delimiter line") {
		t.Errorf("got %v", err)
	}
}

func TestNeedsKeyOnlyWhenTheKeyIsWritten(t *testing.T) {
	for _, tg := range render.Targets {
		for _, f := range tg.Forms {
			tg, f := tg, f
			in := input("", nil, nil)
			want := !f.NoKey && f.Ref == nil
			p, err := render.Prepare(&tg, &f, in, render.Options{})
			if err != nil {
				t.Fatalf("%s --form %q: %v", tg.Name, f.Name, err)
			}
			if p.NeedsKey != want {
				t.Errorf("%s --form %q: NeedsKey = %v, want %v", tg.Name, f.Name, p.NeedsKey, want)
			}
			if !f.Unset {
				continue
			}
			if p, err := render.Prepare(&tg, &f, in, render.Options{Unset: true}); err != nil || p.NeedsKey {
				t.Errorf("%s --form %q: --unset needs no key (%v)", tg.Name, f.Name, err)
			}
		}
	}
}

// TestEveryQuotingFunctionHasAFuzzOracle keeps a target from landing
// half-proven: each form's quoting function needs a Fuzz test of its own
// name in render/quote.
func TestEveryQuotingFunctionHasAFuzzOracle(t *testing.T) {
	fuzzers := map[string]bool{}
	files, _ := filepath.Glob("quote/*_test.go")
	for _, file := range files {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && strings.HasPrefix(fn.Name.Name, "Fuzz") {
				fuzzers[fn.Name.Name] = true
			}
		}
	}
	if len(fuzzers) == 0 {
		t.Fatal("no fuzz tests found in render/quote")
	}
	for _, tg := range render.Targets {
		for _, f := range tg.Forms {
			if f.Quote == nil {
				t.Errorf("%s --form %q has no quoting function", tg.Name, f.Name)
				continue
			}
			full := runtime.FuncForPC(reflect.ValueOf(f.Quote).Pointer()).Name()
			name := full[strings.LastIndex(full, ".")+1:]
			if !strings.HasSuffix(full, "render/quote."+name) {
				t.Errorf("%s --form %q quotes with %s, which is not in render/quote", tg.Name, f.Name, full)
			}
			if !fuzzers["Fuzz"+name] {
				t.Errorf("%s --form %q quotes with quote.%s, which has no Fuzz%s oracle test", tg.Name, f.Name, name, name)
			}
		}
	}
}

// TestSharedSettingsAgree lets two targets share a setting only when they
// declare it alike, so one config key never means two things.
func TestSharedSettingsAgree(t *testing.T) {
	byKey := map[string]render.Setting{}
	flags := map[string]string{}
	for _, tg := range render.Targets {
		for _, s := range tg.Settings {
			if s.Validate == nil || s.Flag == "" || s.Usage == "" {
				t.Errorf("%s: setting %s lacks a flag, usage or validation", tg.Name, s.Key)
			}
			if prev, ok := byKey[s.Key]; ok && (prev.Flag != s.Flag || prev.Default != s.Default || prev.Usage != s.Usage) {
				t.Errorf("setting %s is declared differently by two targets", s.Key)
			}
			if k, ok := flags[s.Flag]; ok && k != s.Key {
				t.Errorf("flag --%s sets both %s and %s", s.Flag, k, s.Key)
			}
			byKey[s.Key], flags[s.Flag] = s, s.Key
			if s.Default != "" {
				if err := s.Validate(s.Default); err != nil {
					t.Errorf("setting %s: its default is invalid: %v", s.Key, err)
				}
			}
		}
	}
}

// TestEveryTargetRefusesAnotherShellsCodePaths: a variable exported from
// bash reaches the fish, tclsh or python started later, so a name that
// makes any program load code is refused by every target, not only by the
// shell it belongs to (found by the attack review: fish_function_path
// through bash ran code in fish).
func TestEveryTargetRefusesAnotherShellsCodePaths(t *testing.T) {
	for _, name := range []string{"fish_function_path", "TCL_LIBRARY", "LUA_INIT", "precmd_functions", "HTTPS_PROXY", "REQUESTS_CA_BUNDLE", "BASH_ENV", "PYTHONPATH"} {
		for _, tg := range render.Targets {
			tg := tg
			_, err := rendertest.Render(&tg, "", input("k", map[string]string{name: "/tmp/x"}, nil), render.Options{})
			if err == nil {
				t.Errorf("%s accepts %s", tg.Name, name)
			}
		}
	}
}

// TestEveryTargetRefusesANameThatIsNotAnIdentifier: names reach every
// template unquoted, so render checks them itself (found in review: a name
// "X;touch /tmp/x;Y" rendered as code for bash and tcsh).
func TestEveryTargetRefusesANameThatIsNotAnIdentifier(t *testing.T) {
	for _, tg := range render.Targets {
		tg := tg
		if _, err := rendertest.Render(&tg, "", input("k", map[string]string{"X;touch /tmp/x;Y": "v"}, nil), render.Options{}); err == nil {
			t.Errorf("%s renders a name that is not an identifier", tg.Name)
		}
		in := input("k", nil, nil)
		in.Clear = []string{"A$(id)"}
		if _, err := rendertest.Render(&tg, "", in, render.Options{}); err == nil {
			t.Errorf("%s renders a clear name that is not an identifier", tg.Name)
		}
	}
}

func TestGitLabRefusesItsOwnVariables(t *testing.T) {
	tg, _ := render.Lookup("gitlab")
	for _, n := range []string{"CI_DEBUG_TRACE", "GITLAB_USER_LOGIN", "FF_USE_FASTZIP"} {
		if _, err := rendertest.Render(tg, "", input("k", map[string]string{n: "true"}, nil), render.Options{}); err == nil {
			t.Errorf("gitlab accepts %s", n)
		}
	}
}

// TestPlanWritesTheKeyItWasGiven: a plan prepared without the key writes
// the key given to Render into the api key's variable, and nowhere when
// the form references the secret instead.
func TestPlanWritesTheKeyItWasGiven(t *testing.T) {
	for _, tt := range []struct {
		target, form string
		want         bool
	}{{"bash", "", true}, {"dotenv", "", true}, {"github", "", false}, {"prefect", "pull-step", false}} {
		tg, _ := render.Lookup(tt.target)
		f, _ := tg.Form(tt.form)
		p, err := render.Prepare(tg, f, input("", nil, nil), render.Options{})
		if err != nil {
			t.Fatal(err)
		}
		out, err := p.Render("ZENKEY_planned")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(out), "ZENKEY_planned"); got != tt.want || p.NeedsKey != tt.want {
			t.Errorf("%s %s: NeedsKey %v, key written %v; want %v", tt.target, tt.form, p.NeedsKey, got, tt.want)
		}
	}
}

// TestShellApplyHintStopsWhenZenvRefuses: the Apply hint of bash, zsh and
// sh, run in the real shell around a command that prints a line and exits
// 2 (a refusal), evaluates nothing and fails; `eval "$(zenv ...)"` would
// carry on with whatever came out, and exit 0.
func TestShellApplyHintStopsWhenZenvRefuses(t *testing.T) {
	for _, name := range []string{"bash", "zsh", "sh"} {
		tg, err := render.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		shell := map[string]string{"sh": "dash"}[name]
		if shell == "" {
			shell = name
		}
		path, err := exec.LookPath(shell)
		if err != nil {
			if name == "zsh" {
				t.Logf("zsh is not installed: skipped")
				continue
			}
			t.Fatal(err)
		}
		line := fmt.Sprintf(tg.Apply, `sh -c "echo echo applied; exit 2"`)
		out, err := exec.Command(path, "-c", line).CombinedOutput()
		if err == nil || strings.Contains(string(out), "applied") {
			t.Errorf("%s: %s ran on after a refusal (err %v): %s", name, line, err, out)
		}
	}
}
