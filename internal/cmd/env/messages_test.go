package env

import (
	"strings"
	"testing"
)

// TestTheTerminalHintFitsTheForm: github-env runs in a step and setup is
// piped to bash; the hint said to paste both into the workflow.
func TestTheTerminalHintFitsTheForm(t *testing.T) {
	for _, c := range []struct {
		form, want string
	}{
		{"", "then paste it into the workflow"},
		{"github-env", `&& eval "$out" || exit 1, in a run: step of the job`},
		{"setup", " | bash, in a clone of the repository"},
	} {
		args := []string{"github"}
		if c.form != "" {
			args = append(args, "--form", c.form)
		}
		code, _, stderr := envOnTTY(t, true, args...)
		_, hint, _ := strings.Cut(stderr, "to apply this, run: ")
		hint, _, _ = strings.Cut(hint, "\n")
		if code != 0 || !strings.Contains(hint, c.want) {
			t.Errorf("--form %q: exit %d, stderr:\n%s", c.form, code, stderr)
		}
		if c.form != "" && strings.Contains(hint, "paste") {
			t.Errorf("--form %s says to paste it:\n%s", c.form, stderr)
		}
	}
}

// TestAnUnknownFormOfASingleFormTargetNamesTheForm: "it has a single form"
// did not say which, so the user could not pick it.
func TestAnUnknownFormOfASingleFormTargetNamesTheForm(t *testing.T) {
	code, stdout, stderr := envOnTTY(t, false, "bash", "--form", "defualt")
	if code != 2 || stdout != "" || !strings.Contains(stderr, "it has a single form, default") {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
}

// TestIntoStandardOutputAsksForAPath: --into - suggested "-o -", which
// prints a whole new file instead of editing one.
func TestIntoStandardOutputAsksForAPath(t *testing.T) {
	code, stdout, stderr := envOnTTY(t, false, "prefect", "--into", "-")
	if code != 2 || stdout != "" || !strings.Contains(stderr, "--into edits a prefect.yaml in place and needs its path") || strings.Contains(stderr, "-o -") {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
}
