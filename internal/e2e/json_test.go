//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/testsupport/roundtrip"
	"github.com/zenv-dev/zenv/render/quote"
)

// TestJSONRoundTrip: Python's json module, Go's encoding/json and PyYAML
// (JSON is YAML, and tools read it so) read zenv's object back exactly,
// characters above U+FFFF included: written as surrogate-pair escapes,
// PyYAML read them as two lone surrogates.
func TestJSONRoundTrip(t *testing.T) {
	python := need(t, "python3")
	pyyaml := need(t, filepath.Join(cacheDir, "venv-prefect", "bin", "python")) // prefect depends on PyYAML
	yamlVer, _ := peerTool(t, nil, nil, pyyaml, "-c", "import yaml; print(yaml.__version__)")
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
		{"pyyaml (json as yaml)", strings.TrimSpace(string(yamlVer)), perFile(func(t *testing.T, f string) (map[string]string, error) {
			// Encoded as UTF-8, not escaped: a lone surrogate fails here,
			// where json.dumps would escape it and Go pair it up again.
			out, err := peerTool(t, nil, nil, pyyaml, "-c", `import json, sys, yaml
doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
sys.stdout.buffer.write(json.dumps(doc, ensure_ascii=False).encode("utf-8"))`, f)
			if err != nil {
				return nil, err
			}
			return jsonStrings(out)
		})},
	}
	proveTarget(t, targetProof{target: "json", quote: quote.JSON, batch: 250, ext: ".json", readers: readers, values: aboveFFFF})
}

// aboveFFFF are the random values plus characters above U+FFFF, printable
// or not (a tag character, a musical format character, private use planes,
// the last code point, a noncharacter), alone and inside text.
func aboveFFFF(seed uint64, n int) []string {
	vals := roundtrip.Values(seed, n)
	for _, r := range []rune{0x1F600, 0xE0001, 0x1D173, 0xF0000, 0x10FFFD, 0x10FFFF, 0x1FFFE} {
		vals = append(vals, string(r), "a"+string(r)+"b")
	}
	return vals
}
