package cmdutil

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestWriteOutputRefusesEveryPathThatIsNotARegularFile: writing through a
// FIFO handed the key to another user's reader (third attack review); -o -
// is the way to standard output.
func TestWriteOutputRefusesEveryPathThatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link-to-fifo")
	os.Symlink(fifo, link)
	paths := map[string]string{fifo: "a FIFO", link: "a FIFO", "/dev/null": "a device", dir: "a directory"}
	if fi, err := os.Stat("/dev/stdout"); err == nil && !fi.Mode().IsRegular() {
		paths["/dev/stdout"] = "" // a pipe or terminal under go test
	}
	for path, what := range paths {
		err := WriteOutput(path, []byte("ZENKEY_x"), nil)
		if err == nil || !strings.Contains(err.Error(), "cannot write "+path+": it is "+what) || !strings.Contains(err.Error(), "-o - for standard output") {
			t.Errorf("%s: %v", path, err)
		}
		var refused *RefusedPathError
		if !errors.As(err, &refused) {
			t.Errorf("%s: %T is not a RefusedPathError (exit 2)", path, err)
		}
	}
	if fi, _ := os.Lstat(fifo); fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the fifo was replaced by %v", fi.Mode())
	}
	if fi, _ := os.Stat("/dev/null"); fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v", fi.Mode())
	}
}

func TestWriteOutputRefusesAFolderOthersCanWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "open")
	os.Mkdir(dir, 0o700)
	os.Chmod(dir, 0o777)
	err := WriteOutput(filepath.Join(dir, "zenml.env"), []byte("x"), nil)
	if err == nil || !strings.Contains(err.Error(), "folder "+dir+" can be written by group or others") {
		t.Errorf("got %v", err)
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
