package cmdutil

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWriteOutputNeverReplacesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	// A reader so that the FIFO can be opened for writing.
	got := make(chan []byte)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- b
	}()
	if err := WriteOutput(fifo, []byte("through"), nil); err != nil {
		t.Fatal(err)
	}
	if b := <-got; string(b) != "through" {
		t.Errorf("the fifo's reader got %q", b)
	}
	if fi, _ := os.Lstat(fifo); fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the fifo was replaced by %v", fi.Mode())
	}
	if err := WriteOutput("/dev/null", []byte("x"), nil); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat("/dev/null"); fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v", fi.Mode())
	}
}

func TestWriteOutputKeepsASymlinkAndReplacesItsTarget(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.env")
	os.WriteFile(target, []byte("old"), 0o644)
	link := filepath.Join(dir, "link.env")
	os.Symlink("real.env", link)
	if err := WriteOutput(link, []byte("new"), nil); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced")
	}
	b, _ := os.ReadFile(target)
	fi, _ := os.Stat(target)
	if string(b) != "new" || fi.Mode().Perm() != 0o600 {
		t.Errorf("target holds %q with mode %v", b, fi.Mode().Perm())
	}
}

func TestWriteOutputDashIsStdoutAndErrorsNameTheUsersPath(t *testing.T) {
	var out bytes.Buffer
	if err := WriteOutput("-", []byte("x"), &out); err != nil || out.String() != "x" {
		t.Errorf("got %q, %v", out.String(), err)
	}
	err := WriteOutput("/nonexistent-dir/zenml.env", []byte("x"), nil)
	if err == nil || !strings.HasPrefix(err.Error(), "cannot write /nonexistent-dir/zenml.env: ") || strings.Contains(err.Error(), ".zenv-") {
		t.Errorf("got %v", err)
	}
}
