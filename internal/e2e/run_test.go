//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestRunExitCodesAsShellsReportThem runs `zenv run` from the built binary
// under dash and checks what the calling shell sees: the command's own
// status, 128+N for a signal (zenv has become the command, so the signal
// kills zenv's pid), 127 and 126 for a command that does not run, 2 for
// zenv's own errors.
func TestRunExitCodesAsShellsReportThem(t *testing.T) {
	dash := need(t, "dash")
	peer, ver := "zenv run (dash)", debianVersion("dash")
	dir := t.TempDir()
	notExec := filepath.Join(dir, "not-executable")
	os.WriteFile(notExec, []byte("#!/bin/sh\necho ran\n"), 0o644)
	zrun := zenvBin + " run --url https://zenml.example.com --api-key-env ZK --"
	tests := []struct {
		name   string
		script string
		want   string // the last line the script prints
		stderr string // a line zenv must print, or ""
	}{
		{"the command's status", zrun + ` sh -c 'exit 3'; echo "status $?"`, "status 3", ""},
		{"success", zrun + ` true; echo "status $?"`, "status 0", ""},
		{"killed by SIGTERM", zrun + ` sh -c 'kill -TERM $$'; echo "status $?"`, "status 143", ""},
		{"killed by SIGKILL", zrun + ` sh -c 'kill -KILL $$'; echo "status $?"`, "status 137", ""},
		{"same pid: signals reach the command", zrun + ` sh -c 'echo "pid $$"' & wait $!; echo "child $!"`, "", ""},
		{"missing command", zrun + ` zenv-e2e-no-such-command; echo "status $?"`, "status 127", `zenv: command "zenv-e2e-no-such-command" not found in PATH`},
		{"not executable", zrun + " " + notExec + `; echo "status $?"`, "status 126", "permission denied"},
		{"no command", zrun + `; echo "status $?"`, "status 2", "zenv: "},
		{"zenv's own error", zenvBin + ` run --url zenml.example.com --api-key-env ZK -- true; echo "status $?"`, "status 2", "did you mean https://zenml.example.com?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := run(t, time.Minute, baseEnv(dir, "ZK="+testKey), dir, dash, "-c", tt.script)
			lines := strings.Split(strings.TrimSpace(out), "\n")
			last := lines[len(lines)-1]
			ok := err == nil && (tt.want == "" || last == tt.want) && strings.Contains(out, tt.stderr)
			if tt.want == "" { // same pid: the command's $$ is the pid dash started
				m := regexp.MustCompile(`pid (\d+)\s+child (\d+)`).FindStringSubmatch(out)
				ok = m != nil && m[1] == m[2]
			}
			if strings.Contains(out, testKey) {
				ok = false
				t.Errorf("the key reached the output")
			}
			summary.record(peer, ver, ok)
			if !ok {
				t.Errorf("%s:\n%s\nwant last line %q and %q", tt.script, out, tt.want, tt.stderr)
			}
		})
	}
}

// TestRunGivesPythonTheProfile is the example: a profile's URL
// reaches a Python program's os.environ, and the key is in the command's
// environment but not in its argv.
func TestRunGivesPythonTheProfile(t *testing.T) {
	py := need(t, filepath.Join(cacheDir, "venv-zenml", "bin", "python"))
	peer, ver := "zenv run (python)", version(py, "--version")
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	os.WriteFile(keyFile, []byte(testKey+"\n"), 0o600)
	config := filepath.Join(dir, "config.yaml")
	os.WriteFile(config, []byte(fmt.Sprintf("profiles:\n  prod:\n    url: https://zenml.example.com/\n    api_key: {file: %s}\n", keyFile)), 0o600)
	tests := []struct {
		name, code, want string
	}{
		{"the url", `import os; print(os.environ["ZENML_STORE_URL"])`, "https://zenml.example.com"},
		{"the key, exactly", `import os; print(os.environ["ZENML_STORE_API_KEY"] == "` + testKey + `")`, "True"},
		{"not in argv", `import os; print(os.environ["ZENML_STORE_API_KEY"] in open("/proc/self/cmdline").read())`, "False"},
		{"stale connection gone", `import os; print(os.environ.get("ZENML_STORE_API_TOKEN", "unset"))`, "unset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := run(t, time.Minute, baseEnv(dir, "ZENV_CONFIG="+config, "ZENML_STORE_API_TOKEN=stale"), dir,
				zenvBin, "run", "-p", "prod", "--", py, "-c", tt.code)
			ok := err == nil && strings.TrimSpace(out) == tt.want
			summary.record(peer, ver, ok)
			if !ok {
				t.Errorf("%v: %q, want %q", err, out, tt.want)
			}
		})
	}
}

// TestEnvDetectsTheShell runs `zenv env` with no target under each real
// shell, with $SHELL naming another shell, so only the parent process can
// have told zenv which shell it is: the output must be that shell's, and
// applying it there must set the URL.
func TestEnvDetectsTheShell(t *testing.T) {
	args := "--url https://zenml.example.com --api-key-env ZK"
	posix := fmt.Sprintf(`%[1]s env %[2]s | head -n 3; eval "$(%[1]s env %[2]s)"; echo "url=$ZENML_STORE_URL"`, zenvBin, args)
	fish := fmt.Sprintf(`%[1]s env %[2]s | head -n 3; %[1]s env %[2]s | source; echo "url=$ZENML_STORE_URL"`, zenvBin, args)
	tests := []struct {
		shell, target, script, login string
	}{
		{"bash", "bash", posix, "/usr/bin/fish"},
		{"zsh", "zsh", posix, "/bin/bash"},
		{"dash", "sh", posix, "/bin/bash"},
		{"sh", "sh", posix, "/usr/bin/zsh"}, // /bin/sh is dash on Debian
		{"fish", "fish", fish, "/bin/bash"},
	}
	for _, tt := range tests {
		t.Run(tt.shell, func(t *testing.T) {
			bin := need(t, tt.shell)
			ver := version(bin, "--version")
			if tt.shell == "dash" || tt.shell == "sh" {
				ver = debianVersion("dash")
			}
			dir := t.TempDir()
			out, err := run(t, time.Minute, baseEnv(dir, "ZK="+testKey, "SHELL="+tt.login), dir, bin, "-c", tt.script)
			ok := err == nil && appliedTarget(out) == tt.target && strings.Contains(out, "url=https://zenml.example.com\n")
			summary.record("zenv env detects "+tt.shell, ver, ok)
			if !ok {
				t.Errorf("under %s (SHELL=%s) zenv env picked %q, want %q: %v\n%s", tt.shell, tt.login, appliedTarget(out), tt.target, err, out)
			}
		})
	}
	t.Run("$SHELL when the parent is no shell", func(t *testing.T) {
		dir := t.TempDir()
		// The parent is this test binary.
		out, err := run(t, time.Minute, baseEnv(dir, "ZK="+testKey, "SHELL=/usr/bin/zsh"), dir, zenvBin, strings.Fields("env "+args)...)
		ok := err == nil && appliedTarget(out) == "zsh"
		summary.record("zenv env detects $SHELL", "", ok)
		if !ok {
			t.Errorf("picked %q, want zsh from $SHELL: %v\n%s", appliedTarget(out), err, out)
		}
	})
}

// appliedTarget reads the target from the output's Apply comment, which
// names it: # Apply: out=$(zenv env bash) && eval "$out".
func appliedTarget(out string) string {
	m := regexp.MustCompile(`zenv env (\w+)`).FindStringSubmatch(out)
	if m == nil {
		return ""
	}
	return m[1]
}
