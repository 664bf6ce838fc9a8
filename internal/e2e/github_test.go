//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/internal/testsupport/fixture"
)

// TestActionlintCLIAcceptsEveryForm runs the pinned actionlint binary on
// every GitHub form of every fixture, wrapped into a workflow.
func TestActionlintCLIAcceptsEveryForm(t *testing.T) {
	actionlint := need(t, filepath.Join(cacheDir, "bin", "actionlint"))
	ver := version(actionlint, "-version")
	fixtures, _ := filepath.Glob(filepath.Join(repoRoot, "golden", "*", "profile.yaml"))
	for _, fx := range fixtures {
		for _, form := range []string{"", "workflow", "github-env"} {
			args := []string{"env", "github", "--config", fx}
			if form != "" {
				args = append(args, "--form", form)
			}
			out, _, code := zenv(t, nil, args...)
			if code != 0 {
				continue // a refusal, locked by the golden files
			}
			for where, wf := range fixture.Workflows(form, out) {
				name := filepath.Base(filepath.Dir(fx)) + "/" + form + "/" + where
				path := filepath.Join(t.TempDir(), "zenml.yml")
				os.WriteFile(path, []byte(wf), 0o600)
				res, err := run(t, time.Minute, os.Environ(), filepath.Dir(path), actionlint, "-shellcheck=", "-pyflakes=", path)
				summary.record("actionlint", ver, err == nil)
				if err != nil {
					t.Errorf("%s: actionlint: %v\n%s", name, err, res)
				}
			}
		}
	}
}

// TestActRunsTheEnvBlock runs a workflow holding zenv's env block at step
// level with act on this host, the key as an act secret, and checks that a
// step sees both variables exactly. (act's expression engine differs from
// GitHub's, so ${{ escaping is judged by actionlint and the unit tests.)
func TestActRunsTheEnvBlock(t *testing.T) {
	act := need(t, filepath.Join(cacheDir, "bin", "act"))
	ver := version(act, "--version")
	const (
		url = `https://zenml.example.com/a'b$d(e)&f;g`
		key = `ZENKEY_it's"a"$secret`
	)
	out, stderr, code := zenv(t, nil, "env", "github", "--url", url)
	if code != 0 {
		t.Fatalf("zenv env github: %s", stderr)
	}
	repo := t.TempDir()
	seen := t.TempDir()
	wf := fmt.Sprintf(`on: push
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - name: read the variables
%s        run: |
          printf '%%s' "$ZENML_STORE_URL" > %s/url
          printf '%%s' "$ZENML_STORE_API_KEY" > %s/key
`, fixture.Indent(out, "        "), seen, seen)
	os.MkdirAll(filepath.Join(repo, ".github", "workflows"), 0o755)
	os.WriteFile(filepath.Join(repo, ".github", "workflows", "zenv.yml"), []byte(wf), 0o600)
	gitEnv := commitAll(t, repo)
	res, err := run(t, 3*time.Minute, gitEnv, repo, act, "push", "-W", ".github/workflows/zenv.yml",
		"-P", "ubuntu-latest=-self-hosted", "--action-offline-mode", "-s", "ZENML_STORE_API_KEY="+key)
	if err != nil {
		summary.record("act", ver, false)
		t.Fatalf("act: %v\n%s", err, tail(res, 30))
	}
	gotURL, _ := os.ReadFile(filepath.Join(seen, "url"))
	gotKey, _ := os.ReadFile(filepath.Join(seen, "key"))
	ok := string(gotURL) == url && string(gotKey) == key
	summary.record("act", ver, ok)
	if !ok {
		t.Errorf("the step saw url %q key %q; want %q and %q", gotURL, gotKey, url, key)
	}
}
