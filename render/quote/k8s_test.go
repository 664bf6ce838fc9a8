package quote

import "testing"

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
