package lint

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the current output")

// goldenOptions keeps testdata small: a 4 KiB cap makes skips/large.txt
// (5000 bytes) a large file without committing megabytes.
var goldenOptions = Options{MaxFileSize: 4 << 10}

// TestTreeMatchesGolden locks every rule's findings on testdata/tree, a
// directory per rule with files that must and must not trigger it, in
// every output format. Run with -update and read the diff.
func TestTreeMatchesGolden(t *testing.T) {
	golden, err := filepath.Abs("testdata/golden")
	if err != nil {
		t.Fatal(err)
	}
	// A copy outside the repository: what git says about this checkout
	// (ignored files, ownership) must not change the golden output.
	tree := t.TempDir()
	if err := os.CopyFS(tree, os.DirFS("testdata/tree")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(tree)
	rep, err := Run(t.Context(), nil, goldenOptions)
	if err != nil {
		t.Fatal(err)
	}
	tool := Tool{Name: "zenv", URI: "https://github.com/zenv-dev/zenv"}
	for _, format := range Formats {
		var buf bytes.Buffer
		if err := Write(&buf, format, rep, tool); err != nil {
			t.Fatal(err)
		}
		if format == "text" {
			buf.WriteString("-- skipped --\n")
			if err := WriteSkipped(&buf, rep); err != nil {
				t.Fatal(err)
			}
		}
		compareGolden(t, filepath.Join(golden, "tree."+format), buf.Bytes())
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run go test ./internal/lint -update and read the diff.\ngot:\n%s", path, got)
	}
}
