// Package roundtrip proves zenv's shell output against the real shells: it
// applies the output the way the README says (eval "$(...)", | source, a
// .bat file), then reads every variable back from the shell and compares it
// byte for byte. Both `go test` and `make e2e` use it.
package roundtrip

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Shell is a real shell and how to apply zenv's output in it.
type Shell struct {
	Target string // zenv target
	Binary string // program to run
	Locale string // LC_ALL
	// Multibyte is set when Locale is one of MultibyteLocales, built under
	// LocPath; nil for C and C.UTF-8.
	Multibyte *Locale
	LocPath   string
	Label     string // for messages and the e2e table: binary plus locale
	// Script is the line that applies the output in file out.
	Script func(out string) string
	// MustCarry: the shell can hold every byte but NUL, so zenv may refuse
	// nothing.
	MustCarry bool
}

// The scripts apply zenv's output as the README says, then let a child
// process print its environment: what ZenML, a child of the shell, would
// see. A variable set but not exported does not count.
func posixScript(out string) string {
	return fmt.Sprintf("eval \"$(cat '%s')\"", out)
}

func fishScript(out string) string {
	return fmt.Sprintf("cat '%s' | source", out)
}

// shells are the shells zenv is proven against; Shells and MultibyteShells
// put them in locales.
var shells = []Shell{
	{Target: "bash", Binary: "bash", Script: posixScript, MustCarry: true},
	{Target: "zsh", Binary: "zsh", Script: posixScript, MustCarry: true},
	{Target: "sh", Binary: "dash", Script: posixScript, MustCarry: true},
	{Target: "fish", Binary: "fish", Script: fishScript, MustCarry: true},
}

// Shells are the shells in the C locale (what cron and systemd give) and in
// C.UTF-8; dash ignores the locale, so it runs in C only.
var Shells = func() []Shell {
	var out []Shell
	for _, sh := range shells {
		for _, l := range []string{"C", "C.UTF-8"} {
			if sh.Binary == "dash" && l != "C" {
				continue
			}
			sh.Locale, sh.Label = l, sh.Binary+" ("+l+")"
			out = append(out, sh)
		}
	}
	return out
}()

// MultibyteShells are the shells in each of MultibyteLocales, built under
// locpath by BuildLocales. dash is byte-oriented and runs in them anyway:
// what matters is that it reads zenv's output right, whatever the reason.
func MultibyteShells(locpath string) []Shell {
	var out []Shell
	for _, sh := range shells {
		for i := range MultibyteLocales {
			l := &MultibyteLocales[i]
			sh.Locale, sh.Multibyte, sh.LocPath = l.Name, l, locpath
			sh.Label = sh.Binary + " (" + l.Name + ")"
			out = append(out, sh)
		}
	}
	return out
}

// env is the shell's whole environment: nothing of the test's own.
func (s Shell) env(home string) []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "LC_ALL=" + s.Locale}
	if s.LocPath != "" {
		env = append(env, "LOCPATH="+s.LocPath)
	}
	return env
}

// Values returns the random values for s: n from the general alphabet and,
// in a multibyte locale, n more made of its characters (LocaleValues).
func (s Shell) Values(seed uint64, n int) []string {
	vals := Values(seed, n)
	if s.Multibyte != nil {
		vals = append(vals, LocaleValues(*s.Multibyte, seed, n)...)
	}
	return vals
}

// Available reports whether the shell's program is installed.
func (s Shell) Available() bool {
	_, err := exec.LookPath(s.Binary)
	return err == nil
}

// Apply runs the shell on zenv's output and returns what it holds for each
// name afterwards.
func (s Shell) Apply(dir string, output []byte, names []string) (map[string]string, error) {
	r, err := s.Run(dir, output)
	if err != nil {
		return nil, err
	}
	got := make(map[string]string, len(names))
	for _, n := range names {
		v, ok := r.After[n]
		if !ok {
			return nil, fmt.Errorf("%s did not export %s; stderr: %s", s.Label, n, tail(r.Stderr, 600))
		}
		got[n] = v
	}
	return got, nil
}

// Result is what applying zenv's output did: the exported environment
// before and after (as a child process sees it), and the shell's stderr.
type Result struct {
	Before, After map[string]string
	Stderr        string
}

// applyTimeout bounds one shell run; thousands of values take a second.
const applyTimeout = 2 * time.Minute

