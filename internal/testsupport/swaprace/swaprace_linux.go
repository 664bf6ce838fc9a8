// Package swaprace is the third attack review's race, for tests: an
// attacker exchanges the victim's file with their own (renameat2 with
// RENAME_EXCHANGE) in a loop while the victim reads it.
package swaprace

import (
	"os"
	"sync/atomic"
	"testing"

	"golang.org/x/sys/unix"
)

// Attacker writes data at path as the attacker's file: others can write
// it and, when the test runs as root, another uid (nobody) owns it.
func Attacker(t testing.TB, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		if err := os.Chown(path, 65534, 65534); err != nil {
			t.Fatal(err)
		}
	}
}

// Start exchanges victim and attacker in a loop until the returned stop is
// called (it waits for the loop to end; a test cleanup calls it too). It
// skips the test where renameat2(RENAME_EXCHANGE) is unsupported.
func Start(t testing.TB, victim, attacker string) (stop func()) {
	t.Helper()
	exchange := func() error {
		return unix.Renameat2(unix.AT_FDCWD, victim, unix.AT_FDCWD, attacker, unix.RENAME_EXCHANGE)
	}
	if err := exchange(); err != nil {
		t.Skipf("renameat2(RENAME_EXCHANGE) unsupported here: %v", err)
	}
	if err := exchange(); err != nil { // back
		t.Fatal(err)
	}
	var halt atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		for !halt.Load() {
			exchange()
		}
	}()
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			halt.Store(true)
			<-done
		}
	}
	t.Cleanup(stop)
	return stop
}
