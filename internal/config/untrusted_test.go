package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnEditRefusesAFileOthersCanChange: zenv env refuses such a file; an
// edit must not quietly rewrite it 0600 and so hide an injected command
// (found by the attack review).
func TestAnEditRefusesAFileOthersCanChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(path, []byte("profiles:\n  evil: {url: https://e.example.com, api_key: {cmd: 'touch /tmp/x'}}\n"), 0o600)
	os.Chmod(path, 0o666)
	err := Edit(path, func(*Doc) error { return nil }, nil)
	if err == nil || !strings.Contains(err.Error(), "can be changed by group or others") {
		t.Fatalf("got %v", err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o666 {
		t.Errorf("the file was rewritten: mode %v", fi.Mode().Perm())
	}
}

// TestEveryReaderRefusesAFileOthersCouldChange: zenv env and run (Read
// through internal/profile), doctor (the same), and completion and the
// listings (ReadDoc) meet the same check.
func TestEveryReaderRefusesAFileOthersCouldChange(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "open")
	os.Mkdir(dir, 0o700)
	os.Chmod(dir, 0o777)
	path := filepath.Join(dir, "config.yaml")
	os.WriteFile(path, []byte("profiles:\n  p: {url: https://x.example.com}\n"), 0o600)
	want := "config file " + path + " is not safe to use: folder " + dir + " can be written by group or others"
	if _, err := Read(path); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Read: %v", err)
	}
	if _, err := ReadDoc(path); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("ReadDoc: %v", err)
	}
	if err := Edit(path, func(*Doc) error { return nil }, nil); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Edit: %v", err)
	}
}
