//go:build e2e

package e2e

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRunAndDetectionUnderWine runs the Windows build, where zenv run
// starts the command as a child and waits, and shell detection walks the
// process table (CreateToolhelp32Snapshot).
func TestRunAndDetectionUnderWine(t *testing.T) {
	env := append(winePrefix(t), "ZK="+testKey)
	peer, ver := "zenv.exe run, detect (wine)", version("wine", "--version")
	dir := t.TempDir()
	// Copies of zenv.exe named as a shell and as a launcher: run through
	// them, the inner zenv.exe has a parent (and grandparent) of that name.
	pwsh, shim := filepath.Join(dir, "pwsh.exe"), filepath.Join(dir, "shim.exe")
	for _, p := range []string{pwsh, shim} {
		b, _ := os.ReadFile(zenvExe)
		os.WriteFile(p, b, 0o755)
	}
	flags := []string{"--url", "https://zenml.example.com", "--api-key-env", "ZK"}
	runArgs := func(exe string, argv ...string) []string {
		return append(append([]string{winPath(exe), "run"}, flags...), append([]string{"--"}, argv...)...)
	}
	envArgs := append([]string{winPath(zenvExe), "env"}, flags...)
	tests := []struct {
		name  string
		args  []string
		extra []string
		code  int
		want  []string // each in the output
		not   string   // not in the output
	}{
		{"the profile reaches the command; the stale token does not",
			runArgs(zenvExe, winPath(dumpenvExe), "ZENML_"), []string{"ZENML_STORE_API_TOKEN=stale"}, 0,
			[]string{"ZENML_STORE_URL=https://zenml.example.com\x00", "ZENML_STORE_API_KEY=" + testKey + "\x00"}, "ZENML_STORE_API_TOKEN"},
		{"the command's exit code", runArgs(zenvExe, "cmd", "/c", "exit 3"), nil, 3, nil, ""},
		{"a missing command", runArgs(zenvExe, `C:\zenv-no-such.exe`), nil, 127, []string{"not exist"}, ""},
		{"detects pwsh as its parent", runArgs(pwsh, envArgs...), nil, 0, []string{"$env:ZENML_STORE_URL = 'https://zenml.example.com'"}, ""},
		{"detects pwsh as its grandparent", runArgs(pwsh, runArgs(shim, envArgs...)...), nil, 0, []string{"$env:ZENML_STORE_URL = 'https://zenml.example.com'"}, ""},
		{"no shell: cmd", envArgs, nil, 0, []string{`@set "ZENML_STORE_URL=https://zenml.example.com"`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := run(t, 2*time.Minute, append(env, tt.extra...), dir, "wine", tt.args...)
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			ok := code == tt.code && (tt.not == "" || !strings.Contains(out, tt.not))
			for _, w := range tt.want {
				ok = ok && strings.Contains(out, w)
			}
			summary.record(peer, ver, ok)
			if !ok {
				t.Errorf("wine %s: exit %d, want %d, %q in:\n%s", strings.Join(tt.args, " "), code, tt.code, tt.want, tail(out, 10))
			}
		})
	}
}
