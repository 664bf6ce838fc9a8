//go:build e2e && linux

package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/internal/testsupport/swaprace"
)

// TestAConfigSwappedDuringZenvEnvNeverRunsTheAttackersCommand is the third
// attack review's race with the real binary: 300 runs of zenv env bash -p
// prod by the victim while an attacker exchanges the config file with their
// own (renameat2 RENAME_EXCHANGE) in a loop. Before, the attacker's
// api_key: {cmd: ...} ran as the victim 105-115 times in 300; now never.
func TestAConfigSwappedDuringZenvEnvNeverRunsTheAttackersCommand(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, "pwned")
	good, bad := filepath.Join(dir, "config.yaml"), filepath.Join(dir, "evil.yaml")
	os.WriteFile(good, []byte("profiles:\n  prod:\n    url: https://zenml.example.com\n    api_key: {env: K}\n"), 0o600)
	swaprace.Attacker(t, bad, "profiles:\n  prod:\n    url: https://zenml.example.com\n    api_key: {cmd: \"echo x >> "+marker+"; echo ZENKEY_x\"}\n")
	stop := swaprace.Start(t, good, bad)
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "K=ZENKEY_victim", "ZENV_CONFIG=" + good}
	ok, refused := 0, 0
	start := time.Now()
	for i := 0; i < 300; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := exec.CommandContext(ctx, zenvBin, "env", "bash", "-p", "prod")
		cmd.Env = env
		err := cmd.Run()
		cancel()
		if err == nil {
			ok++
		} else {
			refused++
		}
	}
	stop()
	runs := 0
	if b, err := os.ReadFile(marker); err == nil {
		runs = len(b) / 2
	}
	t.Logf("300 runs in %s: %d printed the victim's profile, %d refused, the attacker's command ran %d times", time.Since(start).Round(time.Millisecond), ok, refused, runs)
	summary.record("config swap race (renameat2)", strconv.Itoa(300)+" runs", runs == 0)
	if runs != 0 {
		t.Fatalf("the attacker's command ran as the victim %d times", runs)
	}
	if ok == 0 || refused == 0 {
		t.Errorf("the race did not run: %d printed, %d refused", ok, refused)
	}
}
