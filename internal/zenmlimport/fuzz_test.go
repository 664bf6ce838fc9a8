package zenmlimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadNeverPanicsNorQuotesAKey: any credentials.yaml and config.yaml
// give a result or one error, and the error never holds a key.
func FuzzReadNeverPanicsNorQuotesAKey(f *testing.F) {
	for _, dir := range []string{"real-api-key", "real-password", "mixed"} {
		cred, _ := os.ReadFile(filepath.Join("testdata", dir, "credentials.yaml"))
		conf, _ := os.ReadFile(filepath.Join("testdata", dir, "config.yaml"))
		f.Add(cred, conf)
	}
	f.Add([]byte("a: {api_key: [ZENKEY_x"), []byte("store: {url: [ZENKEY_y]}"))
	f.Fuzz(func(t *testing.T, cred, conf []byte) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "credentials.yaml"), cred, 0o600)
		os.WriteFile(filepath.Join(dir, "config.yaml"), conf, 0o600)
		_, err := Read(dir, noEnv)
		if err != nil && (strings.Contains(err.Error(), "ZENKEY_") || strings.Contains(err.Error(), "\n")) {
			t.Fatalf("error quotes the input: %v", err)
		}
	})
}
