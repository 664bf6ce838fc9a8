package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/render"
)

// TestLdflagsStampTheVersion builds zenv as goreleaser does and reads the
// stamps back from both spellings of the question.
func TestLdflagsStampTheVersion(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "zenv")
	const pkg = "github.com/zenv-dev/zenv/internal/build"
	ldflags := "-s -w -X " + pkg + ".Version=1.2.3 -X " + pkg + ".Commit=0123abcd -X " + pkg + ".Date=2026-11-25T21:00:00Z"
	if out, err := exec.Command("go", "build", "-trimpath", "-ldflags", ldflags, "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version", "--json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var info struct{ Version, Commit, Date, Go string }
	if err := json.Unmarshal(out, &info); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if info.Version != "1.2.3" || info.Commit != "0123abcd" || info.Date != "2026-11-25T21:00:00Z" || !strings.HasPrefix(info.Go, "go1.") {
		t.Errorf("zenv version --json = %s", out)
	}
	text, _ := exec.Command(bin, "version").Output()
	flag, _ := exec.Command(bin, "--version").Output()
	if !strings.HasPrefix(string(text), "zenv 1.2.3\ncommit: 0123abcd\n") || string(flag) != string(text) {
		t.Errorf("zenv version:\n%s\nzenv --version:\n%s", text, flag)
	}
}

// TestCompletionOffersEveryTargetAfterEnv asks cobra's completion entry
// point what follows `zenv env `: every target and alias in the registry.
func TestCompletionOffersEveryTargetAfterEnv(t *testing.T) {
	code, out, stderr := zenv(t, "", "__complete", "env", "")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	offered := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		name, _, _ := strings.Cut(line, "\t")
		offered[name] = true
	}
	for _, name := range render.TargetNames() {
		if !offered[name] {
			t.Errorf("zenv env <TAB> does not offer %s; got:\n%s", name, out)
		}
	}
	if !strings.Contains(out, ":4\n") { // cobra.ShellCompDirectiveNoFileComp
		t.Errorf("completion should not fall back to file names:\n%s", out)
	}
}
