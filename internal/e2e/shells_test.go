//go:build e2e

package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/testsupport/fixture"
	"github.com/zenv-dev/zenv/internal/testsupport/roundtrip"
)

// valuesPerShell is the floor for the e2e run.
const valuesPerShell = 2000

func e2eSeed(t *testing.T) uint64 {
	s, err := roundtrip.Seed()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const testKey = "ZENKEY_eyJpZCI6ICIzYTJlOWQ0Mi0xYjZjLTRlMGEtOWM1Ni0yZjhkN2U0YjFhMDAiLCAia2V5IjogIjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYifQ=="

// TestShellRoundTrip renders random values and the hostile fixture with the
// zenv binary, applies the output in each real shell as the README says, and
// reads every variable back through a child process's environment. Each
// shell runs in C, C.UTF-8 and the multibyte locales (Big5, GBK, GB18030,
// Shift-JIS), where it also gets values that put characters ending in 0x5C
// before quotes, backslashes and control characters; each shell and locale
// is a row of the summary table.
func TestShellRoundTrip(t *testing.T) {
	seed := e2eSeed(t)
	t.Logf("seed %d (rerun with ZENV_SEED=%d)", seed, seed)
	locpath := filepath.Join(cacheDir, "locales")
	if err := roundtrip.BuildLocales(locpath); err != nil {
		t.Fatalf("the multibyte locales must be built (.ci/e2e installs Debian's locales): %v", err)
	}
	for _, sh := range append(append([]roundtrip.Shell(nil), roundtrip.Shells...), roundtrip.MultibyteShells(locpath)...) {
		t.Run(sh.Label, func(t *testing.T) {
			need(t, sh.Binary)
			ver := version(sh.Binary, "--version")
			if sh.Binary == "dash" { // dash has no --version
				ver = debianVersion("dash")
			}
			peer := sh.Label
			values := sh.Values(seed, valuesPerShell)

			// Random values, one --set each, rendered by one zenv run.
			args := []string{"env", sh.Target, "--url", "https://zenml.example.com", "--api-key-env", "ZK"}
			want := map[string]string{}
			for i, v := range values {
				if redact.LooksLikeKey(v) {
					continue // a key in an extra is refused by design (cmd/zenv leak tests)
				}
				name := fmt.Sprintf("ZENV_T_%04d", i)
				args = append(args, "--set", name+"="+v)
				want[name] = v
			}
			out, stderr, code := zenv(t, []string{"ZK=" + testKey}, args...)
			if code != 0 {
				// bash, zsh, dash and fish carry every byte but NUL.
				for range values {
					summary.record(peer, ver, false)
				}
				t.Fatalf("seed %d: zenv refused a value for %s: %s", seed, sh.Target, stderr)
			}
			failures := applyAndCompare(t, sh, []byte(out), want, seed)
			for i := range values {
				summary.record(peer, ver, i >= failures)
			}

			// The hostile fixture, through a profile file.
			out, stderr, code = zenv(t, nil, "env", sh.Target, "--config", filepath.Join(repoRoot, "golden", "hostile", "profile.yaml"))
			if code != 0 {
				summary.record(peer, ver, false)
				t.Fatalf("hostile fixture refused: %s", stderr)
			}
			p, key, err := fixture.Load(filepath.Join(repoRoot, "golden", "hostile"))
			if err != nil {
				t.Fatal(err)
			}
			hostile := map[string]string{}
			for _, v := range p.Vars(key) {
				hostile[v.Name] = v.Value
			}
			summary.record(peer, ver, applyAndCompare(t, sh, []byte(out), hostile, seed) == 0)
		})
	}
}

// applyAndCompare applies output in sh and reports the first mismatch,
// quoted; it returns how many variables came back wrong.
func applyAndCompare(t *testing.T, sh roundtrip.Shell, output []byte, want map[string]string, seed uint64) int {
	t.Helper()
	names := make([]string, 0, len(want))
	for n := range want {
		names = append(names, n)
	}
	got, err := sh.Apply(t.TempDir(), output, names)
	if err != nil {
		t.Errorf("seed %d: %v", seed, err)
		return len(want)
	}
	bad := 0
	for _, n := range names {
		if got[n] != want[n] {
			if bad == 0 {
				t.Errorf("seed %d: %s set %s to %s, want %s", seed, sh.Label, n, roundtrip.Show(got[n]), roundtrip.Show(want[n]))
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("seed %d: %d of %d values came back wrong", seed, bad, len(want))
	}
	return bad
}

// cmdValues leans on what cmd can carry, so that the values zenv accepts
// for cmd are many and varied, not only those that dodge the refusals.
func cmdValues(seed uint64, n int) []string {
	var out []string
	for _, v := range roundtrip.Values(seed+1, n*4) {
		var b strings.Builder
		for _, r := range v {
			if r >= 0x20 && r < 0x7f && !strings.ContainsRune(`"%!`, r) {
				b.WriteRune(r)
			}
		}
		if b.Len() > 0 {
			out = append(out, b.String())
		}
		if len(out) == n {
			break
		}
	}
	return out
}
