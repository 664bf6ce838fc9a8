package profile

import (
	"path/filepath"
	"testing"

	gokeyring "github.com/zalando/go-keyring"
)

// TestAProfileAndItsKeyringItemShareEveryName: profile names and keyring
// item names follow one rule (zenml.CheckItemName), so every profile name
// can keep its key under its own name (issue 15: `_ci` failed).
func TestAProfileAndItsKeyringItemShareEveryName(t *testing.T) {
	for _, name := range []string{"_ci", ".staging", "prod-2.eu_west"} {
		gokeyring.MockInit()
		config := filepath.Join(t.TempDir(), "config.yaml")
		if _, stderr, err := zenv(t, config, nil, testKey+"\n", "profile", "add", name, "--url", "https://zenml.example.com", "--api-key-stdin", "--keyring"); err != nil {
			t.Errorf("profile add %s --keyring: %v %s", name, err, stderr)
			continue
		}
		if got, err := gokeyring.Get("zenv", name); err != nil || got != testKey {
			t.Errorf("keyring item %s = %q, %v", name, got, err)
		}
	}
}
