//go:build unix

package zenmlimport

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAFIFOInTheClientsFolderIsRefusedWithoutBlocking: the file is opened
// once without blocking and checked, so no FIFO, there from the start or
// swapped in after a check, can hang the import.
func TestAFIFOInTheClientsFolderIsRefusedWithoutBlocking(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "credentials.yaml"), 0o600); err != nil {
		t.Skip(err)
	}
	os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("{}\n"), 0o600)
	done := make(chan error, 1)
	go func() { _, err := Read(dir, func(string) string { return "" }); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "credentials.yaml is not a regular file") {
			t.Errorf("got %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO blocked")
	}
}
