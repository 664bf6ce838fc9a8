//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/render/quote"
)

// TestJSONRoundTrip: Python's json module and Go's encoding/json read
// zenv's object back exactly.
func TestJSONRoundTrip(t *testing.T) {
	python := need(t, "python3")
	pyVer, _ := peerTool(t, nil, nil, python, "-c", "import platform; print(platform.python_version())")
	readers := []reader{
		{"python json", strings.TrimSpace(string(pyVer)), perFile(func(t *testing.T, f string) (map[string]string, error) {
			// ensure_ascii output is ASCII, so the pipe's encoding cannot
			// change what comes back; object_pairs_hook refuses duplicates.
			out, err := peerTool(t, nil, nil, python, "-c", `import json, sys
def pairs(p):
    d = dict(p)
    assert len(d) == len(p), "duplicate names"
    return d
print(json.dumps(json.load(open(sys.argv[1], encoding="utf-8"), object_pairs_hook=pairs)))`, f)
			if err != nil {
				return nil, err
			}
			return jsonStrings(out)
		})},
		{"go encoding/json", runtime.Version(), perFile(func(t *testing.T, f string) (map[string]string, error) {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			var m map[string]string
			return m, json.Unmarshal(b, &m)
		})},
	}
	proveTarget(t, targetProof{target: "json", quote: quote.JSON, batch: 250, ext: ".json", readers: readers})
}
