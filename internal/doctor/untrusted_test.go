package doctor

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
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
