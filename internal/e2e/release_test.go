//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/internal/testsupport/fakerelease"
	"github.com/zenv-dev/zenv/render"
)

// TestShellsParseTheCompletionScripts: bash, zsh and fish read zenv's
// completion scripts without a syntax error (make test skips a shell that
// is not installed; here each is required).
func TestShellsParseTheCompletionScripts(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		bin := need(t, shell)
		out, stderr, code := zenv(t, nil, "completion", shell)
		if code != 0 {
			t.Fatalf("zenv completion %s: %s", shell, stderr)
		}
		path := filepath.Join(t.TempDir(), "zenv-completion")
		os.WriteFile(path, []byte(out), 0o600)
		res, err := exec.Command(bin, "-n", path).CombinedOutput()
		summary.record(shell+" -n completion", version(bin, "--version"), err == nil)
		if err != nil {
			t.Errorf("%s -n rejects zenv completion %s: %v\n%s", shell, shell, err, res)
		}
	}
}

// TestShellsCompleteTheTargetNames asks real bash (with the
// bash-completion package, as the completion help says) and fish what
// follows `zenv env `: every target in the registry.
func TestShellsCompleteTheTargetNames(t *testing.T) {
	const bashCompletion = "/usr/share/bash-completion/bash_completion"
	need(t, bashCompletion)
	dir := filepath.Dir(zenvBin)
	for shell, script := range map[string]string{
		"bash": `source ` + bashCompletion + `; source <(zenv completion bash)
COMP_WORDS=(zenv env ""); COMP_CWORD=2; COMP_LINE="zenv env "; COMP_POINT=${#COMP_LINE}
__start_zenv zenv "" env 2>/dev/null; printf '%s\n' "${COMPREPLY[@]}"`,
		"fish": `zenv completion fish | source; complete -C 'zenv env '`,
	} {
		bin := need(t, shell)
		res, err := run(t, time.Minute, []string{"PATH=" + dir + ":" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, t.TempDir(), bin, "-c", script)
		offered := map[string]bool{}
		for _, line := range strings.Split(res, "\n") {
			name, _, _ := strings.Cut(line, "\t") // fish: name<TAB>description
			offered[name] = true
		}
		var missing []string
		for _, name := range render.TargetNames() {
			if !offered[name] {
				missing = append(missing, name)
			}
		}
		summary.record(shell+" completion", version(bin, "--version"), err == nil && len(missing) == 0)
		if err != nil || len(missing) > 0 {
			t.Errorf("%s: zenv env <TAB> lacks %v (err %v):\n%s", shell, missing, err, res)
		}
	}
}

// actionRepo makes a git repository holding zenv's action at the path
// users reference and one workflow, as act needs.
func actionRepo(t *testing.T, workflow string) (repo string, env []string) {
	t.Helper()
	repo = t.TempDir()
	action, err := os.ReadFile(filepath.Join(repoRoot, ".github", "actions", "zenv", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(repo, ".github", "actions", "zenv"), 0o755)
	os.MkdirAll(filepath.Join(repo, ".github", "workflows"), 0o755)
	os.WriteFile(filepath.Join(repo, ".github", "actions", "zenv", "action.yml"), action, 0o644)
	os.WriteFile(filepath.Join(repo, ".github", "workflows", "zenv.yml"), []byte(workflow), 0o644)
	return repo, commitAll(t, repo)
}

// commitAll makes repo a git repository with one commit of its files, as
// act needs, and returns the environment it used.
func commitAll(t *testing.T, repo string) []string {
	t.Helper()
	git := need(t, "git")
	env := baseEnv(repo, "GIT_AUTHOR_NAME=e2e", "GIT_AUTHOR_EMAIL=e2e@zenv", "GIT_COMMITTER_NAME=e2e", "GIT_COMMITTER_EMAIL=e2e@zenv")
	for _, args := range [][]string{{"init", "-q", "."}, {"add", "-A"}, {"commit", "-qm", "e2e"}} {
		if o, err := run(t, time.Minute, env, repo, git, args...); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, o)
		}
	}
	return env
}

