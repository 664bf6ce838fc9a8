package lint

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestLintRunsNothingFromTheTreeItReads: a tree's git config and
// attributes can name programs (core.fsmonitor, a clean filter). Linting a
// pull request must not run them (found by the attack review: `git status`
// ran core.fsmonitor).
func TestLintRunsNothingFromTheTreeItReads(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("SKIPPED: git is not installed")
	}
	dir := t.TempDir()
	pwned := filepath.Join(t.TempDir(), "pwned")
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	os.WriteFile(filepath.Join(dir, "a.env"), []byte("NOTE=1\n"), 0o644)
	os.WriteFile(filepath.Join(dir, ".gitattributes"), []byte("*.env filter=evil\n"), 0o644)
	git("add", ".")
	git("commit", "-qm", "x")
	git("config", "core.fsmonitor", "touch "+pwned+"; false")
	git("config", "filter.evil.clean", "touch "+pwned+"; cat")
	os.WriteFile(filepath.Join(dir, "a.env"), []byte("NOTE=2\n"), 0o644) // changed: status would hash it
	if _, err := Run(context.Background(), []string{dir}, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(pwned); err == nil {
		t.Fatal("linting the tree ran a program its git config names")
	}
}
