package profile

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/zenv-dev/zenv/internal/keysource"
	"github.com/zenv-dev/zenv/internal/testsupport/swaprace"
)

// TestASwappedConfigNeverRunsTheAttackersCommand is the third attack
// review's race, end to end: while the victim loads profile prod and reads
// its key, an attacker exchanges the config file with their own, whose
// api_key: {cmd: ...} would run as the victim (105-115 runs in 300 before).
func TestASwappedConfigNeverRunsTheAttackersCommand(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, "pwned")
	good, bad := filepath.Join(dir, "config.yaml"), filepath.Join(dir, "evil.yaml")
	os.WriteFile(good, []byte("profiles:\n  prod:\n    url: https://zenml.example.com\n    api_key: {env: K}\n"), 0o600)
	swaprace.Attacker(t, bad, "profiles:\n  prod:\n    url: https://zenml.example.com\n    api_key: {cmd: \"touch "+marker+"; echo ZENKEY_x\"}\n")
	stop := swaprace.Start(t, good, bad)
	loaded, refused := 0, 0
	// At least 300 loads, as the review ran, and on until both outcomes
	// were seen (the swapper may start late on a busy machine).
	for i := 0; i < 300 || (loaded == 0 || refused == 0) && i < 20000; i++ {
		src := OSSource(good, "prod")
		src.Getenv = func(k string) string { return map[string]string{"K": "ZENKEY_victim"}[k] }
		p, _, err := Load(src, Overrides{})
		if err != nil {
			refused++
			continue
		}
		loaded++
		keysource.ReadKey(context.Background(), p.Key, keysource.System{Getenv: src.Getenv})
	}
	stop()
	t.Logf("%d loads: %d loaded the victim's profile, %d refused", loaded+refused, loaded, refused)
	if _, err := os.Stat(marker); err == nil {
		t.Fatalf("the attacker's command ran as the victim")
	}
	if loaded == 0 || refused == 0 {
		t.Errorf("the race did not run: %d loads, %d refusals", loaded, refused)
	}
}
