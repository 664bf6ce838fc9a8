package render_test

import (
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/render"
)

func TestVarsOrder(t *testing.T) {
	p := &profile.Profile{
		URL: "https://z", VerifySSL: "false", Project: "p", Stack: "s",
		Env: map[string]string{"ZENML_DEBUG": "1", "A_FIRST": "a", "M_MIDDLE": "m"},
	}
	var names []string
	for _, v := range render.Vars(p, "k") {
		names = append(names, v.Name)
	}
	want := "ZENML_STORE_URL ZENML_STORE_API_KEY ZENML_STORE_VERIFY_SSL ZENML_ACTIVE_PROJECT_ID ZENML_ACTIVE_STACK_ID A_FIRST M_MIDDLE ZENML_DEBUG"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("order:\n got %s\nwant %s", got, want)
	}
}

func TestLookup(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"bash", "bash", ""},
		{"PWSH", "powershell", ""},
		{"gha", "github", ""},
		{"bat", "cmd", ""},
		{"powrshell", "", `did you mean "powershell"?`},
		{"githb", "", `did you mean "github"?`},
		{"xyzzy-unrelated", "", "targets: bash, cmd, fish, github, powershell, prefect, sh, zsh"},
	}
	for _, tt := range tests {
		got, err := render.Lookup(tt.in)
		switch {
		case tt.err == "" && (err != nil || got.Name != tt.want):
			t.Errorf("Lookup(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("Lookup(%q) error %v, want %q", tt.in, err, tt.err)
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
		p := &profile.Profile{URL: "https://z", Env: tt.env, GitHubSecret: "S", PrefectBlock: "b"}
		out, err := render.Render(tg, p, "k", render.Options{Form: tt.form})
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
	if _, err := render.Render(bash, &profile.Profile{URL: "https://z", Env: map[string]string{"a": "1", "A": "2"}}, "k", render.Options{}); err != nil {
		t.Errorf("bash: %v", err)
	}
}

func TestGitHubEnvRefusesAValueHoldingItsDelimiter(t *testing.T) {
	tg, _ := render.Lookup("github")
	p := &profile.Profile{URL: "https://z", Env: map[string]string{"NOTE": "a"}}
	out, err := render.Render(tg, p, "k", render.Options{Form: "github-env"})
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(out), "ZENV_EOF_")
	delim := string(out[i : i+len("ZENV_EOF_")+24])
	// The key is not part of the delimiter's hash, so a key holding the
	// delimiter line must be refused, not written.
	_, err = render.Render(tg, p, "k\n"+delim+"\nNODE_OPTIONS=--require=/tmp/x", render.Options{Form: "github-env"})
	if err == nil || !strings.Contains(err.Error(), "cannot carry ZENML_STORE_API_KEY: the value holds the delimiter line") {
		t.Errorf("got %v", err)
	}
}
