package completion_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/cmd/completion"
	"github.com/zenv-dev/zenv/internal/cmd/root"
	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
)

// script runs `zenv completion SHELL` on the real command tree.
func script(t *testing.T, shell string) string {
	t.Helper()
	io, _, out, _ := teststreams.New()
	cmd := root.NewCmdRoot(&cmdutil.Factory{IOStreams: io})
	cmd.SetArgs([]string{"completion", shell})
	if err := cmd.Execute(); err != nil {
		t.Fatalf("zenv completion %s: %v", shell, err)
	}
	if out.Len() == 0 {
		t.Fatalf("zenv completion %s printed nothing", shell)
	}
	return out.String()
}

// TestShellsParseTheirCompletionScripts: `bash -n` and `fish -n` read the
// scripts without a syntax error. bash is required by make test; fish is
// checked here when installed and always by make e2e
// (TestFishParsesTheCompletionScript).
func TestShellsParseTheirCompletionScripts(t *testing.T) {
	for _, shell := range []string{"bash", "fish", "zsh"} {
		t.Run(shell, func(t *testing.T) {
			bin, err := exec.LookPath(shell)
			if err != nil {
				if shell == "bash" {
					t.Fatalf("bash is required: %v", err)
				}
				t.Skipf("%s is not installed; make e2e checks it", shell)
			}
			path := filepath.Join(t.TempDir(), "zenv."+shell)
			if err := os.WriteFile(path, []byte(script(t, shell)), 0o600); err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			c := exec.Command(bin, "-n", path)
			c.Stderr = &stderr
			if err := c.Run(); err != nil {
				t.Errorf("%s -n rejects the completion script: %v\n%s", shell, err, stderr.String())
			}
		})
	}
}

// TestEveryShellInHelpHasAScript: the shells help lists are the shells
// Write knows, and each names the zenv command it completes.
func TestEveryShellInHelpHasAScript(t *testing.T) {
	for _, shell := range completion.Shells {
		if s := script(t, shell); !strings.Contains(s, "zenv") {
			t.Errorf("%s script does not mention zenv", shell)
		}
	}
	io, _, _, _ := teststreams.New()
	help := completion.NewCmdCompletion(&cmdutil.Factory{IOStreams: io}, nil).Long
	for _, shell := range completion.Shells {
		if !strings.Contains(help, "zenv completion "+shell) {
			t.Errorf("help has no install line for %s", shell)
		}
	}
}

// TestUnknownShellIsRefused: exit 2 (an input error), one line naming the
// shells, nothing on stdout.
func TestUnknownShellIsRefused(t *testing.T) {
	io, _, out, _ := teststreams.New()
	cmd := root.NewCmdRoot(&cmdutil.Factory{IOStreams: io})
	cmd.SetArgs([]string{"completion", "nosh"})
	err := cmd.Execute()
	if err == nil || cmdutil.ExitCode(err) != cmdutil.ExitInput || !strings.Contains(err.Error(), "bash, zsh, fish, powershell") || strings.Contains(err.Error(), "\n") || out.Len() != 0 {
		t.Errorf("zenv completion nosh: err %v, stdout %q", err, out.String())
	}
}
