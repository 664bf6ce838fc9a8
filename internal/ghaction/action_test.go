package ghaction

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/zenv-dev/zenv/internal/cmd/root"
	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/testsupport/fakerelease"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
)

type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []step `yaml:"steps"`
	} `yaml:"runs"`
}

type step struct {
	ID    string            `yaml:"id"`
	If    string            `yaml:"if"`
	Shell string            `yaml:"shell"`
	Run   string            `yaml:"run"`
	Uses  string            `yaml:"uses"`
	Env   map[string]string `yaml:"env"`
}

var actionPath = filepath.Join("..", "..", ".github", "actions", "zenv", "action.yml")

func load(t *testing.T) (*action, string) {
	t.Helper()
	b, err := os.ReadFile(actionPath)
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(b, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return &a, string(b)
}

func (a *action) step(t *testing.T, id string) step {
	t.Helper()
	for _, s := range a.Runs.Steps {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("action.yml has no step %q", id)
	return step{}
}

var inputRef = regexp.MustCompile(`inputs\.([a-z0-9-]+)`)

// TestActionScriptsTakeInputsOnlyThroughEnv: a ${{ }} inside run: would
// paste an input's value into the script as code (script injection), so
// every input reaches a script through env:. Every input referenced is
// declared, every one declared is used, every script is bash and parses.
func TestActionScriptsTakeInputsOnlyThroughEnv(t *testing.T) {
	a, text := load(t)
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", a.Runs.Using)
	}
	used := map[string]bool{}
	for _, m := range inputRef.FindAllStringSubmatch(text, -1) {
		used[m[1]] = true
		if _, ok := a.Inputs[m[1]]; !ok {
			t.Errorf("action.yml uses inputs.%s, which it does not declare", m[1])
		}
	}
	for name := range a.Inputs {
		if !used[name] {
			t.Errorf("input %s is declared and never used", name)
		}
	}
	for i, s := range a.Runs.Steps {
		if s.Run == "" {
			continue
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %d (%s): an expression inside run: is script injection; pass it through env:", i, s.ID)
		}
		if s.Shell != "bash" {
			t.Errorf("step %d (%s): shell %q; the scripts are bash (Git Bash on Windows)", i, s.ID, s.Shell)
		}
		if out, err := exec.Command("bash", "-n", "-c", s.Run).CombinedOutput(); err != nil {
			t.Errorf("step %d (%s): bash -n: %v\n%s", i, s.ID, err, out)
		}
	}
}

var flagInScript = regexp.MustCompile(`(?:add|args\+=\(|args=\([a-z ]*) *(--[a-z][a-z0-9-]*)`)

// TestActionPassesOnlyFlagsZenvHas checks each flag a step passes against
// the command tree, so a renamed flag breaks this test, not a user's job.
func TestActionPassesOnlyFlagsZenvHas(t *testing.T) {
	a, _ := load(t)
	io, _, _, _ := teststreams.New()
	tree := root.NewCmdRoot(&cmdutil.Factory{IOStreams: io})
	for _, tc := range []struct {
		id, command string
		atLeast     int // flags the pattern must find, so it cannot quietly match none
	}{{"env", "env", 9}, {"lint", "lint", 1}} {
		id, command := tc.id, tc.command
		cmd, _, err := tree.Find([]string{command})
		if err != nil || cmd == tree {
			if command == "lint" {
				t.Logf("TODO: zenv lint is not in this tree yet; the lint step's flags are unchecked")
				continue
			}
			t.Fatalf("zenv %s: %v", command, err)
		}
		found := 0
		for _, m := range flagInScript.FindAllStringSubmatch(a.step(t, id).Run, -1) {
			found++
			if !hasFlag(cmd, strings.TrimPrefix(m[1], "--")) {
				t.Errorf("step %s passes %s, which zenv %s does not have", id, m[1], command)
			}
		}
		if found < tc.atLeast {
			t.Errorf("step %s: found %d flags; the pattern no longer matches the script", id, found)
		}
	}
}

func hasFlag(cmd *cobra.Command, name string) bool {
	return cmd.Flags().Lookup(name) != nil || cmd.InheritedFlags().Lookup(name) != nil
}

// runner runs one step's script as the runner would: bash, the step's
// env with inputs filled in, and the runner's files and variables.
type runner struct {
	t                      *testing.T
	temp, githubPath, outF string
}

func newRunner(t *testing.T) *runner {
	dir := t.TempDir()
	r := &runner{t: t, temp: filepath.Join(dir, "temp"), githubPath: filepath.Join(dir, "path"), outF: filepath.Join(dir, "output")}
	os.MkdirAll(r.temp, 0o755)
	return r
}

func (r *runner) run(a *action, s step, inputs map[string]string) (string, error) {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + r.t.TempDir(), "RUNNER_OS=Linux", "RUNNER_ARCH=X64",
		"RUNNER_TEMP=" + r.temp, "GITHUB_PATH=" + r.githubPath, "GITHUB_OUTPUT=" + r.outF}
	for k, v := range s.Env {
		if m := inputRef.FindStringSubmatch(v); m != nil {
			val, ok := inputs[m[1]]
			if !ok {
				val = a.Inputs[m[1]].Default
			}
			v = val
		}
		env = append(env, k+"="+v)
	}
	cmd := exec.Command("bash", "-c", s.Run)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func buildZenv(t *testing.T, version string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "zenv")
	cmd := exec.Command("go", "build", "-ldflags", "-X github.com/zenv-dev/zenv/internal/build.Version="+version, "-o", bin, "../../cmd/zenv")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestActionInstallVerifiesTheArchive runs the install step against a
// release laid out on disk (file:// stands in for GitHub's download URL):
// a matching archive installs and reports its version; a tampered
// checksums.txt or a wrong sha256 input stops the step before anything is
// put on PATH.
func TestActionInstallVerifiesTheArchive(t *testing.T) {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skip("the fake release is linux/amd64")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed; the runner images have it")
	}
	a, _ := load(t)
	install := a.step(t, "install")
	bin := buildZenv(t, "9.8.7")
	rel := t.TempDir()
	_, sum, err := fakerelease.Write(rel, bin, "9.8.7")
	if err != nil {
		t.Fatal(err)
	}
	url := "file://" + rel

	for _, tc := range []struct {
		name   string
		inputs map[string]string
		tamper bool
		ok     bool
	}{
		{"checksums.txt matches", map[string]string{"version": "9.8.7", "release-url": url}, false, true},
		{"sha256 input matches", map[string]string{"version": "9.8.7", "release-url": url, "sha256": sum}, false, true},
		{"sha256 input differs", map[string]string{"version": "9.8.7", "release-url": url, "sha256": strings.Repeat("0", 64)}, false, false},
		{"checksums.txt tampered", map[string]string{"version": "9.8.7", "release-url": url}, true, false},
		{"version not released", map[string]string{"version": "1.0.0", "release-url": url}, false, false},
		{"local binary", map[string]string{"binary": bin}, false, true},
		{"unknown command", map[string]string{"binary": bin, "command": "deploy"}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.tamper {
				os.WriteFile(filepath.Join(rel, "checksums.txt"), []byte(strings.Repeat("1", 64)+"  zenv_9.8.7_linux_amd64.tar.gz\n"), 0o644)
				defer os.WriteFile(filepath.Join(rel, "checksums.txt"), []byte(sum+"  zenv_9.8.7_linux_amd64.tar.gz\n"), 0o644)
			}
			r := newRunner(t)
			out, err := r.run(a, install, tc.inputs)
			path, _ := os.ReadFile(r.githubPath)
			outputs, _ := os.ReadFile(r.outF)
			if !tc.ok {
				if err == nil || len(path) != 0 || !strings.Contains(out, "::error::") {
					t.Errorf("want a failed step with an ::error:: line and nothing on PATH; err %v, PATH file %q\n%s", err, path, out)
				}
				return
			}
			if err != nil {
				t.Fatalf("install: %v\n%s", err, out)
			}
			dir := strings.TrimSpace(string(path))
			if _, err := os.Stat(filepath.Join(dir, "zenv")); err != nil || !strings.Contains(string(outputs), "version=9.8.7\n") {
				t.Errorf("PATH gets %q, outputs %q: %v\n%s", dir, outputs, err, out)
			}
		})
	}
}

