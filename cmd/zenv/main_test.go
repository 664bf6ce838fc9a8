package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/testsupport/cmdtest"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
	"github.com/zenv-dev/zenv/internal/textsafe"
	"github.com/zenv-dev/zenv/render"
)

// marker is a key that must never appear where a key must not be. It is
// ZENKEY_ + base64 of {"id": ..., "key": ...}, so every path takes it as a
// key (its id and secret are not ZenML's shape, which zenv warns about),
// and its base64 holds the word MARKER.
const marker = "ZENKEY_eyJpZCI6ICJNQVJLRVIiLCAia2V5IjogIk1BUktFUi02NGhleCJ9"

// zenv runs the command in process with a clean config location.
func zenv(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	f, out, errOut := cmdtest.Factory(t, os.Getenv)
	f.IOStreams.In = strings.NewReader(stdin)
	code = run(args, f)
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
		{"two targets", []string{"env", "bash", "zsh"}, "zenv env takes one target, got 2"},
		{"run without a command", append([]string{"run"}, base...), "zenv run needs a command"},
		{"run with a bad url", []string{"run", "--url", "zenml.example.com", "--api-key-env", "ZK", "--", "true"}, `did you mean https://zenml.example.com?`},
		{"run without a key", []string{"run", "--url", "https://zenml.example.com", "--", "true"}, "no api key source"},
		{"unknown flag", []string{"env", "bash", "--verbose"}, "unknown flag: --verbose"},
		{"a key on the command line", []string{"env", "bash", "--api-key=" + marker}, "unknown flag: --api-key"},
		{"a key given as the url", []string{"env", "bash", "--url", marker, "--api-key-env", "ZK"}, "holds something shaped like a ZenML api key"},
		{"unknown command", []string{"evn"}, `unknown command "evn"`},
		{"unknown lint format", []string{"lint", "--format", "jsno"}, `unknown format "jsno"; did you mean "json"? use one of text, json, sarif; see 'zenv lint --help'`},
		{"unknown doctor format", []string{"doctor", "--format=sarif"}, `unknown format "sarif"; use one of text, json, github; see 'zenv doctor --help'`},
		{"unknown command before its flags", []string{"evn", "bash", "-p", "prod"}, `unknown command "evn"; did you mean "env"?`},
		{"unknown command before a long flag", []string{"evn", "bash", "--profile=prod", "--url", "x"}, `unknown command "evn"; did you mean "env"?`},
		{"unknown subcommand before its flags", []string{"profile", "lsit", "--json", "-x"}, `unknown profile command "lsit"; did you mean "list"?`},
		{"zsh arithmetic name", append([]string{"env", "zsh", "--set", "SAVEHIST=path[$(id)1]"}, base...), "zsh refuses the variable SAVEHIST: zsh evaluates it as arithmetic, and a subscript there runs command substitutions; pass --allow-name SAVEHIST to set it anyway"},
		{"a name that loads code", append([]string{"env", "fish", "--set", "LD_PRELOAD=/tmp/x.so"}, base...), "fish refuses the variable LD_PRELOAD: the dynamic loader"},
		{"pull step requires", append([]string{"env", "prefect", "--form", "pull-step", "--set", "requires=evil"}, base...), "pip installs its value"},
		{"allow-name for another name", append([]string{"env", "bash", "--set", "PS1=x", "--allow-name", "PS2"}, base...), "pass --allow-name PS1"},
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
func TestAllowNameSetsASpecialNameWithAWarning(t *testing.T) {
	t.Setenv("ZK", marker)
	code, stdout, stderr := zenv(t, "", "env", "zsh", "--url", "https://zenml.example.com", "--api-key-env", "ZK",
		"--set", "SAVEHIST=1000", "--allow-name", "SAVEHIST")
	if code != 0 || !strings.Contains(stdout, "export SAVEHIST='1000'") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if want := "zenv: warning: setting SAVEHIST as --allow-name asks, though zsh evaluates it as arithmetic"; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q does not warn %q", stderr, want)
	}
}

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
		{"env", "github"}, {"env", "prefect"},
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

