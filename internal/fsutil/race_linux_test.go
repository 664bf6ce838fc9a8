package fsutil

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/zenv-dev/zenv/internal/testsupport/swaprace"
)

// TestASwappedFileIsNeverRead reproduces the third attack review's race: an
// attacker exchanges the config file with their own (renameat2 with
// RENAME_EXCHANGE) in a loop while the victim loads it. Checking a name and
// then opening it reads the attacker's file; OpenTrusted checks what it
// opened, so it reads the victim's file or refuses, never the attacker's.
func TestASwappedFileIsNeverRead(t *testing.T) {
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "config.yaml"), filepath.Join(dir, "attacker.yaml")
	writeFile(t, good, "victim", 0o600)
	swaprace.Attacker(t, bad, "attacker")
	swaprace.Start(t, good, bad)

	// The old way, as a control that the race is real here: stat the name,
	// check it, then open the name.
	naive := func() string {
		fi, err := os.Stat(good)
		if err != nil || fi.Mode().Perm()&0o022 != 0 {
			return ""
		}
		f, err := os.Open(good)
		if err != nil {
			return ""
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		return string(b)
	}
	naiveWins := 0
	for i := 0; i < 20000 && naiveWins == 0; i++ {
		if naive() == "attacker" {
			naiveWins++
		}
	}
	if naiveWins == 0 {
		t.Log("the control never lost the race here; the check below still holds")
	}

	attacker, victim, refused := 0, 0, 0
	for i := 0; i < 3000; i++ {
		data, err := ReadTrusted(good, 1<<10)
		var ue *UntrustedError
		switch {
		case err == nil && string(data) == "attacker":
			attacker++
		case err == nil:
			victim++
		case errors.As(err, &ue) || errors.Is(err, syscall.ENOENT):
			refused++
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	t.Logf("control: attacker read after %s; OpenTrusted: %d victim, %d refused, %d attacker", map[bool]string{true: "some tries", false: "no try"}[naiveWins > 0], victim, refused, attacker)
	if attacker != 0 {
		t.Fatalf("the attacker's file was read %d times", attacker)
	}
	if victim == 0 || refused == 0 {
		t.Errorf("the race did not run: %d victim reads, %d refusals", victim, refused)
	}
}
