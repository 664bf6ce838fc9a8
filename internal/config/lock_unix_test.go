//go:build unix

package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The config file's lock is zenv's own: a FIFO at its name is refused at
// once, not waited on forever, and a symlink is not followed.
func TestEditRefusesAFIFOOrASymlinkAtTheLockPath(t *testing.T) {
	for _, kind := range []string{"fifo", "symlink"} {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "config.yaml")
			elsewhere := filepath.Join(t.TempDir(), "victim")
			if kind == "fifo" {
				if err := syscall.Mkfifo(path+".lock", 0o600); err != nil {
					t.Fatal(err)
				}
			} else if err := os.Symlink(elsewhere, path+".lock"); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- Edit(path, func(*Doc) error { return nil }, nil) }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "cannot lock "+path+".lock") {
					t.Errorf("err %v; want cannot lock", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Edit with a FIFO at the lock path still waits after 5s")
			}
			if _, err := os.Stat(elsewhere); err == nil {
				t.Errorf("zenv created the symlink's target")
			}
			if _, err := os.Stat(path); err == nil {
				t.Errorf("zenv wrote the config file")
			}
		})
	}
}
