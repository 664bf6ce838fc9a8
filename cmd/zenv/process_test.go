package main

import (
	"encoding/base64"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildZenv builds the real binary once per test run: these tests need a
// real process, its exit status and its file descriptors.
func buildZenv(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "zenv")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestWriteFailuresExitOneWithOneLine: a full disk, a closed pipe and a
// closed stdout are failures to write (exit 1), never a silent 0, a 2 or a
// death by SIGPIPE (141).
func TestWriteFailuresExitOneWithOneLine(t *testing.T) {
	bin := buildZenv(t)
	env := "ZK=" + marker + " ZENV_CONFIG=/nonexistent/zenv.yaml"
	run := "env " + env + " " + bin + " env bash --url https://zenml.example.com --api-key-env ZK"
	tests := []struct{ name, script, want string }{
		{"version into a full disk", bin + " --version >/dev/full; echo $?", "cannot write the output"},
		{"help into a full disk", bin + " help env >/dev/full; echo $?", "cannot write the output"},
		{"output into a full disk", run + " >/dev/full; echo $?", "no space left on device"},
		{"a closed stdout", run + " >&-; echo $?", "standard output was closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			errFile := filepath.Join(dir, "stderr")
			out, err := exec.Command("bash", "-c", "{ "+tt.script+"; } 2>"+errFile).Output()
			if err != nil {
				t.Fatal(err)
			}
			stderr, _ := os.ReadFile(errFile)
			if code := strings.TrimSpace(string(out)); code != "1" {
				t.Errorf("exit status %q, want 1 (stderr %q)", code, stderr)
			}
			if !strings.Contains(string(stderr), tt.want) || strings.Count(string(stderr), "\n") != 1 {
				t.Errorf("stderr %q, want one line with %q", stderr, tt.want)
			}
		})
	}
}

// TestAClosedPipeExitsOneNotBySignal gives zenv a pipe whose reader is
// already gone, so the write fails every time (a shell pipeline into
// `true` races: a small output may fit in the pipe before true exits).
func TestAClosedPipeExitsOneNotBySignal(t *testing.T) {
	bin := buildZenv(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	var stderr strings.Builder
	cmd := exec.Command(bin, "env", "bash", "--url", "https://zenml.example.com", "--api-key-env", "ZK")
	cmd.Env = []string{"ZK=" + marker, "ZENV_CONFIG=/nonexistent/zenv.yaml"}
	cmd.Stdout, cmd.Stderr = w, &stderr
	err = cmd.Run()
	w.Close()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("got %v (a death by SIGPIPE shows as -1), want exit 1; stderr %q", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "broken pipe") || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("stderr %q", stderr.String())
	}
}

// TestAClosedPipeEndsInformationalOutputQuietly gives each command a pipe
// whose reader is already gone. Help, lists, versions, completion scripts
// and lint's report end quietly with their own status (0, or lint's 1 for
// findings), as `zenv --help | head -1` under pipefail expects; zenv env,
// whose output is applied, still fails with exit 1 and says so.
func TestAClosedPipeEndsInformationalOutputQuietly(t *testing.T) {
	bin := buildZenv(t)
	goodKey := "ZENKEY_" + base64.StdEncoding.EncodeToString([]byte(`{"id": "12345678-1234-4abc-8def-0123456789ab", "key": "`+strings.Repeat("ab", 32)+`"}`))
	tree := filepath.Join("..", "..", "internal", "lint", "testdata", "tree")
	config := writeFile(t, "config.yaml", "default: prod\nprofiles:\n  prod:\n    url: https://zenml.example.com\n    api_key: {env: ZK}\n")
	tests := []struct {
		args     []string
		code     int
		inStderr string // "" for an empty stderr
	}{
		{[]string{"--help"}, 0, ""},
		{[]string{"help", "env"}, 0, ""},
		{[]string{"env", "--help"}, 0, ""},
		{[]string{"run", "--help"}, 0, ""},
		{[]string{"--version"}, 0, ""},
		{[]string{"version"}, 0, ""},
		{[]string{"targets"}, 0, ""},
		{[]string{"completion", "bash"}, 0, ""},
		{[]string{"profile", "list", "--config", config}, 0, ""},
		{[]string{"profile", "show", "prod", "--config", config}, 0, ""},
		{[]string{"lint", filepath.Join(tree, "zl005-pull-step-secret", "good")}, 0, ""},
		{[]string{"lint", filepath.Join(tree, "seed")}, 1, ""},
		{[]string{"doctor", "--offline", "--url", "https://zenml.example.com", "--api-key-env", "GOODKEY"}, 0, ""},
		// The marker is not a well-formed key: a failed check, exit 1.
		{[]string{"doctor", "--offline", "--url", "https://zenml.example.com", "--api-key-env", "ZK"}, 1, ""},
		{[]string{"env", "bash", "-p", "prod", "--config", config}, 1, "broken pipe"},
		{[]string{"env", "bash", "--url", "https://zenml.example.com", "--api-key-env", "ZK"}, 1, "broken pipe"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			r.Close()
			var stderr strings.Builder
			cmd := exec.Command(bin, tt.args...)
			cmd.Env = []string{"ZK=" + marker, "GOODKEY=" + goodKey, "ZENV_CONFIG=/nonexistent/zenv.yaml", "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
			cmd.Stdout, cmd.Stderr = w, &stderr
			err = cmd.Run()
			w.Close()
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.code {
				t.Errorf("exit %d, want %d (a death by SIGPIPE shows as -1); stderr %q", code, tt.code, stderr.String())
			}
			// A quiet end says nothing of the pipe (a command may still warn
			// about what it read, as doctor does about a malformed key).
			if tt.inStderr == "" && strings.Contains(stderr.String(), "pipe") || !strings.Contains(stderr.String(), tt.inStderr) {
				t.Errorf("stderr %q, want %q", stderr.String(), tt.inStderr)
			}
		})
	}
}
