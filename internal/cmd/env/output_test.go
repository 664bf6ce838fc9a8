package env

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestRefusedOutputPathExits2AndAFailedWriteExits1: -o on a FIFO, a
// device, a directory or in a folder others may write is bad input, refused
// as a --config or --api-key-file there would be (exit 2, one line, nothing
// on stdout); a write that fails once begun is zenv failing (exit 1).
func TestRefusedOutputPathExits2AndAFailedWriteExits1(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	open := filepath.Join(dir, "open")
	os.Mkdir(open, 0o700)
	os.Chmod(open, 0o777)
	for _, path := range []string{fifo, "/dev/null", dir, filepath.Join(open, "zenml.env"), filepath.Join(dir, "nosuch", "zenml.env")} {
		code, stdout, stderr := envOnTTY(t, false, "bash", "-o", path)
		if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "cannot write "+path) {
			t.Errorf("-o %s: exit %d, stdout %q, stderr %q; want exit 2 and one line", path, code, stdout, stderr)
		}
	}
	// /proc takes no new file: the checks pass and the write itself fails.
	if fi, err := os.Stat("/proc/self"); err != nil || !fi.IsDir() {
		t.Skip("no /proc")
	}
	code, stdout, stderr := envOnTTY(t, false, "bash", "-o", "/proc/zenml.env")
	if code != 1 || stdout != "" || !strings.Contains(stderr, "cannot write /proc/zenml.env") {
		t.Errorf("-o /proc/zenml.env: exit %d, stdout %q, stderr %q; want exit 1", code, stdout, stderr)
	}
}
