package lint

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

func TestTheIgnoreMarkCountsOnlyAsAComment(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{`KEY=x # zenv-lint:ignore`, true},
		{`KEY=x # zenv-lint:ignore=ZL003`, true},
		{`KEY=x // zenv-lint:ignore=ZL001,ZL003`, true},
		{`ZENML_STORE_API_KEY="ZENKEY_abc zenv-lint:ignore"`, false},
		{`y: "ZENKEY_abc zenv-lint:ignore"`, false},
		{`url: https://x/zenv-lint:ignore`, false},
		{`KEY=x # zenv-lint:ignore-not`, false},
		{`KEY=x # zenv-lint:ignore=ZL001`, false},
	}
	for _, tt := range tests {
		if got := markedIgnore(tt.line, "ZL003"); got != tt.want {
			t.Errorf("markedIgnore(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestAKeyInAFileNameIsNotPrinted(t *testing.T) {
	dir := t.TempDir()
	name := "ZENKEY_eyJpZCI6ICJNQVJLRVIiLCAia2V5IjogIk1BUktFUi02NGhleCJ9.env"
	os.WriteFile(filepath.Join(dir, name), []byte("ZENML_URL=x\n"), 0o644)
	rep, err := Run(context.Background(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if strings.Contains(f.Path, "eyJpZCI6") {
			t.Errorf("a finding's path shows the key: %s", f.Path)
		}
	}
	if len(rep.Findings) == 0 {
		t.Fatal("no finding for ZENML_URL")
	}
}
