package render_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/testsupport/rendertest"
	"github.com/zenv-dev/zenv/internal/testsupport/roundtrip"
	"github.com/zenv-dev/zenv/render"
)

// TestTcshRoundTrip applies the tcsh target's output in the real tcsh,
// through eval and source, in the C and UTF-8 locales, and reads every
// variable back through env -0: the ASCII of random values (tcsh refuses
// the rest) in one file of several KB, so tcsh's input blocks split it
// at many places. make e2e runs more values and makes tcsh mandatory.
func TestTcshRoundTrip(t *testing.T) {
	if _, err := exec.LookPath("tcsh"); err != nil {
		t.Skipf("SKIPPED: tcsh is not installed, so its round trip did not run (make e2e installs it and fails without it)")
	}
	s := seed(t)
	tg, err := render.Lookup("tcsh")
	if err != nil {
		t.Fatal(err)
	}
	in := render.Input{Vars: []render.Var{
		{Name: "ZENML_STORE_URL", Value: "https://zenml.example.com", Field: "url"},
		{Name: "ZENML_STORE_API_KEY", Value: "ZENKEY_x", Secret: true, Field: "api_key"},
	}}
	want := map[string]string{}
	for i, v := range roundtrip.Values(s, randomValuesPerShell) {
		var b strings.Builder
		for _, c := range []byte(v) {
			if c < 0x80 && c != '\n' {
				b.WriteByte(c)
			}
		}
		name := fmt.Sprintf("ZENV_T_%04d", i)
		in.Vars = append(in.Vars, render.Var{Name: name, Value: b.String()})
		want[name] = b.String()
	}
	out, err := rendertest.Render(tg, "", in, render.Options{})
	if err != nil {
		t.Fatalf("seed %d: %v", s, err)
	}
	file := filepath.Join(t.TempDir(), "zenv.csh")
	if err := os.WriteFile(file, out, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, locale := range []string{"C", "C.UTF-8"} {
		for _, apply := range []string{"source " + file, "eval \"`cat " + file + "`\""} {
			cmd := exec.Command("tcsh", "-f", "-c", apply+"; env -0")
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LC_ALL=" + locale}
			got, err := cmd.Output()
			if err != nil {
				t.Fatalf("tcsh %s (%s): %v", apply, locale, err)
			}
			env := map[string]string{}
			for _, kv := range strings.Split(string(got), "\x00") {
				if k, v, ok := strings.Cut(kv, "="); ok {
					env[k] = v
				}
			}
			for name, w := range want {
				if env[name] != w {
					t.Fatalf("seed %d: tcsh %s (%s) set %s to %s, want %s", s, strings.Fields(apply)[0], locale, name,
						roundtrip.Show(env[name]), roundtrip.Show(w))
				}
			}
		}
	}
}
