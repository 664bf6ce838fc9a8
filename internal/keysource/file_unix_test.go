//go:build unix

package keysource

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAKeyFileOthersCouldSwapIsRefused: whoever can replace the key file
// chooses the account zenv logs in as, so it is checked as a config file
// is (third attack review).
func TestAKeyFileOthersCouldSwapIsRefused(t *testing.T) {
	base := t.TempDir()
	open := filepath.Join(base, "open")
	os.Mkdir(open, 0o700)
	os.Chmod(open, 0o777)
	key := filepath.Join(open, "prod.key")
	os.WriteFile(key, []byte("ZENKEY_x\n"), 0o600)
	_, err := File{Path: key, From: "--api-key-file"}.Read(context.Background(), System{})
	if err == nil || !strings.Contains(err.Error(), "api key file "+key+" (from --api-key-file) is not safe to use: folder "+open+" can be written by group or others") {
		t.Errorf("0777 folder: %v", err)
	}
	os.Chmod(open, 0o700)
	os.Chmod(key, 0o644)
	var warned string
	b, err := File{Path: key, From: "--api-key-file"}.Read(context.Background(), System{Warn: func(m string) { warned = m }})
	if err != nil || string(b) != "ZENKEY_x\n" || !strings.Contains(warned, "can be read by group or others") {
		t.Errorf("readable key file: %q %v, warning %q", b, err, warned)
	}
	os.Chmod(key, 0o660)
	if _, err := (File{Path: key, From: "--api-key-file"}).Read(context.Background(), System{}); err == nil || !strings.Contains(err.Error(), key+" can be changed by group or others, and whoever") || !strings.Contains(err.Error(), "; run chmod go-w "+key) {
		t.Errorf("group-writable key file: %v", err)
	}
}