// TestActRunsTheAction runs the composite action under act on this host.
// There is no network here, so the release is laid out on disk and the
// action's release-url input points at it with file://: the action still
// downloads with curl, checks the archive against checksums.txt and
// unpacks it, exactly as from GitHub. The env step must then put the URL
// and the key (an act secret) into the job's environment for a later step,
// and a second job with a tampered checksum must fail before zenv runs.
func TestActRunsTheAction(t *testing.T) {
	act := need(t, filepath.Join(cacheDir, "bin", "act"))
	actionlint := need(t, filepath.Join(cacheDir, "bin", "actionlint"))
	need(t, "curl")
	ver := version(act, "--version")
	const (
		url = `https://zenml.example.com/a'b$d(e)&f;g`
		key = `ZENKEY_it's"a"$secret`
	)
	good := release(t)
	bad := release(t)
	os.WriteFile(filepath.Join(bad, "checksums.txt"), []byte(strings.Repeat("0", 64)+"  zenv_0.0.0-e2e_linux_amd64.tar.gz\n"), 0o644)
	seen := t.TempDir()
	wf := fmt.Sprintf(`on: push
jobs:
  export:
    runs-on: ubuntu-latest
    steps:
      # act copies this repository in for actions/checkout (no network);
      # a local action is read from the checked-out workspace.
      - uses: actions/checkout@v4
      - id: zenv
        uses: ./.github/actions/zenv
        with:
          version: 0.0.0-e2e
          release-url: file://%s
          url: %q
          api-key-env: ZENML_KEY
        env:
          ZENML_KEY: ${{ secrets.ZENML_STORE_API_KEY }}
      - name: a later step sees the variables
        env:
          ZENV_VERSION: ${{ steps.zenv.outputs.version }}
        run: |
          printf '%%s' "$ZENML_STORE_URL" > %s/url
          printf '%%s' "$ZENML_STORE_API_KEY" > %s/key
          printf '%%s' "$ZENV_VERSION" > %s/version
  tampered:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: ./.github/actions/zenv
        with:
          version: 0.0.0-e2e
          release-url: file://%s
          url: https://zenml.example.com
      - run: touch %s/tampered-ran
`, good, url, seen, seen, seen, bad, seen)
	repo, env := actionRepo(t, wf)
	stub := uploadSarifStub(t, seen)

	// actionlint reads the local action's metadata and checks the inputs
	// the workflow passes against it.
	res, err := run(t, time.Minute, env, repo, actionlint, "-shellcheck=", "-pyflakes=", ".github/workflows/zenv.yml")
	summary.record("actionlint (action inputs)", version(actionlint, "-version"), err == nil)
	if err != nil {
		t.Errorf("actionlint: %v\n%s", err, res)
	}

	res, err = run(t, 4*time.Minute, env, repo, act, "push", "-W", ".github/workflows/zenv.yml", "-j", "export",
		"-P", "ubuntu-latest=-self-hosted", "--action-offline-mode", "--local-repository", stub, "-s", "ZENML_STORE_API_KEY="+key)
	if err != nil {
		summary.record("act (zenv action)", ver, false)
		t.Fatalf("act: %v\n%s", err, tail(res, 40))
	}
	gotURL, _ := os.ReadFile(filepath.Join(seen, "url"))
	gotKey, _ := os.ReadFile(filepath.Join(seen, "key"))
	gotVer, _ := os.ReadFile(filepath.Join(seen, "version"))
	ok := string(gotURL) == url && string(gotKey) == key && string(gotVer) == "0.0.0-e2e"
	summary.record("act (zenv action)", ver, ok)
	if !ok {
		t.Errorf("the later step saw url %q key %q version %q; want %q, %q, 0.0.0-e2e\n%s", gotURL, gotKey, gotVer, url, key, tail(res, 40))
	}
	if strings.Contains(res, key) {
		t.Errorf("the key shows in act's log")
	}

	res, err = run(t, 4*time.Minute, env, repo, act, "push", "-W", ".github/workflows/zenv.yml", "-j", "tampered",
		"-P", "ubuntu-latest=-self-hosted", "--action-offline-mode", "--local-repository", stub)
	_, ranAfter := os.Stat(filepath.Join(seen, "tampered-ran"))
	refused := err != nil && ranAfter != nil && strings.Contains(res, "refusing to run it")
	summary.record("act (zenv action)", ver, refused)
	if !refused {
		t.Errorf("a tampered checksum must fail the job before zenv runs; act: %v\n%s", err, tail(res, 40))
	}
}

