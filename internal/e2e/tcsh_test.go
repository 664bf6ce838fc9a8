//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/testsupport/roundtrip"
	"github.com/zenv-dev/zenv/render/quote"
)

// tcshReader applies zenv's output in the real tcsh, in a locale, the way
// the README says (eval "`...`") or with source, and reads the
// environment back through env -0 in a child process.
func tcshReader(locale, how string) reader {
	ver := version("tcsh", "--version")
	return reader{"tcsh " + how + " (" + locale + ")", ver, perFile(func(t *testing.T, f string) (map[string]string, error) {
		apply := "source " + f
		if how == "eval" {
			apply = "eval \"`cat " + f + "`\""
		}
		env := append(baseEnv(t.TempDir()), "LC_ALL="+locale)
		out, err := peerTool(t, env, nil, "tcsh", "-f", "-c", apply+"; env -0")
		if err != nil {
			return nil, err
		}
		return parseEnv0(out), nil
	})}
}

// TestTcshRoundTrip: tcsh sets every value exactly, through eval and
// source, in the C and UTF-8 locales. zenv refuses NUL, newline and
// non-ASCII bytes for tcsh: through eval's backquotes or a pipe, tcsh 6.24
// corrupts a non-ASCII character that falls on a block boundary.
func TestTcshRoundTrip(t *testing.T) {
	need(t, "tcsh")
	var readers []reader
	for _, locale := range []string{"C", "C.UTF-8"} {
		for _, how := range []string{"eval", "source"} {
			readers = append(readers, tcshReader(locale, how))
		}
	}
	// Batches of 250 make files of several KB, so that tcsh's input blocks
	// split them at many places (where non-ASCII text would break).
	proveTarget(t, targetProof{target: "tcsh", quote: quote.Tcsh, batch: 250, ext: ".csh", readers: readers, values: asciiValues})
}

// asciiValues are random values with the bytes tcsh refuses (newline and
// non-ASCII) taken out, and one value in ten kept whole, to be refused.
func asciiValues(seed uint64, n int) []string {
	vals := roundtrip.Values(seed, n)
	for i, v := range vals {
		if i%10 == 0 {
			continue
		}
		b := []byte(v)[:0]
		for _, c := range []byte(v) {
			if c < 0x80 && c != '\n' {
				b = append(b, c)
			}
		}
		vals[i] = string(b)
	}
	return vals
}

// TestTcshRefusalIsNeeded shows why zenv refuses non-ASCII text for tcsh:
// the same setenv lines that source reads exactly come back corrupted
// through eval "`...`" in the C locale, where a block boundary splits a
// character. If tcsh ever stops doing this, the refusal can go.
func TestTcshRefusalIsNeeded(t *testing.T) {
	need(t, "tcsh")
	var b strings.Builder
	want := map[string]string{}
	for i := 0; i < 400; i++ {
		name := fmt.Sprintf("V%03d", i)
		want[name] = strings.Repeat("x", i%7) + "caf\u00e9 \u65e5\u672c"
		fmt.Fprintf(&b, "setenv %s '%s' ;\n", name, want[name])
	}
	f := write(t, t.TempDir(), 0, ".csh", b.String(), nil).file
	for _, how := range []string{"source", "eval"} {
		got, err := tcshReader("C", how).read(t, []string{f})
		wrong := 0
		for n, w := range want {
			if err != nil || got[0][n] != w {
				wrong++
			}
		}
		switch {
		case how == "source" && wrong > 0:
			t.Errorf("source read %d of %d non-ASCII values wrong; the test's file is broken", wrong, len(want))
		case how == "eval":
			summary.record("tcsh refusals needed", "", wrong > 0)
			if wrong == 0 {
				t.Errorf("eval read every non-ASCII value exactly: tcsh no longer corrupts them, so zenv need not refuse them")
			}
		}
	}
}

// TestTcshUnsetRemovesEveryClientVariable applies --unset output with eval.
func TestTcshUnsetRemovesEveryClientVariable(t *testing.T) {
	need(t, "tcsh")
	proveUnset(t, "tcsh", "tcsh eval (C)", version("tcsh", "--version"), func(t *testing.T, f string, env []string) (map[string]string, error) {
		out, err := peerTool(t, append(env, "LC_ALL=C"), nil, "tcsh", "-f", "-c", "eval \"`cat "+f+"`\"; env -0")
		return parseEnv0(out), err
	})
}
