//go:build unix

package doctor

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestAZenMLCommandThatIsAFIFOIsNotWaitedFor: finding the client's python
// reads the first line of zenml on PATH; a FIFO there (executable bits
// and all) blocked that open, and doctor, for good.
func TestAZenMLCommandThatIsAFIFOIsNotWaitedFor(t *testing.T) {
	dir := t.TempDir()
	zenml := filepath.Join(dir, "zenml")
	if err := syscall.Mkfifo(zenml, 0o700); err != nil {
		t.Skip("no FIFO here:", err)
	}
	os.Chmod(zenml, 0o755)
	t.Setenv("PATH", dir) // and no python3
	got := make(chan string, 1)
	go func() { got <- clientPython() }()
	select {
	case py := <-got:
		if py != "" {
			t.Errorf("clientPython() = %q, want none", py)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("clientPython waited for a writer to the FIFO named zenml")
	}
}
