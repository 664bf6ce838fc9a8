package root

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/profile"
)

// TestHelpConfigPushExampleLoads: the push: list `zenv help config` shows
// is a valid profile's, so the documentation cannot drift from the parser.
func TestHelpConfigPushExampleLoads(t *testing.T) {
	topic := configTopic()
	start := strings.Index(topic, "      push:")
	end := strings.Index(topic[start:], "\n\n")
	if start < 0 || end < 0 {
		t.Fatal("no push: example in zenv help config")
	}
	config := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(config, []byte("profiles:\n    prod:\n      url: https://zenml.example.com\n"+topic[start:start+end]+"\n"), 0o600)
	p, _, err := profile.Load(profile.OSSource(config, "prod"), profile.Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, d := range p.Push {
		kinds = append(kinds, d.Kind)
	}
	if strings.Join(kinds, " ") != strings.Join(profile.DestinationKinds, " ") {
		t.Errorf("the example shows %v, not every kind %v", kinds, profile.DestinationKinds)
	}
}
