package render_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/testsupport/fixture"
	"github.com/zenv-dev/zenv/internal/testsupport/rendertest"
	"github.com/zenv-dev/zenv/internal/testsupport/roundtrip"
	"github.com/zenv-dev/zenv/render"
)

// randomValuesPerShell is the floor for go test; make e2e runs more.
const randomValuesPerShell = 500

func seed(t *testing.T) uint64 {
	s, err := roundtrip.Seed()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func loadFixture(t *testing.T, name string) (*profile.Profile, string) {
	t.Helper()
	p, key, err := fixture.Load(fixture.Dir(name))
	if err != nil {
		t.Fatal(err)
	}
	return p, key
}

// locales are the multibyte locales, built once per test binary into a
// cache directory that outlives it (GB18030 takes seconds to build).
var locales = sync.OnceValues(func() (string, error) {
	dir := os.Getenv("ZENV_LOCPATH")
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(cache, "zenv-test", "locales")
	}
	return dir, roundtrip.BuildLocales(dir)
})

// testShells are the shells in C, C.UTF-8 and the multibyte locales.
func testShells() []roundtrip.Shell {
	dir, _ := locales()
	return append(append([]roundtrip.Shell(nil), roundtrip.Shells...), roundtrip.MultibyteShells(dir)...)
}

func shellOrSkip(t *testing.T, sh roundtrip.Shell) {
	t.Helper()
	if !sh.Available() {
		if sh.Binary == "bash" {
			t.Fatalf("bash is not installed; zenv's tests need it")
		}
		t.Skipf("SKIPPED: %s is not installed, so its round trip did not run (make e2e installs it and fails without it)", sh.Binary)
	}
	if sh.Multibyte != nil {
		if _, err := locales(); err != nil {
			t.Skipf("SKIPPED: the %s locale could not be built, so this round trip did not run (install Debian's locales; make e2e installs it and fails without it): %v", sh.Locale, err)
		}
	}
}

// TestShellRoundTripHostileFixture applies the hostile fixture in each real
// shell and reads every variable back.
func TestShellRoundTripHostileFixture(t *testing.T) {
	p, key := loadFixture(t, "hostile")
	for _, sh := range testShells() {
		t.Run(sh.Label, func(t *testing.T) {
			shellOrSkip(t, sh)
			target, err := render.Lookup(sh.Target)
			if err != nil {
				t.Fatal(err)
			}
			vars := p.Vars(key)
			out, err := rendertest.Render(target, "", p.Input(key, false), render.Options{})
			if err != nil {
				if sh.MustCarry {
					t.Fatalf("%s must carry the hostile fixture, but zenv refused: %v", sh.Target, err)
				}
				t.Logf("%s refuses the hostile fixture: %v", sh.Target, err)
				return
			}
			checkApplied(t, sh, out, vars, "hostile fixture")
		})
	}
}

// TestShellRoundTripRandomValues applies random values from an alphabet of
// troublesome characters in each real shell; in a multibyte locale, also
// values that put its characters ending in 0x5C (\\) before quotes,
// backslashes and control characters (roundtrip.LocaleValues). A value is either read back
// exactly or refused by the target's quoting; bash, zsh and sh refuse
// nothing.
func TestShellRoundTripRandomValues(t *testing.T) {
	s := seed(t)
	t.Logf("seed %d (rerun with ZENV_SEED=%d)", s, s)
	for _, sh := range testShells() {
		t.Run(sh.Label, func(t *testing.T) {
			shellOrSkip(t, sh)
			values := sh.Values(s, randomValuesPerShell)
			target, _ := render.Lookup(sh.Target)
			quote := target.Forms[0].Quote
			p := &profile.Profile{URL: "https://zenml.example.com", Env: map[string]string{}}
			refused := 0
			for i, v := range values {
				if _, err := quote(v); err != nil {
					if sh.MustCarry {
						t.Fatalf("seed %d: %s refused %s: %v", s, sh.Target, roundtrip.Show(v), err)
					}
					refused++
					continue
				}
				p.Env[fmt.Sprintf("ZENV_T_%04d", i)] = v
			}
			out, err := rendertest.Render(target, "", p.Input("ZENKEY_x", false), render.Options{})
			if err != nil {
				t.Fatalf("seed %d: %v", s, err)
			}
			checkApplied(t, sh, out, p.Vars("ZENKEY_x"), fmt.Sprintf("seed %d", s))
			t.Logf("%s: %d values read back exactly, %d refused", sh.Label, len(p.Env), refused)
		})
	}
}

func checkApplied(t *testing.T, sh roundtrip.Shell, out []byte, vars []render.Var, what string) {
	t.Helper()
	names := make([]string, len(vars))
	for i, v := range vars {
		names[i] = v.Name
	}
	got, err := sh.Apply(t.TempDir(), out, names)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	for _, v := range vars {
		if got[v.Name] != v.Value {
			t.Errorf("%s: %s: %s set %s to %s, want %s", what, sh.Label, sh.Target, v.Name, roundtrip.Show(got[v.Name]), roundtrip.Show(v.Value))
		}
	}
}
