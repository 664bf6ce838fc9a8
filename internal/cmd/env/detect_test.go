package env

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/shelldetect"
	"github.com/zenv-dev/zenv/internal/testsupport/cmdtest"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
)

// envNoTarget runs `zenv env` with no target, the shell detected as given.
func envNoTarget(t *testing.T, tty bool, detected shelldetect.Shell, detectErr error, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	f, out, errOut := cmdtest.Factory(t, func(string) string { return "ZENKEY_x" })
	f.IOStreams.StdoutTTY = tty
	cmd := NewCmdEnv(f, func(o *EnvOptions) error {
		o.DetectShell = func() (shelldetect.Shell, error) { return detected, detectErr }
		return envRun(o)
	})
	cmd.SetArgs(append([]string{"--url", "https://zenml.example.com", "--api-key-env", "K"}, args...))
	err := cmd.Execute()
	if err != nil {
		fmt.Fprintf(errOut, "zenv: %v\n", err)
	}
	return cmdutil.ExitCode(err), out.String(), errOut.String()
}

func TestNoTargetWritesForTheDetectedShell(t *testing.T) {
	fish := shelldetect.Shell{Target: "fish", Name: "/usr/bin/fish", From: "parent process"}
	for _, tty := range []bool{false, true} {
		code, stdout, stderr := envNoTarget(t, tty, fish, nil)
		if code != 0 || !strings.Contains(stdout, "set -gx ZENML_STORE_URL 'https://zenml.example.com'") {
			t.Errorf("tty=%v: exit %d, stdout %q, stderr %q", tty, code, stdout, stderr)
		}
		note := "zenv: no target given; writing for fish (parent process /usr/bin/fish)\n"
		if strings.Contains(stderr, note) != tty {
			t.Errorf("tty=%v: the note on stderr is %v, want it only on a terminal: %q", tty, !tty, stderr)
		}
		if strings.Contains(stdout, "no target given") {
			t.Errorf("the note reached stdout")
		}
	}
}

func TestNoTargetRefusalIsOneLineOnATerminal(t *testing.T) {
	fish := shelldetect.Shell{Target: "fish", Name: "/usr/bin/fish", From: "parent process"}
	code, stdout, stderr := envNoTarget(t, true, fish, nil, "--set", "ZENML_URL=https://x")
	if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "did you mean ZENML_STORE_URL?") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2 and the refusal alone", code, stdout, stderr)
	}
}

func TestNoTargetAndNoShellAsksForOne(t *testing.T) {
	tests := []struct {
		name  string
		shell shelldetect.Shell
		err   error
		want  string
	}{
		{"nothing known", shelldetect.Shell{}, fmt.Errorf("%w (parent process %q, $SHELL %q)", shelldetect.ErrUnknown, "make", ""), `cannot tell which shell runs zenv (parent process "make", $SHELL ""); name the target: zenv env TARGET (targets: bash,`},
		{"a shell without a target", shelldetect.Shell{Target: "elvish", Name: "elvish", From: "$SHELL"}, nil, "the shell is elvish ($SHELL elvish), which zenv has no target for; name the target"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := envNoTarget(t, true, tt.shell, tt.err)
			if code != 2 || stdout != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, stdout, stderr, tt.want)
			}
		})
	}
}

// TestDetectionIsTheRealOneByDefault: NewCmdEnv wires shelldetect, so a
// run with no target never lacks a detector.
func TestDetectionIsTheRealOneByDefault(t *testing.T) {
	io, _, _, _ := teststreams.New()
	var got *EnvOptions
	cmd := NewCmdEnv(&cmdutil.Factory{IOStreams: io}, func(o *EnvOptions) error { got = o; return nil })
	cmd.SetArgs(nil)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Target != "" || got.DetectShell == nil {
		t.Fatalf("target %q, detector %v", got.Target, got.DetectShell != nil)
	}
	want, wantErr := shelldetect.Detect(shelldetect.OS{})
	sh, err := got.DetectShell()
	if sh != want || !errors.Is(err, wantErr) && (err == nil) != (wantErr == nil) {
		t.Errorf("DetectShell = %v, %v; shelldetect says %v, %v", sh, err, want, wantErr)
	}
}
