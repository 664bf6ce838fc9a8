package render_test

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/zenv-dev/zenv/internal/testsupport/rendertest"
	"github.com/zenv-dev/zenv/render"
)

func TestRenderRefusesSpecialNamesUnlessAllowed(t *testing.T) {
	tests := []struct {
		target, form, name string
		want               string // in the reason
	}{
		{"zsh", "", "SAVEHIST", "arithmetic"},
		{"zsh", "", "USERNAME", "user id"},
		{"bash", "", "PROMPT_COMMAND", "before each prompt"},
		{"bash", "", "UID", "read-only"},
		{"sh", "", "ENV", "start-up"},
		{"fish", "", "fish_trace", "the key included"},
		{"fish", "", "status", "read-only"},
		{"powershell", "", "psmodulepath", "modules"},
		{"cmd", "", "ErrorLevel", "hides the real value"},
		{"github", "", "GITHUB_TOKEN", "runner sets"},
		{"github", "github-env", "node_options", "node"},
		{"prefect", "", "PREFECT_API_URL", "settings"},
		{"prefect", "pull-step", "requires", "pip installs"},
		{"prefect", "pull-step", "id", "removes id"},
	}
	for _, tt := range tests {
		t.Run(tt.target+" "+tt.form+" "+tt.name, func(t *testing.T) {
			tg, _ := render.Lookup(tt.target)
			in := input("k", map[string]string{tt.name: "v"}, nil)
			out, err := rendertest.Render(tg, tt.form, in, render.Options{})
			var ne *render.NameError
			if !errors.As(err, &ne) || out != nil {
				t.Fatalf("got %v (%d bytes), want a *render.NameError", err, len(out))
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) || !strings.Contains(msg, "--allow-name "+tt.name) || msg != strings.ToLower(msg[:1])+msg[1:] {
				t.Errorf("error %q: want a lower-case line with %q and --allow-name %s", msg, tt.want, tt.name)
			}
			if _, err := rendertest.Render(tg, tt.form, in, render.Options{AllowNames: []string{tt.name}}); err != nil {
				t.Errorf("--allow-name %s: %v", tt.name, err)
			}
		})
	}
}

func TestEveryTargetRefusesNamesThatLoadCode(t *testing.T) {
	for _, tg := range render.Targets {
		for _, f := range tg.Forms {
			for _, name := range []string{"LD_PRELOAD", "BASH_ENV", "PYTHONPATH", "NODE_OPTIONS", "GIT_SSH_COMMAND", "PATH", "Http_Proxy", "hTTPS_pROXY", "All_Proxy", "KUBECONFIG", "SSL_CERT_FILE"} {
				if render.SpecialName(&tg, &f, name) == "" {
					t.Errorf("%s --form %q does not refuse %s", tg.Name, f.Name, name)
				}
			}
			if render.SpecialName(&tg, &f, "ZENML_STORE_URL") != "" || render.SpecialName(&tg, &f, "MY_PATH") != "" {
				t.Errorf("%s --form %q refuses an ordinary name", tg.Name, f.Name)
			}
		}
	}
}

func TestAllowNameFoldsCaseOnlyWhereTheTargetDoes(t *testing.T) {
	ps, _ := render.Lookup("powershell")
	if _, err := rendertest.Render(ps, "", input("k", map[string]string{"Path": "x"}, nil), render.Options{AllowNames: []string{"PATH"}}); err != nil {
		t.Errorf("powershell: --allow-name PATH must allow Path: %v", err)
	}
	bash, _ := render.Lookup("bash")
	if _, err := rendertest.Render(bash, "", input("k", map[string]string{"PATH": "x"}, nil), render.Options{AllowNames: []string{"path"}}); err == nil {
		t.Errorf("bash: --allow-name path must not allow PATH")
	}
}

var plainYAML11Word = regexp.MustCompile(`(?m)^ +(on|yes|No|null|OFF|y):`)

// TestYAMLFormsQuoteKeysYAML11ReadsAsBooleans renders names that YAML 1.1
// reads as booleans or null in every YAML form and reads each back at the
// form's EnvPath: the key must be the same string.
func TestYAMLFormsQuoteKeysYAML11ReadsAsBooleans(t *testing.T) {
	words := map[string]string{"on": "1", "yes": "2", "No": "3", "null": "4", "OFF": "5", "y": "6"}
	for _, tg := range render.Targets {
		for _, f := range tg.Forms {
			if f.EnvPath == nil {
				continue
			}
			out, err := rendertest.Render(&tg, f.Name, input("k", words, nil), render.Options{})
			if err != nil {
				t.Fatalf("%s %s: %v", tg.Name, f.Name, err)
			}
			var doc any
			if err := yaml.Unmarshal(out, &doc); err != nil {
				t.Fatalf("%s %s: %v", tg.Name, f.Name, err)
			}
			node := doc
			for _, step := range f.EnvPath {
				switch n := node.(type) {
				case map[string]any:
					node = n[step]
				case []any:
					i, err := strconv.Atoi(step)
					if err != nil || i >= len(n) {
						t.Fatalf("%s %s: no item %s of %v", tg.Name, f.Name, step, f.EnvPath)
					}
					node = n[i]
				}
			}
			env, ok := node.(map[string]any)
			if !ok {
				t.Fatalf("%s %s: nothing at %v", tg.Name, f.Name, f.EnvPath)
			}
			for k, v := range words {
				if env[k] != v {
					t.Errorf("%s --form %q: key %q reads back as %v", tg.Name, f.Name, k, env[k])
				}
			}
			// yaml.v3 reads a plain on as a string; PyYAML reads it as True.
			if m := plainYAML11Word.FindString(string(out)); m != "" {
				t.Errorf("%s --form %q writes a key PyYAML reads as a boolean or null: %q", tg.Name, f.Name, m)
			}
		}
	}
}