// release lays out a zenv 0.0.0-e2e release (linux/amd64 and
// checksums.txt) in a new directory, for the action's release-url input.
func release(t *testing.T) string {
	t.Helper()
	stamped := filepath.Join(t.TempDir(), "zenv")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-X github.com/zenv-dev/zenv/internal/build.Version=0.0.0-e2e", "-o", stamped, "./cmd/zenv")
	build.Dir, build.Env = repoRoot, append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	if _, _, err := fakerelease.Write(dir, stamped, "0.0.0-e2e"); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestActRunsTheLintAction runs the action's lint command under act on a
// repository holding a wrong ZenML name: the SARIF report reaches the
// upload step (a stub of github/codeql-action/upload-sarif: code scanning
// itself is GitHub's), names the finding, and the job still passes, since
// findings are for code scanning to show.
func TestActRunsTheLintAction(t *testing.T) {
	if _, _, code := zenv(t, nil, "help", "lint"); code != 0 {
		t.Skip("TODO(#12): zenv lint is not in this tree yet; this test runs the action's lint command once it is")
	}
	act := need(t, filepath.Join(cacheDir, "bin", "act"))
	need(t, "curl")
	seen := t.TempDir()
	wf := fmt.Sprintf(`on: push
permissions:
  security-events: write
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: zenv
        uses: ./.github/actions/zenv
        with:
          command: lint
          version: 0.0.0-e2e
          release-url: file://%s
          paths: config
`, release(t))
	repo, env := actionRepo(t, wf)
	os.MkdirAll(filepath.Join(repo, "config"), 0o755)
	os.WriteFile(filepath.Join(repo, "config", "zenml.env"), []byte("ZENML_URL=https://zenml.example.com\n"), 0o644)
	commitAll(t, repo)
	res, err := run(t, 4*time.Minute, env, repo, act, "push", "-W", ".github/workflows/zenv.yml",
		"-P", "ubuntu-latest=-self-hosted", "--action-offline-mode", "--local-repository", uploadSarifStub(t, seen))
	sarif, _ := os.ReadFile(filepath.Join(seen, "uploaded.sarif"))
	ok := err == nil && strings.Contains(string(sarif), `"2.1.0"`) && strings.Contains(string(sarif), "ZENML_URL")
	summary.record("act (zenv action)", version(act, "--version"), ok)
	if !ok {
		t.Errorf("act: %v; uploaded SARIF (%d bytes):\n%s\n%s", err, len(sarif), tail(string(sarif), 20), tail(res, 40))
	}
}

// uploadSarifStub stands in for github/codeql-action/upload-sarif, which
// act would clone from GitHub (even for a step whose if: is false): it
// copies the SARIF file it is given to seen/uploaded.sarif. It returns
// act's --local-repository value.
func uploadSarifStub(t *testing.T, seen string) string {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "upload-sarif"), 0o755)
	os.WriteFile(filepath.Join(dir, "upload-sarif", "action.yml"), []byte(`name: upload-sarif stub
description: copies the SARIF file for the test
inputs:
  sarif_file:
    description: the SARIF file
  category:
    description: the category
runs:
  using: composite
  steps:
    - shell: bash
      env:
        SARIF: ${{ inputs.sarif_file }}
      run: cp "$SARIF" `+seen+`/uploaded.sarif
`), 0o644)
	return "github/codeql-action@v3=" + dir
}