// wellFormed is a key of ZenML's exact shape (a UUID id, 64 hex digits), so
// zenv has nothing to warn about.
const wellFormed = "ZENKEY_eyJpZCI6ICIzYTJlOWQ0Mi0xYjZjLTRlMGEtOWM1Ni0yZjhkN2U0YjFhMDAiLCAia2V5IjogIjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYifQ=="

func TestTerminalHintGoesToStderrOnlyOnATerminal(t *testing.T) {
	t.Setenv("ZK", wellFormed)
	for _, tty := range []bool{false, true} {
		io, _, out, errOut := teststreams.New()
		io.StdoutTTY = tty
		// --reveal: on a terminal the key is hidden, with a notice of its own.
		code := run([]string{"env", "powershell", "--url", "https://zenml.example.com", "--api-key-env", "ZK", "--reveal"}, testFactory(io))
		hint := "zenv: to apply this, run: zenv env powershell --url https://zenml.example.com --api-key-env ZK | Out-String | Invoke-Expression\n"
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
		"# Apply: zenv env fish -p prod --config " + cfg + " | source\n" +
		"set -e ZENML_STORE_VERIFY_SSL; or true\nset -e ZENML_ACTIVE_PROJECT_ID; or true\nset -e ZENML_ACTIVE_STACK_ID; or true\nset -e ZENML_ACTIVE_WORKSPACE_ID; or true\n" +
		"set -e ZENML_STORE_API_TOKEN; or true\nset -e ZENML_STORE_HTTP_TIMEOUT; or true\nset -e ZENML_STORE_PASSWORD; or true\nset -e ZENML_STORE_TYPE; or true\nset -e ZENML_STORE_USERNAME; or true\n" +
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

// TestSetupScriptNeverStoresAnEmptySecret runs the --setup script in real
// bash with a fake gh that records what it was given: a working source
// reaches gh on stdin, and any failing source stops the script before gh
// runs, so the secret is never replaced by an empty one.
func TestSetupScriptNeverStoresAnEmptySecret(t *testing.T) {
	bin := t.TempDir()
	record := filepath.Join(bin, "gh-stdin")
	os.WriteFile(filepath.Join(bin, "gh"), []byte("#!/bin/sh\ncat > '"+record+"'\necho \"$@\" >> '"+record+".args'\n"), 0o755)
	keyFile := writeFile(t, "prod.key", marker+"\n")
	crlfFile := writeFile(t, "crlf.key", marker+"\r\n")
	t.Setenv("ZENML_PROD_KEY", marker)
	tests := []struct {
		name    string
		flags   []string
		runEnv  []string // the environment the script runs in
		wantGh  bool
		wantErr string // at generation time
	}{
		{"env", []string{"--api-key-env", "ZENML_PROD_KEY"}, []string{"ZENML_PROD_KEY=" + marker}, true, ""},
		{"env unset when the script runs", []string{"--api-key-env", "ZENML_PROD_KEY"}, nil, false, ""},
		{"env unset when generated", []string{"--api-key-env", "NOT_SET_ANYWHERE"}, nil, false, "would read the key from environment variable NOT_SET_ANYWHERE, which fails here"},
		{"file", []string{"--api-key-file", keyFile}, nil, true, ""},
		{"missing file", []string{"--api-key-file", keyFile + ".missing"}, nil, false, "which fails here"},
		{"command", []string{"--api-key-cmd", "cat '" + keyFile + "'"}, nil, true, ""},
		{"failing command", []string{"--api-key-cmd", "false"}, nil, false, ""},
		{"command printing nothing", []string{"--api-key-cmd", "true"}, nil, false, ""},
		{"a path no shell can hold", []string{"--api-key-file", "/tmp/a\x00b"}, nil, false, "NUL"},
		{"a key file ending in CR LF", []string{"--api-key-file", crlfFile}, nil, true, ""},
		{"a command printing two lines", []string{"--api-key-cmd", "printf 'a\\nb\\n'"}, nil, false, ""},
		{"a command printing blanks", []string{"--api-key-cmd", "printf '  \\n'"}, nil, false, ""},
		{"a file holding the environment", []string{"--api-key-file", "/proc/self/environ"}, nil, false, "NUL byte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(record)
			code, stdout, stderr := zenv(t, "", append([]string{"env", "github", "--setup", "--url", "https://zenml.example.com"}, tt.flags...)...)
			if tt.wantErr != "" {
				if code != 2 || stdout != "" || !strings.Contains(stderr, tt.wantErr) {
					t.Fatalf("exit %d, stderr %q, want %q", code, stderr, tt.wantErr)
				}
				return
			}
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if strings.Contains(stdout, "MARKER") {
				t.Fatalf("the script holds the key:\n%s", stdout)
			}
			cmd := exec.Command("bash")
			cmd.Stdin = strings.NewReader(stdout)
			cmd.Env = append([]string{"PATH=" + bin + ":/usr/bin:/bin"}, tt.runEnv...)
			out, err := cmd.CombinedOutput()
			got, readErr := os.ReadFile(record)
			ran := readErr == nil
			if ran != tt.wantGh {
				t.Fatalf("gh ran: %v, want %v (script: %v, %s)", ran, tt.wantGh, err, out)
			}
			if ran && string(got) != marker {
				t.Errorf("gh read %q, want the key", got)
			}
			if !ran && err == nil {
				t.Errorf("the script exited 0 without setting the secret: %s", out)
			}
		})
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
	if code != 0 || !strings.Contains(stdout, "zenv env [TARGET]") {
		t.Errorf("help env: exit %d, stdout:\n%s", code, stdout)
	}
	// The topic is not a command: the word stays free for one.
	code, _, _ = zenv(t, "", "config")
	if code != 2 {
		t.Errorf("zenv config: exit %d, want 2 (no such command)", code)
	}
}

// TestPrintedCommandsReproduceTheOutputOrAreLeftOut runs the command a
// header prints and compares the bytes; a command that cannot be shown
// safely is not printed at all.
func TestPrintedCommandsReproduceTheOutputOrAreLeftOut(t *testing.T) {
	t.Setenv("ZK", marker)
	for _, args := range [][]string{
		{"env", "bash", "--url", "https://zenml.example.com", "--api-key-env", "ZK", "--set", "NOTE=a b", "--project", "0f8a2c4e-7b1d-4c3e-9a6f-5d2b8e1c0a94"},
		{"env", "zsh", "--url", "https://zenml.example.com", "--unset", "--set", "X=1"},
		{"env", "fish", "--url", "https://zenml.example.com", "--api-key-cmd", "printenv ZK"},
	} {
		code, stdout, stderr := zenv(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		line := strings.SplitN(stdout, "\n", 3)[1]
		printed := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(line, "# Apply: "), " | source"), "")
		printed = strings.TrimSuffix(strings.TrimPrefix(printed, `out=$(`), `) && eval "$out"`)
		words, err := shellSplit(printed)
		if err != nil || words[0] != "zenv" {
			t.Fatalf("%v: header %q: %v", args, line, err)
		}
		_, again, _ := zenv(t, "", words[1:]...)
		if again != stdout {
			t.Errorf("%v: the printed command %q gives other bytes:\n%s\nwant\n%s", args, printed, again, stdout)
		}
	}
	for _, args := range [][]string{
		{"env", "bash", "--url", "https://zenml.example.com", "--api-key-env", "ZK", "--set", "NOTE=it's"},
		{"env", "bash", "--url", "https://zenml.example.com", "--api-key-env", "ZK", "--allow-unknown", "--set", "ZENML_STORE_PASSWORD=hunter2-secret"},
	} {
		for _, target := range []string{"bash", "github --form github-env", "github --setup", "prefect"} {
			args := append(append([]string{"env"}, strings.Fields(target)...), args[2:]...)
			code, stdout, stderr := zenv(t, "", args...)
			// A printed command would carry the flags, --url first; a shell
			// writes the password as a value, CI targets reference it.
			var shown string
			for _, l := range strings.Split(stdout, "\n") {
				if strings.HasPrefix(l, "#") || target != "bash" && !strings.Contains(target, "github-env") {
					shown += l + "\n" // comments; and all of a CI file
				}
			}
			if code != 0 || strings.Contains(stdout, "--url") || strings.Contains(shown, "hunter2") {
				t.Errorf("%v: exit %d, %s, stdout:\n%s", args, code, stderr, stdout)
			}
		}
	}
}

// shellSplit splits a command line the way a POSIX shell would.
func shellSplit(s string) ([]string, error) {
	out, err := exec.Command("bash", "-c", "eval \"set -- $1\"; printf '%s\\0' \"$@\"", "x", s).Output()
	if err != nil {
		return nil, err
	}
	return strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00"), nil
}

// TestCommittedOutputNeverShowsTheKeySource: a key command can hold a
// token of its own; CI output, meant to be committed, names no key source
// (found by the attack review).
func TestCommittedOutputNeverShowsTheKeySource(t *testing.T) {
	for _, args := range [][]string{
		{"env", "github"}, {"env", "github", "--form", "workflow"}, {"env", "prefect"}, {"env", "prefect", "--form", "pull-step"},
	} {
		code, stdout, stderr := zenv(t, "", append(args, "--url", "https://zenml.example.com", "--api-key-cmd", "VAULT_TOKEN=hvs.CAESIsecret vault kv get x")...)
		if code != 0 || strings.Contains(stdout, "hvs.CAESI") || strings.Contains(stdout, "api-key-cmd") {
			t.Errorf("%v: exit %d, %s\n%s", args, code, stderr, stdout)
		}
	}
}

// TestMistakesFoundByTheAttackReviewGetOneClearLine: each is exit 2, one
// line, and says what to do.
func TestMistakesFoundByTheAttackReviewGetOneClearLine(t *testing.T) {
	t.Setenv("ZK", marker)
	keyFile := writeFile(t, "prod.key", marker+"\n")
	base := []string{"--url", "https://zenml.example.com", "--api-key-env", "ZK"}
	tests := []struct {
		args []string
		want string
	}{
		{append([]string{"env", "bash", "--api-key", "x"}, base...), "no flag takes the key itself"},
		{append([]string{"env", "bash", "--frm", "x"}, base...), "did you mean --form?"},
		{append([]string{"env", "bash", "--allow-name", "a b"}, base...), `--allow-name "a b": a variable name is`},
		{append([]string{"env", "bash", "-o", ""}, base...), "-o needs a path"},
		{append([]string{"env", "bash", "--api-key-timeout", "0s"}, base...), "give a time above zero"},
		{[]string{"env", "bash", "--url", "https://zenml.example.com", "--api-key-file", keyFile, "-o", keyFile}, "is the api key file zenv reads"},
	}
	for _, tt := range tests {
		code, stdout, stderr := zenv(t, "", tt.args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q, want %q", tt.args, code, stderr, tt.want)
		}
	}
	if b, _ := os.ReadFile(keyFile); string(b) != marker+"\n" {
		t.Errorf("-o replaced the key file")
	}
}

// TestAMistypedSubcommandFails: cobra printed help and exited 0 for
// `zenv key remove prod`, so a script believed the key was gone (found by
// the attack review).
func TestAMistypedSubcommandFails(t *testing.T) {
	for _, args := range [][]string{{"key", "remove", "prod"}, {"profile", "delete", "x"}, {"key", "nosuch"}, {"completion", "nosuch"}} {
		code, stdout, stderr := zenv(t, "", args...)
		if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %d bytes, stderr %q", args, code, len(stdout), stderr)
		}
	}
}

// TestErrorsEscapeControlCharacters: an error naming a path prints the
// path's controls escaped, so a name cannot clear the terminal or start a
// second line a CI runner reads as a command.
func TestErrorsEscapeControlCharacters(t *testing.T) {
	code, stdout, stderr := zenv(t, "", "lint", "no\x1b[2J\n::error::x\u202efile")
	if code != cmdutil.ExitInput || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	if strings.Count(stderr, "\n") != 1 || textsafe.Escape(strings.TrimSuffix(stderr, "\n")) != strings.TrimSuffix(stderr, "\n") || !strings.Contains(stderr, `no\x1b[2J`) {
		t.Errorf("stderr %q", stderr)
	}
}
