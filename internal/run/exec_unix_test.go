//go:build unix

package run

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as a small zenv run: with ZENV_RUN_TEST_EXEC=1 it
// execs its arguments with a profile's URL, as the command will.
func TestMain(m *testing.M) {
	if os.Getenv("ZENV_RUN_TEST_EXEC") == "1" {
		env, err := Environ(os.Environ(), []Var{{"ZENML_STORE_URL", "https://zenml.example.com"}})
		if err == nil {
			err = Exec(os.Args[1:], env)
		}
		var ee *ExitError
		if errors.As(err, &ee) {
			fmt.Fprintf(os.Stderr, "zenv: %v\n", ee)
			os.Exit(ee.Code)
		}
		fmt.Fprintf(os.Stderr, "zenv: %v\n", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

type result struct {
	stdout, stderr string
	code           int
	signal         syscall.Signal
	pid            int
}

// zenvRun runs the test binary as `zenv run -- argv...`, for at most 10s.
func zenvRun(t *testing.T, env []string, argv ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], argv...)
	cmd.Env = append(os.Environ(), append(env, "ZENV_RUN_TEST_EXEC=1")...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("running the helper: %v", err)
	}
	r := result{stdout: o.String(), stderr: e.String(), code: cmd.ProcessState.ExitCode(), pid: cmd.Process.Pid}
	if ws := cmd.ProcessState.Sys().(syscall.WaitStatus); ws.Signaled() {
		r.signal = ws.Signal()
	}
	return r
}

func TestExecBecomesTheCommand(t *testing.T) {
	r := zenvRun(t, nil, "sh", "-c", `echo $$`)
	if got := strings.TrimSpace(r.stdout); got != strconv.Itoa(r.pid) {
		t.Errorf("the command ran as pid %s, zenv was %d: not an exec", got, r.pid)
	}
}

func TestExecPassesTheCommandsExitStatus(t *testing.T) {
	if r := zenvRun(t, nil, "sh", "-c", "exit 3"); r.code != 3 || r.stderr != "" {
		t.Errorf("exit %d, stderr %q; want 3 and nothing", r.code, r.stderr)
	}
	// SIGTERM kills zenv's pid itself, so the caller sees the signal, and
	// a shell reports 128+15.
	if r := zenvRun(t, nil, "sh", "-c", "kill -TERM $$"); r.signal != syscall.SIGTERM {
		t.Errorf("exit %d, signal %v; want killed by SIGTERM", r.code, r.signal)
	}
	r := zenvRun(t, nil, "sh", "-c", `"$0" sh -c 'kill -TERM $$'; echo "status $?"`, os.Args[0])
	if strings.TrimSpace(r.stdout) != "status 143" {
		t.Errorf("a shell saw %q, want status 143", r.stdout)
	}
}

func TestExecPassesArgumentsUntouched(t *testing.T) {
	args := []string{"a b", "", "$(id)", "it's", "*", "x\ny", `\"`, "--", "-p"}
	r := zenvRun(t, nil, append([]string{"sh", "-c", `for a; do printf '[%s]' "$a"; done`, "zenv-argv"}, args...)...)
	want := ""
	for _, a := range args {
		want += "[" + a + "]"
	}
	if r.code != 0 || r.stdout != want {
		t.Errorf("exit %d, the command saw %q, want %q (stderr %q)", r.code, r.stdout, want, r.stderr)
	}
}

func TestExecGivesTheProfileNotTheStaleConnection(t *testing.T) {
	r := zenvRun(t, []string{"ZENML_STORE_URL=https://stale.example.com", "ZENML_STORE_API_TOKEN=stale", "ZENML_CONFIG_PATH=/kept"},
		"sh", "-c", `printf '%s|%s|%s' "$ZENML_STORE_URL" "${ZENML_STORE_API_TOKEN-unset}" "$ZENML_CONFIG_PATH"`)
	if want := "https://zenml.example.com|unset|/kept"; r.stdout != want {
		t.Errorf("the command saw %q, want %q", r.stdout, want)
	}
}

func TestExecExitCodesOfACommandThatDoesNotRun(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plain := write("plain", "#!/bin/sh\necho hi\n", 0o644)
	write("in-path-not-exec", "#!/bin/sh\necho hi\n", 0o644)
	noShebang := write("noshebang", "\x7fELF-but-not-really\x00\x01", 0o755)
	badInterp := write("badinterp", "#!/nonexistent/zenv-interp\n", 0o755)
	tests := []struct {
		name string
		argv []string
		code int
		want string
	}{
		{"not in PATH", []string{"zenv-no-such-command"}, 127, `command "zenv-no-such-command" not found in PATH`},
		{"no such path", []string{filepath.Join(dir, "missing")}, 127, "does not exist"},
		{"empty name", []string{""}, 127, "the command name is empty"},
		{"not executable", []string{plain}, 126, "permission denied"},
		{"not executable in PATH", []string{"in-path-not-exec"}, 126, "is not executable; chmod +x it"},
		{"a directory", []string{dir}, 126, "is a directory"},
		{"exec format error", []string{noShebang}, 126, "a script needs a #! line"},
		{"missing interpreter", []string{badInterp}, 126, "#! interpreter or loader is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := zenvRun(t, []string{"PATH=" + dir + ":" + os.Getenv("PATH")}, tt.argv...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tt.code, tt.want)
			}
			if strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
				t.Errorf("want one line on stderr and nothing on stdout: %q, %q", r.stderr, r.stdout)
			}
		})
	}
}

func TestExecRefusesACommandFoundThroughARelativePath(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ls"), []byte("#!/bin/sh\necho trojan\n"), 0o755)
	cmd := exec.Command(os.Args[0], "ls")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ZENV_RUN_TEST_EXEC=1", "PATH=.")
	out, _ := cmd.CombinedOutput()
	if cmd.ProcessState.ExitCode() != 126 || !strings.Contains(string(out), "relative directory in PATH") {
		t.Errorf("exit %d: %s", cmd.ProcessState.ExitCode(), out)
	}
}
