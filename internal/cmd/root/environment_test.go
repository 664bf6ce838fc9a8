package root

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRootHelpNamesEveryVariableZenvReads scans zenv's own source (not its
// tests) for ZENV_* names and checks that `zenv --help` documents each, so
// a variable added tomorrow cannot stay a secret.
func TestRootHelpNamesEveryVariableZenvReads(t *testing.T) {
	name := regexp.MustCompile(`"(ZENV_[A-Z0-9_]*[A-Z0-9])"`)
	found := map[string]string{}
	for _, dir := range []string{"../../../cmd", "../../../internal", "../../../render"} {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testsupport" || d.Name() == "e2e" || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range name.FindAllStringSubmatch(string(b), -1) {
				found[m[1]] = path
			}
			return nil
		})
	}
	if len(found) < 2 {
		t.Fatalf("found %v; the scan no longer sees ZENV_CONFIG and ZENV_PROFILE", found)
	}
	for v, path := range found {
		if !strings.Contains(Environment, "  "+v+" ") {
			t.Errorf("%s reads $%s; the root help's environment section does not name it", path, v)
		}
	}
}
