package quote

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// systemdEnvFile reads an EnvironmentFile= by systemd's rules
// (systemd.exec(5), src/basic/env-file.c): KEY=VALUE lines; blanks around
// the key and before the value are skipped; a value may mix unquoted parts
// (where \ escapes the next byte, a backslash-newline is dropped and
// trailing blanks are cut), '...' (all literal) and "..." (where \ before
// " \ ` $ is dropped, a backslash-newline is dropped, and any other
// backslash is kept). Lines starting with # or ; are comments. Reading
// stops at NUL; an assignment that is not UTF-8, or that holds a Unicode
// noncharacter (systemd's unichar_is_valid), fails the unit.
func systemdEnvFile(text string) (map[string]string, error) {
	if i := strings.IndexByte(text, 0); i >= 0 {
		text = text[:i]
	}
	const (
		preKey = iota
		key
		preValue
		value
		valueEscape
		single
		double
		doubleEscape
		comment
	)
	env := map[string]string{}
	state := preKey
	var k, v []byte
	trailing := -1 // where trailing blanks of an unquoted part start
	push := func() error {
		name := strings.TrimRight(string(k), " \t")
		val := string(v)
		if state == value && trailing >= 0 {
			val = val[:trailing]
		}
		if !utf8.ValidString(name) || !utf8.ValidString(val) {
			return fmt.Errorf("invalid UTF-8 in %s", name)
		}
		for _, r := range name + val {
			if r >= 0xfdd0 && r <= 0xfdef || r&0xfffe == 0xfffe {
				return fmt.Errorf("noncharacter %U in %s", r, name)
			}
		}
		env[name] = val
		k, v, trailing = nil, nil, -1
		return nil
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		newline := c == '\n' || c == '\r'
		blank := c == ' ' || c == '\t' || newline
		switch state {
		case preKey:
			switch {
			case c == '#' || c == ';':
				state = comment
			case !blank:
				state, k = key, append(k[:0], c)
			}
		case key:
			switch {
			case newline:
				state, k = preKey, nil
			case c == '=':
				state, trailing = preValue, -1
			default:
				k = append(k, c)
			}
		case preValue:
			switch {
			case newline:
				if err := push(); err != nil {
					return nil, err
				}
				state = preKey
			case c == '\'':
				state = single
			case c == '"':
				state = double
			case c == '\\':
				state = valueEscape
			case !blank:
				state, v = value, append(v, c)
			}
		case value:
			switch {
			case newline:
				if err := push(); err != nil {
					return nil, err
				}
				state = preKey
			case c == '\\':
				state, trailing = valueEscape, -1
			default:
				if !blank {
					trailing = -1
				} else if trailing < 0 {
					trailing = len(v)
				}
				v = append(v, c)
			}
		case valueEscape:
			state = value
			if !newline {
				v = append(v, c)
			}
		case single:
			if c == '\'' {
				state = preValue
			} else {
				v = append(v, c)
			}
		case double:
			switch c {
			case '"':
				state = preValue
			case '\\':
				state = doubleEscape
			default:
				v = append(v, c)
			}
		case doubleEscape:
			state = double
			switch {
			case strings.IndexByte("\"\\`$", c) >= 0:
				v = append(v, c)
			case c != '\n':
				v = append(v, '\\', c)
			}
		case comment:
			if newline {
				state = preKey
			}
		}
	}
	if state != preKey && state != key && state != comment {
		if err := push(); err != nil {
			return nil, err
		}
	}
	return env, nil
}

func FuzzSystemd(f *testing.F) {
	addSeeds(f)
	f.Add("a\\\nb")
	f.Add("trailing\\")
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Systemd(s)
		if err != nil {
			if _, rerr := systemdEnvFile("K=\"" + systemdEscaper.Replace(s) + "\"\n"); !strings.Contains(s, "\x00") && rerr == nil {
				t.Fatalf("Systemd refused %q, which systemd reads: %v", s, err)
			}
			return
		}
		env, err := systemdEnvFile("K=" + q + "\n")
		if err != nil || env["K"] != s || len(env) != 1 {
			t.Fatalf("systemd reads K=%s as %q (%v), want %q", q, env, err, s)
		}
	})
}

func TestSystemdEnvFileOracleKnowsTheRules(t *testing.T) {
	// The oracle itself, on systemd's documented examples and the cases
	// Systemd's output relies on; the real systemd checks both in make e2e.
	text := "# comment\n; comment\n  A = 1 \nB=\"two words\" \nC='x y'\"z\"\nD=a\\\nb\nE=\"q\\\"\\\\\\$\\`\\n\"\nF=\"multi\nline\"\nG=\n"
	want := map[string]string{"A": "1", "B": "two words", "C": "x yz", "D": "ab", "E": "q\"\\$`\\n", "F": "multi\nline", "G": ""}
	got, err := systemdEnvFile(text)
	if err != nil {
		t.Fatal(err)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("read %d variables, want %d: %q", len(got), len(want), got)
	}
}

// TestSystemdRefusesNoncharacters: exactly the 66 noncharacters, at the
// edges of their ranges; systemd 252 fails the unit on each (make e2e).
func TestSystemdRefusesNoncharacters(t *testing.T) {
	refused := []rune{0xfdd0, 0xfdef, 0xfffe, 0xffff, 0x1fffe, 0x1ffff, 0xefffe, 0x10fffe, 0x10ffff}
	carried := []rune{0xfdcf, 0xfdf0, 0xfffd, 0x10000, 0x1fffd, 0x20000, 0x10fffd, 0xe000}
	for _, r := range refused {
		if _, err := Systemd("a" + string(r)); err == nil {
			t.Errorf("Systemd carries %U, which systemd takes for invalid", r)
		}
	}
	for _, r := range carried {
		if _, err := Systemd("a" + string(r)); err != nil {
			t.Errorf("Systemd refuses %U: %v", r, err)
		}
	}
	n := 0
	for r := rune(0); r <= 0x10ffff; r++ {
		if isNoncharacter(r) {
			n++
		}
	}
	if n != 66 {
		t.Errorf("isNoncharacter holds %d code points, Unicode has 66 noncharacters", n)
	}
}
