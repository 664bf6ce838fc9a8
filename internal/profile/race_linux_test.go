package profile

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/zenv-dev/zenv/internal/keysource"
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
	os.WriteFile(bad, []byte("profiles:\n  prod:\n    url: https://zenml.example.com\n    api_key: {cmd: \"touch "+marker+"; echo ZENKEY_x\"}\n"), 0o600)
	os.Chmod(bad, 0o666) // the attacker's: others can write it...
	if os.Geteuid() == 0 {
		os.Chown(bad, 65534, 65534) // ...and as root, another uid owns it
	}
	if err := unix.Renameat2(unix.AT_FDCWD, good, unix.AT_FDCWD, bad, unix.RENAME_EXCHANGE); err != nil {
		t.Skipf("renameat2(RENAME_EXCHANGE) unsupported here: %v", err)
	}
	unix.Renameat2(unix.AT_FDCWD, good, unix.AT_FDCWD, bad, unix.RENAME_EXCHANGE) // back
	var stop atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		for !stop.Load() {
			unix.Renameat2(unix.AT_FDCWD, good, unix.AT_FDCWD, bad, unix.RENAME_EXCHANGE)
		}
	}()
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
	stop.Store(true)
	<-done
	t.Logf("%d loads: %d loaded the victim's profile, %d refused", loaded+refused, loaded, refused)
	if _, err := os.Stat(marker); err == nil {
		t.Fatalf("the attacker's command ran as the victim")
	}
	if loaded == 0 || refused == 0 {
		t.Errorf("the race did not run: %d loads, %d refusals", loaded, refused)
	}
}