// TestActionEnvStepExportsThroughGitHubEnv runs the env step with zenv on
// PATH: the variables land in $GITHUB_ENV, the key is masked, and a value
// zenv refuses fails the step with nothing written.
func TestActionEnvStepExportsThroughGitHubEnv(t *testing.T) {
	a, _ := load(t)
	envStep := a.step(t, "env")
	bin := buildZenv(t, "9.8.7")
	const key = "ZENKEY_eyJpZCI6ICJhY3Rpb24iLCAia2V5IjogImFjdGlvbi10ZXN0In0="
	for _, tc := range []struct {
		name   string
		inputs map[string]string
		ok     bool
	}{
		{"url and key env", map[string]string{"url": "https://zenml.example.com", "api-key-env": "TEST_ZENML_KEY",
			"args": "--set\nZENML_LOGGING_VERBOSITY=INFO\n"}, true},
		{"refused url", map[string]string{"url": "ftp://zenml.example.com", "api-key-env": "TEST_ZENML_KEY"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRunner(t)
			githubEnv := filepath.Join(t.TempDir(), "github_env")
			os.WriteFile(githubEnv, nil, 0o600)
			s := envStep
			s.Env = map[string]string{"TEST_ZENML_KEY": key, "GITHUB_ENV": githubEnv, "PATH": filepath.Dir(bin) + ":" + os.Getenv("PATH")}
			for k, v := range envStep.Env {
				s.Env[k] = v
			}
			out, err := r.run(a, s, tc.inputs)
			written, _ := os.ReadFile(githubEnv)
			if !tc.ok {
				if err == nil || len(written) != 0 {
					t.Errorf("want a failed step and an empty $GITHUB_ENV; err %v, wrote %q", err, written)
				}
				return
			}
			if err != nil {
				t.Fatalf("env step: %v\n%s", err, out)
			}
			for _, want := range []string{"ZENML_STORE_URL<<", "https://zenml.example.com", "ZENML_STORE_API_KEY<<", key, "ZENML_LOGGING_VERBOSITY<<"} {
				if !strings.Contains(string(written), want) {
					t.Errorf("$GITHUB_ENV lacks %q:\n%s", want, written)
				}
			}
			if !strings.Contains(out, "::add-mask::"+key) {
				t.Errorf("the key is not masked in the log:\n%s", out)
			}
		})
	}
}

