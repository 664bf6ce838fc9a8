package env

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
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

// syncBuffer collects a shell's output while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestPastedOrSourcedMaskedOutputNeverPairsTheOldKeyWithTheNewURL: an
// interactive shell holding another profile's url and key is given the
// masked output line by line (a paste) or sources it from a file. The
// lines before the hidden one run, the new url among them, so afterwards
// the key must be unset, or url and key both unchanged: never the old key
// next to the new url, which the next client call would send to the new
// server.
func TestPastedOrSourcedMaskedOutputNeverPairsTheOldKeyWithTheNewURL(t *testing.T) {
	const oldURL, oldKey, newURL = "https://dev.example.com", "ZENKEY_devkey", "https://zenml.example.com"
	shProbe := `echo "R=${ZENML_STORE_URL-unset} ${ZENML_STORE_API_KEY-unset}"`
	tcshProbe := "sh -c '" + shProbe + "'" // what a child process sees
	shells := []struct {
		target, shell, source, probe string
		required                     bool
	}{
		{"bash", "bash", ". ", shProbe, true},
		{"sh", "dash", ". ", shProbe, true},
		{"zsh", "zsh", ". ", shProbe, false},
		{"tcsh", "tcsh", "source ", tcshProbe, false},
	}
	for _, sh := range shells {
		path, err := exec.LookPath(sh.shell)
		if err != nil {
			if sh.required {
				t.Fatalf("%s is required: %v", sh.shell, err)
			}
			t.Logf("%s is not installed: skipped", sh.shell)
			continue
		}
		_, masked, _ := envOnTTY(t, true, sh.target)
		if !strings.Contains(masked, "<hidden>") {
			t.Fatalf("%s: nothing masked:\n%s", sh.target, masked)
		}
		file := filepath.Join(t.TempDir(), "zenml.env")
		if err := os.WriteFile(file, []byte(masked), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, mode := range []string{"paste", "source"} {
			t.Run(sh.target+" "+mode, func(t *testing.T) {
				input := strings.SplitAfter(masked, "\n")
				if mode == "source" {
					input = []string{sh.source + file + "\n"}
				}
				home := t.TempDir()
				os.WriteFile(filepath.Join(home, ".zshrc"), nil, 0o600) // no new-user wizard
				cmd := exec.Command(path, "-i")
				cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "ZDOTDIR=" + home, "TERM=dumb",
					"ZENML_STORE_URL=" + oldURL, "ZENML_STORE_API_KEY=" + oldKey}
				var out syncBuffer
				cmd.Stdout, cmd.Stderr = &out, &out
				stdin, err := cmd.StdinPipe()
				if err != nil {
					t.Fatal(err)
				}
				cmd.WaitDelay = 10 * time.Second
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				for _, line := range input {
					io.WriteString(stdin, line)
					time.Sleep(20 * time.Millisecond)
				}
				// A shell drops the input it has buffered after a syntax
				// error: the probe goes in once the error is out.
				failed := false
				for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
					if s := strings.ToLower(out.String()); strings.Contains(s, "error") || strings.Contains(s, "redirect") {
						failed = true
						break
					}
				}
				if !failed {
					t.Errorf("the masked output did not fail loudly: %s", out.String())
				}
				io.WriteString(stdin, sh.probe+"\nexit\n")
				stdin.Close()
				cmd.Wait()
				var got string
				for _, line := range strings.Split(out.String(), "\n") {
					if i := strings.Index(line, "R=http"); i >= 0 {
						got = strings.TrimSpace(line[i+2:])
					}
				}
				if got != newURL+" unset" && got != oldURL+" "+oldKey {
					t.Errorf("afterwards url and key are %q; want %q or %q\n%s", got, newURL+" unset", oldURL+" "+oldKey, out.String())
				}
			})
		}
	}
}

// TestLineByLineTargetsRemoveTheKeyRightBeforeTheHiddenLine covers cmd,
// which is not run here: the line before the hidden one is the target's
// own --unset line for the key.
func TestLineByLineTargetsRemoveTheKeyRightBeforeTheHiddenLine(t *testing.T) {
	for _, tg := range render.Targets {
		if !tg.LineByLine {
			continue
		}
		target := tg.Name
		_, unset, _ := envOnTTY(t, false, target, "--unset")
		_, masked, _ := envOnTTY(t, true, target)
		lines := strings.SplitAfter(masked, "\n")
		found := false
		for i, line := range lines {
			if !strings.Contains(line, tg.Forms[0].Mask) {
				continue
			}
			found = true
			if i == 0 || !strings.Contains(lines[i-1], "ZENML_STORE_API_KEY") || !strings.Contains(unset, lines[i-1]) {
				t.Errorf("%s: the hidden line %q is not preceded by the unset line of the key:\n%s", target, line, masked)
			}
		}
		if !found {
			t.Errorf("%s: nothing hidden:\n%s", target, masked)
		}
	}
}
