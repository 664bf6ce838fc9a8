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
	if _, err := pythonProbe(ctx); err != nil {
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

// TestAKeySplitAcrossLinesIsRedacted: a server that echoes the key with a
// line break, a space, U+0085, U+2028 or DEL inserted got all but its first
// characters printed (found by the attack reviews); the key is redacted
// before the text is cut, and an unknown key-like run is withheld too.
func TestAKeySplitAcrossLinesIsRedacted(t *testing.T) {
	secret := strings.Repeat("5ec7", 16)
	key := makeKey(goodKeyID, secret)
	st := newState(Input{Env: map[string]string{"ZENML_STORE_API_KEY": key}})
	for _, sep := range []string{"\n", "\r\n", " ", "\u0085", "\u2028", "\x7f"} {
		for _, body := range []string{key[:10] + sep + key[10:], key[:40] + sep + key[40:], "bad key: " + key[:30] + sep + sep + key[30:],
			"secret " + secret[:32] + sep + secret[32:], strings.Repeat("x ", 145) + secret} {
			got := st.server(body, 300)
			for _, part := range []string{key[12:24], key[50:62], secret[:10], secret[54:]} {
				if strings.Contains(got, part) {
					t.Errorf("server(%q) = %q holds %q", body, got, part)
				}
			}
		}
	}
	other := makeKey(unknownID, strings.Repeat("ab", 32)) // a key doctor never read
	if got := st.server("echo "+other[:40]+"\n"+other[40:], 300); strings.Contains(got, other[20:40]) || strings.Contains(got, other[60:80]) {
		t.Errorf("an unknown key: %q", got)
	}
	if got := st.server("line one\nline two", 100); got != "line one?line two" {
		t.Errorf("an ordinary line break: %q", got)
	}
}

// TestTheProbeAsksThePythonOfTheZenMLCommand: a pipx or virtualenv install
// runs zenml with its own interpreter, not python3 on PATH; a script whose
// interpreter is gone (a moved venv) falls back to python3.
func TestTheProbeAsksThePythonOfTheZenMLCommand(t *testing.T) {
	// The interpreter itself, not a wrapper such as pyenv's shim.
	exe, err := exec.Command("python3", "-I", "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		t.Skip("SKIPPED: python3 is not installed")
	}
	py := strings.TrimSpace(string(exe))
	_, certifiErr := exec.Command(py, "-I", "-c", "import certifi").Output()
	dir := t.TempDir()
	script := func(first string) {
		os.WriteFile(filepath.Join(dir, "zenml"), []byte(first+"\nimport sys\n"), 0o755)
	}
	script("#!" + py)
	t.Setenv("PATH", dir) // no python3 here: only the zenml command
	if got := clientPython(); got != py {
		t.Errorf("clientPython() = %q, want the script's %q", got, py)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if info, err := pythonProbe(ctx); err != nil || certifiErr == nil && info.Certifi == "" {
		t.Errorf("probe = %+v, %v; the script's interpreter was not asked", info, err)
	}
	script("#!/nonexistent/venv/bin/python3")
	if got := clientPython(); got != "" {
		t.Errorf("a missing interpreter and no python3: %q", got)
	}
	script("#!/usr/bin/env " + filepath.Base(py))
	os.Symlink(py, filepath.Join(dir, filepath.Base(py)))
	if got := clientPython(); got != filepath.Join(dir, filepath.Base(py)) {
		t.Errorf("#!/usr/bin/env: %q", got)
	}
}
