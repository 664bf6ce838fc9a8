package env

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/testsupport/cmdtest"
	"github.com/zenv-dev/zenv/render"
)

const maskKey = "ZENKEY_eyJpZCI6ICJtYXNrLXRlc3QiLCAia2V5IjogIjAxMjM0NTY3ODkifQ=="

// envOnTTY runs zenv env with stdout a terminal or not.
func envOnTTY(t *testing.T, tty bool, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	f, out, errOut := cmdtest.Factory(t, func(string) string { return maskKey })
	f.IOStreams.StdoutTTY = tty
	cmd := NewCmdEnv(f, nil)
	cmd.SetArgs(append([]string{"--url", "https://zenml.example.com", "--api-key-env", "K"}, args...))
	err := cmd.Execute()
	if err != nil {
		fmt.Fprintf(errOut, "zenv: %v\n", err)
	}
	return cmdutil.ExitCode(err), out.String(), errOut.String()
}

// formArgs spells target and form as zenv env arguments, with
// --inline-secrets where the form would otherwise reference the key.
func formArgs(tg *render.Target, f *render.Form) []string {
	args := []string{tg.Name}
	if f.Name != "" {
		args = append(args, "--form", f.Name)
	}
	if f.Ref != nil && !f.NoKey {
		args = append(args, "--inline-secrets")
	}
	return args
}

// TestEveryOutputHoldingTheKeyIsMaskedOnATerminalOrIsAFile: a new target
// or form that prints the key cannot reach a terminal in clear text
// unnoticed; only the file formats, which have no syntax to break, print
// it (they are written with -o).
func TestEveryOutputHoldingTheKeyIsMaskedOnATerminalOrIsAFile(t *testing.T) {
	files := map[string]bool{"dotenv": true, "docker": true, "systemd": true}
	for _, tg := range render.Targets {
		for i := range tg.Forms {
			f := &tg.Forms[i]
			args := formArgs(&tg, f)
			_, plain, _ := envOnTTY(t, false, args...)
			if !strings.Contains(plain, maskKey) || files[tg.Name] {
				continue
			}
			code, shown, stderr := envOnTTY(t, true, args...)
			if code != 0 || strings.Contains(shown, maskKey) || !strings.Contains(stderr, "add --reveal") {
				t.Errorf("%s on a terminal: exit %d, key shown %v, stderr %q", strings.Join(args, " "), code, strings.Contains(shown, maskKey), stderr)
			}
			if _, revealed, _ := envOnTTY(t, true, append(args, "--reveal")...); revealed != plain {
				t.Errorf("%s --reveal on a terminal differs from the piped output", strings.Join(args, " "))
			}
		}
	}
}

// TestMaskedOutputFailsInItsOwnParser: pasted or eval'd, the masked line is
// a syntax error and the key is never set; bash and dash must be here,
// zsh, fish and tcsh are used when installed (make e2e installs them).
func TestMaskedOutputFailsInItsOwnParser(t *testing.T) {
	shells := []struct {
		target, shell string
		script        func(file string) string
		required      bool
	}{
		{"bash", "bash", func(f string) string { return `eval "$(cat ` + f + `)"; echo "key=${ZENML_STORE_API_KEY-unset}"` }, true},
		{"sh", "dash", func(f string) string { return `eval "$(cat ` + f + `)"; echo "key=${ZENML_STORE_API_KEY-unset}"` }, true},
		{"zsh", "zsh", func(f string) string { return `eval "$(cat ` + f + `)"; echo "key=${ZENML_STORE_API_KEY-unset}"` }, false},
		{"fish", "fish", func(f string) string { return `cat ` + f + ` | source; echo "key=$ZENML_STORE_API_KEY"` }, false},
		{"tcsh", "tcsh", func(f string) string { return "eval \"`cat " + f + "`\"; echo \"key=$?ZENML_STORE_API_KEY\"" }, false},
		{"nu", "nu", func(f string) string {
			return "source " + f + "; print $\"key=($env.ZENML_STORE_API_KEY? | default unset)\""
		}, false},
	}
	for _, sh := range shells {
		t.Run(sh.target, func(t *testing.T) {
			path, err := exec.LookPath(sh.shell)
			if err != nil {
				if sh.required {
					t.Fatalf("%s is required: %v", sh.shell, err)
				}
				t.Skipf("%s is not installed", sh.shell)
			}
			_, masked, _ := envOnTTY(t, true, sh.target)
			file := filepath.Join(t.TempDir(), "out")
			os.WriteFile(file, []byte(masked), 0o600)
			cmd := exec.Command(path, "-c", sh.script(file))
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
			cmd.WaitDelay = 10 * time.Second
			out, err := cmd.CombinedOutput()
			if strings.Contains(string(out), "key=<hidden>") || strings.Contains(string(out), "key=hidden") ||
				strings.Contains(string(out), "key=1") && sh.target == "tcsh" {
				t.Errorf("the masked output set the key: %s", out)
			}
			if err == nil && !strings.Contains(strings.ToLower(string(out)), "error") && !strings.Contains(string(out), "redirect") {
				t.Errorf("the masked output ran without a loud error: %s", out)
			}
		})
	}
	t.Run("yaml and json", func(t *testing.T) {
		for _, args := range [][]string{{"github", "--inline-secrets"}, {"gitlab", "--inline-secrets"}, {"prefect", "--inline-secrets"}, {"k8s"}} {
			_, masked, _ := envOnTTY(t, true, args...)
			var v any
			if err := yaml.Unmarshal([]byte(masked), &v); err == nil {
				t.Errorf("%s: the masked YAML parses:\n%s", args, masked)
			}
		}
		_, masked, _ := envOnTTY(t, true, "json")
		var v any
		if err := json.Unmarshal([]byte(masked), &v); err == nil {
			t.Errorf("the masked JSON parses:\n%s", masked)
		}
	})
}

// TestPipesAndFilesGetTheKeyByteForByte: without a terminal, and with -o,
// nothing is masked.
func TestPipesAndFilesGetTheKeyByteForByte(t *testing.T) {
	_, piped, stderr := envOnTTY(t, false, "bash")
	if !strings.Contains(piped, "export ZENML_STORE_API_KEY='"+maskKey+"'\n") || strings.Contains(stderr, "hidden") {
		t.Errorf("piped: %q, stderr %q", piped, stderr)
	}
	file := filepath.Join(t.TempDir(), "env.sh")
	code, _, _ := envOnTTY(t, true, "bash", "-o", file)
	b, _ := os.ReadFile(file)
	if code != 0 || string(b) != piped {
		t.Errorf("-o on a terminal wrote %q, want the piped bytes", b)
	}
}
