//go:build e2e

package e2e

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// zenmlKey makes a key shaped as ZenML makes them.
func zenmlKey(prefix string, n int) string {
	body := fmt.Sprintf(`{"id": "%08x-1234-4abc-8def-0123456789ab", "key": "%064x"}`, n, n*104729)
	return prefix + base64.StdEncoding.EncodeToString([]byte(body))
}

// TestGitleaksRuleFromReadmeFindsWhatLintFinds runs the pinned gitleaks with
// the README's rule, and without it, on files holding ZenML keys under
// telling and unrelated names, next to prose that only mentions keys. With
// the rule gitleaks reports exactly the lines zenv lint's ZL003 reports;
// without it, it misses the key under an unrelated name (the README's
// reason for shipping the rule).
func TestGitleaksRuleFromReadmeFindsWhatLintFinds(t *testing.T) {
	gitleaks := need(t, filepath.Join(cacheDir, "bin", "gitleaks"))
	// A go-installed gitleaks reports no version; .ci/e2e stamps the pin.
	ver := "unknown"
	if pin, err := os.ReadFile(filepath.Join(cacheDir, "bin", ".gitleaks-version")); err == nil {
		ver = strings.TrimSpace(string(pin))
	}
	readme, err := os.ReadFile(filepath.Join(repoRoot, "docs", "lint.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rule, ok := strings.Cut(string(readme), "```toml\n")
	rule, _, ok2 := strings.Cut(rule, "```\n")
	if !ok || !ok2 {
		t.Fatal("docs/lint.md holds no ```toml block")
	}
	dir, work := t.TempDir(), t.TempDir()
	files := map[string]string{
		"settings.env": "ZENML_STORE_URL=https://zenml.example.com\nZENML_STORE_API_KEY=" + zenmlKey("ZENKEY_", 1) + "\n",
		"notes.txt":    "paste later:\n  MY_SETTING " + zenmlKey("ZENKEY_", 2) + "\nand the Pro one \"" + zenmlKey("ZENPROKEY_", 3) + "\"\n",
		"prose.md":     "Keys look like ZENKEY_... and ZENPROKEY_...; ZENKEY_benchmark is a test value.\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	withRule := filepath.Join(work, "with-rule.toml")
	os.WriteFile(withRule, []byte("[extend]\nuseDefault = true\n\n"+rule), 0o600)
	leaks := func(config string) []string {
		report := filepath.Join(work, "report.json")
		args := []string{"dir", "--no-banner", "--exit-code", "0", "--report-format", "json", "--report-path", report}
		if config != "" {
			args = append(args, "--config", config)
		}
		if out, err := run(t, 2*time.Minute, baseEnv(work), work, gitleaks, append(args, dir)...); err != nil {
			t.Fatalf("gitleaks: %v\n%s", err, out)
		}
		data, err := os.ReadFile(report)
		if err != nil {
			t.Fatal(err)
		}
		var found []struct {
			File      string
			StartLine int
		}
		if err := json.Unmarshal(data, &found); err != nil {
			t.Fatalf("gitleaks report: %v", err)
		}
		var out []string
		for _, f := range found {
			out = append(out, fmt.Sprintf("%s:%d", filepath.Base(f.File), f.StartLine))
		}
		sort.Strings(out)
		return out
	}
	stdout, stderr, code := zenv(t, nil, "lint", "--format", "json", dir)
	if code != 1 {
		t.Fatalf("zenv lint exit %d: %s", code, stderr)
	}
	var rep struct {
		Findings []struct {
			Path, Rule string
			Line       int
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	var lint []string
	for _, f := range rep.Findings {
		if f.Rule == "ZL003" {
			lint = append(lint, fmt.Sprintf("%s:%d", filepath.Base(f.Path), f.Line))
		}
	}
	sort.Strings(lint)
	got := leaks(withRule)
	ok = strings.Join(got, " ") == strings.Join(lint, " ") && len(lint) == 3
	summary.record("gitleaks", ver, ok)
	if !ok {
		t.Errorf("gitleaks with the README rule found %v; zenv lint found %v; want the same 3", got, lint)
	}
	missed := !strings.Contains(strings.Join(leaks(""), " "), "notes.txt:2")
	summary.record("gitleaks", ver, missed)
	if !missed {
		t.Errorf("gitleaks' default rules found the key under an unrelated name; the README says they miss it")
	}
}

// TestPreCommitRunsTheHook installs the hook in .pre-commit-hooks.yaml with
// the real pre-commit (which builds zenv with go) and runs it on the
// article's recipe (the hook fails and prints the findings) and on a clean
// file (it passes).
func TestPreCommitRunsTheHook(t *testing.T) {
	preCommit := need(t, filepath.Join(cacheDir, "venv-precommit", "bin", "pre-commit"))
	ver := version(preCommit, "--version")
	repo := t.TempDir()
	seed, err := os.ReadFile(filepath.Join(repoRoot, "internal", "lint", "testdata", "tree", "seed", "prefect.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(repo, "prefect.yaml"), seed, 0o644)
	os.WriteFile(filepath.Join(repo, "good.env"), []byte("ZENML_STORE_URL=https://zenml.example.com\n"), 0o644)
	// pre-commit builds zenv with go under a fresh HOME: hand it this
	// machine's Go settings and caches, or it downloads and builds all anew.
	env := baseEnv(t.TempDir(), "PRE_COMMIT_HOME="+filepath.Join(cacheDir, "pre-commit-home"), "CGO_ENABLED=0")
	goEnv, err := exec.Command("go", "env", "-json", "GOCACHE", "GOMODCACHE", "GOPROXY", "GOSUMDB", "GOFLAGS", "GOTOOLCHAIN").Output()
	if err != nil {
		t.Fatal("go env:", err)
	}
	var settings map[string]string
	if err := json.Unmarshal(goEnv, &settings); err != nil {
		t.Fatal(err)
	}
	for k, v := range settings {
		env = append(env, k+"="+v)
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}} {
		if out, err := run(t, time.Minute, env, repo, "git", args...); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	tests := []struct {
		file     string
		wantFail bool
		want     string
	}{
		{"prefect.yaml", true, "prefect.yaml:14:11: ZL001 ZenML does not read ZENML_URL; did you mean ZENML_STORE_URL?"},
		{"good.env", false, "Passed"},
	}
	for _, tt := range tests {
		out, err := run(t, 8*time.Minute, env, repo, preCommit, "try-repo", repoRoot, "zenv-lint", "--files", tt.file)
		ok := (err != nil) == tt.wantFail && strings.Contains(out, tt.want)
		summary.record("pre-commit", ver, ok)
		if !ok {
			t.Errorf("pre-commit try-repo on %s: err %v, output lacks %q:\n%s", tt.file, err, tt.want, tail(out, 30))
		}
	}
}
