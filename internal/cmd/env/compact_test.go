package env

import (
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/zenv-dev/zenv/internal/config"
)

// An unedited file written with "- " at its key's column comes back byte
// for byte: nested sequences, block scalars, comments, anchors.
func TestCompactSequencesGivesBackAnUneditedCompactFile(t *testing.T) {
	for _, src := range []string{
		"a:\n- b: 1\n  c:\n  - d\n  - e: |\n      x\n        y\n  # about f\n  f: 2\n# about g\ng:\n- h\n",
		"jobs:\n  build:\n    steps:\n    - uses: x\n      with:\n        k: v\n    # c\n    - run: |\n        echo a\n\n        echo b\n    env:\n      A: b\n",
		"base: &b\n- x\n- y\nuse: *b\nlist:\n- - nested\n  - seq\n- [flow, seq]\n",
	} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatal(err)
		}
		out, err := config.EncodeDocument("x", &doc, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if c := compactSequences(&doc, []byte(src), out); string(c) != src {
			t.Errorf("src:\n%s\nencoded:\n%s\ncompacted:\n%s", src, out, c)
		}
	}
}
