// Package roundtrip proves zenv's shell output against the real shells: it
// applies the output the way the README says (eval "$(...)", | source, a
// .bat file), then reads every variable back from the shell and compares it
// byte for byte. Both `go test` and `make e2e` use it.
package roundtrip

import (
	"bytes"
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
	Target string   // zenv target
	Binary string   // program to run
	Env    []string // extra environment (locale)
	Label  string   // for messages: binary plus locale
	// Script applies the output in file out, then runs env -0.
	Script func(out string) string
	// MustCarry: the shell can hold every byte but NUL, so zenv may refuse
	// nothing.
	MustCarry bool
}

// The scripts apply zenv's output as the README says, then let a child
// process print its environment: what ZenML, a child of the shell, would
// see. A variable set but not exported does not count.
func posixScript(out string) string {
	return fmt.Sprintf("eval \"$(cat '%s')\"\nexec env -0\n", out)
}

func fishScript(out string) string {
	return fmt.Sprintf("cat '%s' | source\nexec env -0\n", out)
}

// Shells are the shells zenv is proven against, each in the C locale (what
// cron and systemd give) and in UTF-8.
var Shells = []Shell{
	{Target: "bash", Binary: "bash", Env: []string{"LC_ALL=C"}, Script: posixScript, MustCarry: true},
	{Target: "bash", Binary: "bash", Env: []string{"LC_ALL=C.UTF-8"}, Script: posixScript, MustCarry: true},
	{Target: "zsh", Binary: "zsh", Env: []string{"LC_ALL=C"}, Script: posixScript, MustCarry: true},
	{Target: "zsh", Binary: "zsh", Env: []string{"LC_ALL=C.UTF-8"}, Script: posixScript, MustCarry: true},
	{Target: "sh", Binary: "dash", Env: []string{"LC_ALL=C"}, Script: posixScript, MustCarry: true},
	{Target: "fish", Binary: "fish", Env: []string{"LC_ALL=C"}, Script: fishScript, MustCarry: true},
	{Target: "fish", Binary: "fish", Env: []string{"LC_ALL=C.UTF-8"}, Script: fishScript, MustCarry: true},
}

func init() {
	for i := range Shells {
		Shells[i].Label = Shells[i].Binary + " (" + strings.Join(Shells[i].Env, " ") + ")"
	}
}

// Available reports whether the shell's program is installed.
func (s Shell) Available() bool {
	_, err := exec.LookPath(s.Binary)
	return err == nil
}

// Apply runs the shell on zenv's output and returns what it holds for each
// name afterwards.
func (s Shell) Apply(dir string, output []byte, names []string) (map[string]string, error) {
	out := filepath.Join(dir, "zenv-output")
	if err := os.WriteFile(out, output, 0o600); err != nil {
		return nil, err
	}
	script := filepath.Join(dir, "apply")
	if err := os.WriteFile(script, []byte(s.Script(out)), 0o600); err != nil {
		return nil, err
	}
	cmd := exec.Command(s.Binary, script)
	if s.Binary == "zsh" {
		cmd = exec.Command(s.Binary, "-f", script) // no user rc files
	}
	if s.Binary == "fish" {
		cmd = exec.Command(s.Binary, "--no-config", script)
	}
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, s.Env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s failed: %v: %s", s.Label, err, tail(stderr.String(), 600))
	}
	env := map[string]string{}
	for _, kv := range strings.Split(stdout.String(), "\x00") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	got := make(map[string]string, len(names))
	for _, n := range names {
		v, ok := env[n]
		if !ok {
			return nil, fmt.Errorf("%s did not export %s; stderr: %s", s.Label, n, tail(stderr.String(), 600))
		}
		got[n] = v
	}
	return got, nil
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
	"a", "b", "Z", "0", "9", "_", ".", "/", "ZENKEY_",
}

// Values returns n random values from the weighted alphabet; seed makes
// them reproducible.
func Values(seed uint64, n int) []string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	vals := make([]string, n)
	for i := range vals {
		var b strings.Builder
		for k := r.IntN(12); k >= 0; k-- {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		vals[i] = b.String()
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