// TestActionRefusesInputsOutsideTheirValuesWithoutPrintingThem: every
// input the action prints, or that decides what it prints, is checked
// before anything is printed, and the refusal does not echo the value: a
// command input of "x\n::add-mask::..." once became two workflow
// commands. The step fails with one ::error:: line and no other workflow
// command, and nothing is put on PATH.
func TestActionRefusesInputsOutsideTheirValuesWithoutPrintingThem(t *testing.T) {
	a, _ := load(t)
	install := a.step(t, "install")
	const inject = "\n::add-mask::injected\n::set-output name=x::injected\n"
	tests := []struct{ input, value string }{
		{"command", "env" + inject},
		{"command", "deploy"},
		{"version", "1.2.3" + inject},
		{"version", "1.2.3 ::error::x"},
		{"version", "../../1.2.3"},
		{"sha256", strings.Repeat("0", 64) + inject},
		{"sha256", "abc"},
		{"release-url", "https://example.com/x" + inject},
		{"release-url", "https://example.com/a b"},
		{"release-url", "http://example.com/x"},
		{"binary", "/bin/zenv" + inject},
		{"upload-sarif", "true" + inject},
		{"upload-sarif", "yes"},
	}
	for _, tt := range tests {
		t.Run(tt.input+"="+strings.ReplaceAll(tt.value, "\n", `\n`), func(t *testing.T) {
			r := newRunner(t)
			out, err := r.run(a, install, map[string]string{tt.input: tt.value, "binary": "/nonexistent/zenv"})
			if tt.input == "binary" {
				out, err = r.run(a, install, map[string]string{tt.input: tt.value})
			}
			path, _ := os.ReadFile(r.githubPath)
			if err == nil || len(path) != 0 {
				t.Fatalf("want a failed step with nothing on PATH; err %v, PATH %q\n%s", err, path, out)
			}
			commands := 0
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "::") {
					commands++
					if !strings.HasPrefix(line, "::error::the zenv action's "+tt.input+" input must be") {
						t.Errorf("workflow command %q", line)
					}
				}
			}
			if commands != 1 || strings.Contains(out, "injected") {
				t.Errorf("want exactly one ::error:: line and no echo of the value:\n%s", out)
			}
		})
	}
	// The defaults and every allowed value pass the checks (the step then
	// fails later, at the missing binary, not at an input).
	for _, ok := range []map[string]string{{}, {"command": "lint"}, {"version": "1.2.3-rc.1"}, {"sha256": strings.Repeat("ab", 32)},
		{"release-url": "file:///tmp/rel"}, {"upload-sarif": "false"}} {
		ok["binary"] = "/nonexistent/zenv"
		out, _ := newRunner(t).run(a, install, ok)
		if strings.Contains(out, "input must be") {
			t.Errorf("%v refused:\n%s", ok, out)
		}
	}
}
