package doctor

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPythonImportsNothingFromTheWorkingDirectory: doctor runs in CI on a
// checkout; a csv.py there must not be imported by the python3 doctor asks
// for zenml's version, nor see the key (found by the attack review).
func TestPythonImportsNothingFromTheWorkingDirectory(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("SKIPPED: python3 is not installed")
	}
	dir := t.TempDir()
	pwned := filepath.Join(t.TempDir(), "pwned")
	for _, mod := range []string{"csv.py", "email.py", "textwrap.py", "importlib_metadata.py"} {
		os.WriteFile(filepath.Join(dir, mod), []byte("open("+quotePy(pwned)+", 'w').write('x')\n"), 0o644)
	}
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(dir)
	t.Setenv("ZENML_STORE_API_KEY", "ZENKEY_secret-for-this-test")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := pythonZenML(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(pwned); err == nil {
		t.Fatal("python3 imported a module from the working directory")
	}
	if env := withoutZenMLSecrets([]string{"ZENML_STORE_API_KEY=k", "ZENML_STORE_PASSWORD=p", "PATH=/bin"}); len(env) != 1 {
		t.Errorf("the child's environment keeps a credential: %q", env)
	}
}

func quotePy(s string) string { return "'" + s + "'" }

func TestAKeySplitAcrossLinesIsRedacted(t *testing.T) {
	const key = "ZENKEY_eyJpZCI6ICJNQVJLRVIiLCAia2V5IjogIk1BUktFUi02NGhleCJ9"
	for _, body := range []string{key[:40] + "\n" + key[40:], key[:20] + "\r\n" + key[20:], "bad key: " + key[:30] + "\n\n" + key[30:]} {
		if got := sanitize(body, 500); strings.Contains(got, "NQVJLRV") || strings.Contains(got, "MARKER") || strings.Contains(got, key[45:]) {
			t.Errorf("sanitize(%q) = %q", body, got)
		}
	}
	if got := sanitize("line one\nline two", 100); got != "line one?line two" {
		t.Errorf("an ordinary line break: %q", got)
	}
}
