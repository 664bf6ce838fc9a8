//go:build unix

package httpclient

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAFIFOIsRefusedWithoutWaiting: REQUESTS_CA_BUNDLE or verify_ssl
// naming a FIFO hung doctor for good (opening a FIFO waits for a writer).
// It is refused at once, as not a regular file, and so is one among the
// files of a CA folder.
func TestAFIFOIsRefusedWithoutWaiting(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "ca.pem")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFO here:", err)
	}
	done := make(chan error, 2)
	go func() {
		_, err := ReadBounded(fifo, MaxBundle)
		done <- err
		_, err = FileTrust("REQUESTS_CA_BUNDLE "+dir, dir)
		done <- err
	}()
	for _, want := range []string{"not a regular file", "holds no PEM certificate"} {
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("got %v, want an error saying %q", err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("reading a FIFO waited for a writer")
		}
	}
	if _, err := FileTrust("REQUESTS_CA_BUNDLE "+fifo, fifo); err == nil || err.Error() != "REQUESTS_CA_BUNDLE "+fifo+": not a regular file" {
		t.Errorf("FileTrust: %v", err)
	}
}
