//go:build unix

package config

import (
	"path/filepath"
	"syscall"
	"testing"
)

func makeFifo(t *testing.T, dir string) string {
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	return fifo
}
