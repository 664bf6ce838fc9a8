package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/render"
)

// marker is a key that must never appear where a key must not be. It is a
// well-formed ZENKEY_ (base64 of {"id": ..., "key": ...}) so no warning
// hides a leak, and its base64 holds the word MARKER.
const marker = "ZENKEY_eyJpZCI6ICJNQVJLRVIiLCAia2V5IjogIk1BUktFUi02NGhleCJ9"

// zenv runs the command in process with a clean config location.
func zenv(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("ZENV_CONFIG", "")
	t.Setenv("ZENV_PROFILE", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	io, in, out, errOut := iostreams.Test()
	in.WriteString(stdin)
	code = run(args, testFactory(io))
	return code, out.String(), errOut.String()
}

// testFactory is the real Factory on test streams.
func testFactory(io *iostreams.IOStreams) *cmdutil.Factory {
	return &cmdutil.Factory{IOStreams: io, Getenv: os.Getenv, ProfileSource: profile.OSSource, Redactor: &redact.Redactor{}}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBadInputExitsTwoWithNothingOnStdout(t *testing.T) {
	t.Setenv("ZK", marker)
	base := []string{"--url", "https://zenml.example.com", "--api-key-env", "ZK"}
	badProfile := writeFile(t, "config.yaml", "profiles:\n  prod:\n    url: https://x.example.com\n    stak: abc\n")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad url", []string{"env", "bash", "--url", "zenml.example.com", "--api-key-env", "ZK"}, `did you mean https://zenml.example.com?`},
		{"missing key", []string{"env", "bash", "--url", "https://zenml.example.com", "--api-key-env", "NOT_SET_ANYWHERE"}, "environment variable NOT_SET_ANYWHERE is empty or not set"},
		{"no key source", []string{"env", "bash", "--url", "https://zenml.example.com"}, "no api key source"},
		{"unknown target", append([]string{"env", "bsh"}, base...), `unknown target "bsh"; did you mean "bash"? targets: ` + strings.Join(render.TargetNames(), ", ")},
		{"unknown form", append([]string{"env", "prefect", "--form", "pullstep"}, base...), `did you mean "pull-step"?`},
		{"wrong zenml name", append([]string{"env", "bash", "--set", "ZENML_URL=https://x"}, base...), "did you mean ZENML_STORE_URL?"},
		{"malformed profile", []string{"env", "bash", "--config", badProfile}, badProfile + `:4: unknown key "stak"; did you mean "stack"?`},
		{"cmd refuses percent", append([]string{"env", "cmd", "--set", "NOTE=50%"}, base...), `cmd cannot carry NOTE: "%" (U+0025) at byte 2`},
		{"prefect refuses placeholder", append([]string{"env", "prefect", "--set", "NOTE={{ prefect.variables.x }}"}, base...), "prefect cannot carry NOTE"},
		{"unset on a ci target", append([]string{"env", "github", "--unset"}, base...), "github cannot --unset"},
		{"inline on a shell", append([]string{"env", "bash", "--inline-secrets"}, base...), "--inline-secrets is for targets that reference secrets"},
		{"setup on a shell", append([]string{"env", "bash", "--setup"}, base...), "--setup is for the github target"},
		{"no target", []string{"env"}, "zenv env takes one target"},
		{"unknown flag", []string{"env", "bash", "--verbose"}, "unknown flag: --verbose"},
		{"a key on the command line", []string{"env", "bash", "--api-key=" + marker}, "unknown flag: --api-key"},
		{"a key given as the url", []string{"env", "bash", "--url", marker, "--api-key-env", "ZK"}, "the server url is an api key"},
		{"unknown command", []string{"evn"}, `unknown command "evn"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := zenv(t, "", tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout is not empty: %q", stdout)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q\n does not contain %q", stderr, tt.want)
			}
			if !strings.HasPrefix(stderr, "zenv: ") || strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr is not one line starting zenv: %q", stderr)
			}
			if strings.Contains(stderr, "MARKER") || strings.Contains(stderr, marker) {
				t.Errorf("stderr holds the key: %q", stderr)
			}
		})
	}
}

// TestKeyNeverLeaks renders every target, form and variant with a marker
// key and checks where it shows: never on stderr, never in a comment, and
// in CI output only with --inline-secrets.
func TestKeyNeverLeaks(t *testing.T) {
	t.Setenv("ZK", marker)
	for _, tg := range render.Targets {
		for _, f := range tg.Forms {
			for _, inline := range []bool{false, true} {
				if inline && (f.Ref == nil || f.NoKey) {
					continue
				}
				args := []string{"env", tg.Name, "--url", "https://zenml.example.com", "--api-key-env", "ZK"}
				if f.Name != "" {
					args = append(args, "--form", f.Name)
				}
				if inline {
					args = append(args, "--inline-secrets")
				}
				name := strings.Join(args[1:], " ")
				t.Run(name, func(t *testing.T) {
					code, stdout, stderr := zenv(t, "", args...)
					if code != 0 {
						t.Fatalf("exit %d: %s", code, stderr)
					}
					if strings.Contains(stderr, "MARKER") {
						t.Errorf("stderr holds the key: %q", stderr)
					}
					writesKey := f.Ref == nil && !f.NoKey || inline
					if got := strings.Contains(stdout, marker); got != writesKey {
						t.Errorf("key in stdout: %v, want %v", got, writesKey)
					}
					for _, line := range strings.Split(stdout, "\n") {
						l := strings.TrimSpace(line)
						if (strings.HasPrefix(l, "#") || strings.HasPrefix(l, "@rem")) && strings.Contains(l, "MARKER") {
							t.Errorf("a comment holds the key: %q", line)
						}
					}
				})
			}
		}
	}
}

func TestCITargetsDoNotReadTheKey(t *testing.T) {
	// A workflow author's laptop need not hold the production key.
	for _, args := range [][]string{
		{"env", "github"}, {"env", "github", "--setup"}, {"env", "prefect"},
		{"env", "prefect", "--form", "pull-step"}, {"env", "bash", "--unset"},
	} {
		code, stdout, stderr := zenv(t, "", append(args, "--url", "https://zenml.example.com", "--api-key-env", "NOT_SET_ANYWHERE")...)
		if code != 0 || stdout == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

func TestKeyFromStdinIsTrimmedOfItsNewline(t *testing.T) {
	code, stdout, stderr := zenv(t, marker+"\n", "env", "bash", "--url", "https://zenml.example.com", "--api-key-stdin")
	if code != 0 || !strings.Contains(stdout, "export ZENML_STORE_API_KEY='"+marker+"'\n") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestTerminalHintGoesToStderrOnlyOnATerminal(t *testing.T) {
	t.Setenv("ZK", marker)
	for _, tty := range []bool{false, true} {
		io, _, out, errOut := iostreams.Test()
		io.StdoutTTY = tty
		code := run([]string{"env", "powershell", "--url", "https://zenml.example.com", "--api-key-env", "ZK"}, testFactory(io))
		hint := "zenv: to apply this, run: zenv env powershell | Out-String | Invoke-Expression\n"
		if code != 0 || (errOut.String() == hint) != tty {
			t.Errorf("tty=%v: exit %d, stderr %q", tty, code, errOut.String())
		}
		if strings.Contains(out.String(), "to apply this") {
			t.Errorf("the hint reached stdout")
		}
	}
}

func TestProfileFileEndToEnd(t *testing.T) {
	keyFile := writeFile(t, "key", marker+"\n")
	cfg := writeFile(t, "config.yaml", "default: prod\nprofiles:\n  prod:\n    url: https://zenml.example.com\n    api_key: {file: "+keyFile+"}\n    env:\n      ZENML_ANALYTICS_OPT_IN: false\n")
	code, stdout, stderr := zenv(t, "", "env", "fish", "--config", cfg)
	want := "# zenv: ZenML client settings for fish, from profile prod.\n" +
		"# Apply: zenv env fish -p prod | source\n" +
		"set -gx ZENML_STORE_URL 'https://zenml.example.com'\n" +
		"set -gx ZENML_STORE_API_KEY '" + marker + "'\n" +
		"set -gx ZENML_ANALYTICS_OPT_IN 'false'\n"
	if code != 0 || stdout != want {
		t.Errorf("exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
}

func TestOutputFileIsPrivate(t *testing.T) {
	t.Setenv("ZK", marker)
	path := filepath.Join(t.TempDir(), "zenml-env.bat")
	os.WriteFile(path, []byte("old"), 0o644) // an existing, readable file
	code, stdout, stderr := zenv(t, "", "env", "cmd", "--url", "https://zenml.example.com", "--api-key-env", "ZK", "-o", path)
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), `@set "ZENML_STORE_API_KEY=`+marker+`"`) {
		t.Errorf("file holds:\n%s", b)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestRefusalLeavesTheOutputFileAlone(t *testing.T) {
	t.Setenv("ZK", marker)
	path := filepath.Join(t.TempDir(), "zenml-env.bat")
	os.WriteFile(path, []byte("old"), 0o600)
	code, _, _ := zenv(t, "", "env", "cmd", "--url", "https://zenml.example.com", "--api-key-env", "ZK", "--set", "X=100%", "-o", path)
	if b, _ := os.ReadFile(path); code != 2 || string(b) != "old" {
		t.Errorf("exit %d, file now %q", code, b)
	}
}

func TestSetupPipesTheKeySourceIntoGh(t *testing.T) {
	tests := []struct{ flag, value, want string }{
		{"--api-key-env", "ZENML_PROD_KEY", "printenv ZENML_PROD_KEY | gh secret set ZENML_STORE_API_KEY\n"},
		{"--api-key-file", "/keys/it's prod.key", "cat '/keys/it'\\''s prod.key' | gh secret set ZENML_STORE_API_KEY\n"},
		{"--api-key-cmd", "op read op://ci/zenml/key; true", "sh -c 'op read op://ci/zenml/key; true' | gh secret set ZENML_STORE_API_KEY\n"},
		{"--api-key-stdin", "", "gh secret set ZENML_STORE_API_KEY < /dev/tty"},
	}
	for _, tt := range tests {
		args := []string{"env", "github", "--setup", "--url", "https://zenml.example.com", tt.flag}
		if tt.value != "" {
			args = append(args, tt.value)
		}
		code, stdout, stderr := zenv(t, "", args...)
		if code != 0 || !strings.Contains(stdout, tt.want) {
			t.Errorf("%s: exit %d, stderr %q, stdout:\n%s", tt.flag, code, stderr, stdout)
		}
	}
}

func TestHelpTopicsAndUnknownHelp(t *testing.T) {
	code, stdout, stderr := zenv(t, "", "help", "config")
	if code != 0 || !strings.Contains(stdout, "prefect_block: NAME") || !strings.Contains(stdout, "github_url_var: NAME") {
		t.Errorf("help config: exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	code, stdout, stderr = zenv(t, "", "help", "nosuch")
	if code != 2 || stdout != "" || !strings.Contains(stderr, `no help for "nosuch"`) {
		t.Errorf("help nosuch: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, stdout, _ = zenv(t, "", "help", "env")
	if code != 0 || !strings.Contains(stdout, "zenv env TARGET") {
		t.Errorf("help env: exit %d, stdout:\n%s", code, stdout)
	}
	// The topic is not a command: the word stays free for one.
	code, _, _ = zenv(t, "", "config")
	if code != 2 {
		t.Errorf("zenv config: exit %d, want 2 (no such command)", code)
	}
}
