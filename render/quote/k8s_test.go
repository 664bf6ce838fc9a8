package quote

import (
	"strings"
	"testing"
)

func FuzzK8sStringData(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := K8sStringData(s)
		if err != nil {
			return // YAML's refusals, fuzzed in FuzzYAML
		}
		if got, err := yamlScalar(q); err != nil || got != s {
			t.Fatalf("yaml reads %s as %q (%v), want %q", q, got, err, s)
		}
	})
}

func TestK8sSecretName(t *testing.T) {
	for name, ok := range map[string]bool{"zenml-client": true, "a": true, "a.b-c": true, "": false, "Zenml": false, "-a": false, "a-": false, "a_b": false, strings.Repeat("a", 254): false} {
		if err := K8sSecretName(name); (err == nil) != ok {
			t.Errorf("K8sSecretName(%q) = %v, want ok=%v", name, err, ok)
		}
	}
}