// Run applies output in the shell, with dir as working directory and
// dir/home as HOME, and reports the environment before and after.
func (s Shell) Run(dir string, output []byte) (*Result, error) {
	out := filepath.Join(dir, "zenv-output")
	before := filepath.Join(dir, "env-before")
	if err := os.WriteFile(out, output, 0o600); err != nil {
		return nil, err
	}
	script := filepath.Join(dir, "apply")
	// Both dumps run env the same way (not exec, which makes bash lower
	// SHLVL), so that the only differences are what the output did.
	body := fmt.Sprintf("env -0 > '%s'\n%s\nenv -0\n", before, s.Script(out))
	if err := os.WriteFile(script, []byte(body), 0o600); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), applyTimeout)
	defer cancel()
	var cmd *exec.Cmd
	switch s.Binary {
	case "zsh":
		cmd = exec.CommandContext(ctx, s.Binary, "-f", script) // no user rc files
	case "fish":
		cmd = exec.CommandContext(ctx, s.Binary, "--no-config", script)
	default:
		cmd = exec.CommandContext(ctx, s.Binary, script)
	}
	// HOME is a directory of its own: fish writes its config there, and
	// tests look for files the output created in dir.
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o700); err != nil {
		return nil, err
	}
	cmd.Dir = dir
	cmd.Env = s.env(home)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s failed: %v: %s", s.Label, err, tail(stderr.String(), 600))
	}
	b, err := os.ReadFile(before)
	if err != nil {
		return nil, fmt.Errorf("%s did not run its first line: %v; stderr: %s", s.Label, err, tail(stderr.String(), 600))
	}
	// The dump is written by the shell: remove it so that a check for
	// files the output created sees only those.
	os.Remove(before)
	return &Result{Before: parseEnv(b), After: parseEnv(stdout.Bytes()), Stderr: stderr.String()}, nil
}

func parseEnv(b []byte) map[string]string {
	env := map[string]string{}
	for _, kv := range strings.Split(string(b), "\x00") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	return env
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// alphabet is weighted towards every character that matters to some target:
// quotes of every kind, shell and cmd metacharacters, white space and control
// characters, YAML indicators, template openers, non-ASCII text, and bytes
// that are not UTF-8.
var alphabet = []string{
	"'", "'", "\"", "\"", "`", "$", "$", "\\", "\\", "!", "%", "%", "^", "&", "|", "<", ">",
	";", "#", "~", "*", "?", "[", "]", "{", "}", "(", ")", "=", ",", ":", "-", "@",
	" ", " ", "\t", "\n", "\n", "\r", "\x01", "\x1b", "\x7f", "\x0b", "\x0c",
	"${{", "{{ x }}", "}}", "$(id)", "%PATH%", "!x!", "'\\''", "\\n", "\r\n",
	"\u2018", "\u2019", "\u201a", "\u201b", "\u201c", "\u201d", "\u00a0", "\u2028", "\u0085", "\ufeff",
	"é", "ü", "日本", "😀", "\u200b",
	"\xff", "\xc3", "\xe2\x80",
	// ZENKEY without its underscore, and Values drops what pieces join
	// into ZENKEY_: zenv refuses an extra shaped like a ZenML key.
	"a", "b", "Z", "0", "9", "_", ".", "/", "ZENKEY",
}

// Values returns n random values from the weighted alphabet; seed makes
// them reproducible.
func Values(seed uint64, n int) []string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	vals := make([]string, 0, n)
	for len(vals) < n {
		var b strings.Builder
		for k := r.IntN(12); k >= 0; k-- {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		if strings.Contains(b.String(), "ZENKEY_") {
			continue // shaped like a key: zenv refuses it as an extra, by design
		}
		vals = append(vals, b.String())
	}
	return vals
}

// Show quotes a value for a failure message, control bytes visible.
func Show(s string) string {
	if utf8.ValidString(s) {
		return fmt.Sprintf("%+q", s)
	}
	return fmt.Sprintf("%q", s)
}

// Seed returns $ZENV_SEED, so that a failing run can be repeated, or else a
// new seed from the clock.
func Seed() (uint64, error) {
	if s := os.Getenv("ZENV_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("ZENV_SEED=%q is not a number", s)
		}
		return n, nil
	}
	return uint64(time.Now().UnixNano()), nil
}
