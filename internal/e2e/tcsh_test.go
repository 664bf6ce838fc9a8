//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// TestInteractiveShellsRunOnlyTheStatements applies zenv's output the way
// the README says, in each shell's real interactive mode under a pty
// (script(1)): tcsh (which reads # as a command, not a comment), zsh
// without interactive_comments, bash, dash and fish. A flag value with
// backquotes and $(...) is echoed into the output's apply hint. Every
// shell must set exactly the variables, print no error, and run nothing
// else: the value's commands would create a file. render's
// TestCommentLinesAreInert holds every target to the same rule.
func TestInteractiveShellsRunOnlyTheStatements(t *testing.T) {
	need(t, "script")
	shells := []struct {
		target string
		argv   string // the interactive shell, without start-up files
		apply  string // %s: the zenv command
	}{
		{"tcsh", "tcsh -f -i", "eval \"`%s`\""},
		{"zsh", "zsh -f -i", `out=$(%s) && eval "$out"`},
		{"bash", "bash --norc --noprofile -i", `out=$(%s) && eval "$out"`},
		{"sh", "dash -i", `out=$(%s) && eval "$out"`},
		{"fish", "fish --no-config -i", `%s | source`},
	}
	for _, sh := range shells {
		t.Run(sh.target, func(t *testing.T) {
			need(t, strings.Fields(sh.argv)[0])
			for _, unset := range []string{"", " --unset"} {
				dir := t.TempDir()
				mark := filepath.Join(dir, "ran")
				value := "a`touch " + mark + "`$(touch " + mark + ")b"
				// A wrapper passes the hostile flag, so no shell has to
				// quote it inside its own command substitution.
				wrapper := filepath.Join(dir, "zz")
				script := "#!/bin/sh\nexec " + zenvBin + " env " + sh.target + " --url https://zenml.example.com --api-key-env ZK --set 'NOTE=" + value + "'" + unset + "\n"
				if err := os.WriteFile(wrapper, []byte(script), 0o700); err != nil {
					t.Fatal(err)
				}
				out := filepath.Join(dir, "env0")
				input := fmt.Sprintf(sh.apply, wrapper) + "\nenv -0 > " + out + "\nexit\n"
				env := baseEnv(dir, "ZK="+testKey, "TERM=dumb", "NOTE=before")
				transcript, err := runInput(t, env, dir, input, "script", "-qfec", sh.argv, "/dev/null")
				ok := err == nil
				got, rerr := os.ReadFile(out)
				ok = ok && rerr == nil
				vars := parseEnv0(got)
				if unset == "" {
					ok = ok && vars["NOTE"] == value && vars["ZENML_STORE_API_KEY"] == testKey && vars["ZENML_STORE_URL"] == "https://zenml.example.com"
				} else {
					_, has := vars["NOTE"]
					ok = ok && !has
				}
				if _, err := os.Stat(mark); err == nil {
					ok = false
					t.Errorf("%s%s: the flag's commands ran", sh.target, unset)
				}
				lower := strings.ToLower(transcript)
				for _, bad := range []string{"not found", "undefined", "unknown", "error", "unmatched", "illegal"} {
					if strings.Contains(lower, bad) {
						ok = false
					}
				}
				ver := version(strings.Fields(sh.argv)[0], "--version")
				if sh.target == "sh" {
					ver = debianVersion("dash") // dash has no --version
				}
				summary.record(sh.target+" interactive (pty)", ver, ok)
				if !ok {
					t.Errorf("%s%s: err %v, NOTE=%q, transcript:\n%s", sh.target, unset, err, vars["NOTE"], transcript)
				}
			}
		})
	}
}

// runInput runs a command with input on its stdin, within a minute.
func runInput(t *testing.T, env []string, dir, input, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env, cmd.Dir, cmd.Stdin = env, dir, strings.NewReader(input)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
