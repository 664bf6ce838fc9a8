package quote

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// A shell reads its input as characters of the locale's encoding. In Big5,
// GBK, GB18030, Shift-JIS and Johab a byte of 0x80 or more can start a
// character whose second byte is 0x5C (\), so an escape's backslash written
// right after such a byte may be read as part of that character. These
// tests read zenv's output as a shell in each encoding would: the bytes are
// grouped into characters first, then the quoting is read.

// encoding groups bytes into characters: unit returns the length of the
// character that starts at s[i]. The multibyte tables are deliberately
// generous (any byte of 0x81 or more may lead), so they group at least as
// much as the real charsets do.
type encoding struct {
	name string
	unit func(s string, i int) int
}

func between(c, lo, hi byte) bool { return c >= lo && c <= hi }

// twoByte groups a lead byte of 0x81..0xfe with a following trail byte.
func twoByte(lead, trail func(byte) bool) func(string, int) int {
	return func(s string, i int) int {
		if lead(s[i]) && i+1 < len(s) && trail(s[i+1]) {
			return 2
		}
		return 1
	}
}

var encodings = []encoding{
	{"C", func(string, int) int { return 1 }},
	{"UTF-8", func(s string, i int) int { _, n := utf8.DecodeRuneInString(s[i:]); return n }},
	{"BIG5", twoByte(
		func(c byte) bool { return between(c, 0x81, 0xfe) },
		func(c byte) bool { return between(c, 0x40, 0x7e) || between(c, 0xa1, 0xfe) })},
	{"GBK", twoByte(
		func(c byte) bool { return between(c, 0x81, 0xfe) },
		func(c byte) bool { return between(c, 0x40, 0x7e) || between(c, 0x80, 0xfe) })},
	{"GB18030", func(s string, i int) int {
		if between(s[i], 0x81, 0xfe) && i+3 < len(s) && between(s[i+1], 0x30, 0x39) &&
			between(s[i+2], 0x81, 0xfe) && between(s[i+3], 0x30, 0x39) {
			return 4
		}
		// bash 5.2 with glibc 2.36 reads a lead byte, 0x30-0x3A and the
		// next byte, whatever it is, as one character (found by the real
		// round trips: a closing quote there is lost).
		if between(s[i], 0x81, 0xfe) && i+2 < len(s) && between(s[i+1], 0x30, 0x3a) {
			return 3
		}
		if between(s[i], 0x81, 0xfe) && i+1 < len(s) && (between(s[i+1], 0x40, 0x7e) || between(s[i+1], 0x80, 0xfe)) {
			return 2
		}
		return 1
	}},
	{"SHIFT_JIS", twoByte(
		func(c byte) bool { return between(c, 0x81, 0x9f) || between(c, 0xe0, 0xfc) },
		func(c byte) bool { return between(c, 0x40, 0x7e) || between(c, 0x80, 0xfc) })},
	{"JOHAB", twoByte(
		func(c byte) bool { return between(c, 0x84, 0xf9) },
		func(c byte) bool { return between(c, 0x31, 0x7e) || between(c, 0x81, 0xfe) })},
}

// placeholders stand for the non-ASCII characters of a text while an
// ASCII-minded reader (mvdan's parser, fishWord) reads its quoting: each is
// one rune of the supplementary private use areas, so no reader can split it.
const placeholderBase = 0xf0000

func isPlaceholder(r rune) bool { return r >= placeholderBase && r <= 0x10fffd }

// readIn reads quoted as a shell in enc would, with read doing the quoting:
// every character of enc that is not ASCII becomes one opaque placeholder
// rune before read sees it, and its bytes come back afterwards.
func readIn(enc encoding, quoted string, read func(string) (string, error)) (string, error) {
	var units []string
	var b strings.Builder
	for i := 0; i < len(quoted); {
		n := enc.unit(quoted, i)
		if n == 1 && quoted[i] < 0x80 {
			b.WriteByte(quoted[i])
		} else {
			if len(units) >= 0x10fffd-placeholderBase {
				return "", fmt.Errorf("too many characters for the placeholders")
			}
			b.WriteRune(rune(placeholderBase + len(units)))
			units = append(units, quoted[i:i+n])
		}
		i += n
	}
	got, err := read(b.String())
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for i := 0; i < len(got); {
		r, n := utf8.DecodeRuneInString(got[i:])
		if isPlaceholder(r) && n > 1 && int(r-placeholderBase) < len(units) {
			out.WriteString(units[r-placeholderBase])
		} else {
			out.WriteString(got[i : i+n])
		}
		i += n
	}
	return out.String(), nil
}

// holdsPlaceholderRunes reports whether s holds a rune a placeholder could be
// confused with once a $'\xHH' escape has produced it.
func holdsPlaceholderRunes(s string) bool {
	for _, r := range s {
		if isPlaceholder(r) {
			return true
		}
	}
	return false
}

// interpretedBackslashes returns the offsets of the backslashes in quoted
// that the shell reads as escapes (not as literal text inside quotes), for
// the quoting forms zenv writes: '...', $'...' (bash, zsh) and bare escapes;
// for fish, \\ and \' inside '...' too.
func interpretedBackslashes(fish bool, quoted string) []int {
	var at []int
	const (
		bare = iota
		single
		ansiC
	)
	state := bare
	for i := 0; i < len(quoted); i++ {
		c := quoted[i]
		switch state {
		case bare:
			switch {
			case c == '\\':
				at = append(at, i)
				i++
			case c == '\'':
				state = single
			case !fish && c == '$' && i+1 < len(quoted) && quoted[i+1] == '\'':
				state = ansiC
				i++
			}
		case single:
			switch {
			case fish && c == '\\' && i+1 < len(quoted) && (quoted[i+1] == '\\' || quoted[i+1] == '\''):
				at = append(at, i)
				i++
			case c == '\'':
				state = bare
			}
		case ansiC:
			switch c {
			case '\\':
				at = append(at, i)
				i++
			case '\'':
				state = bare
			}
		}
	}
	return at
}

// checkLocaleProof fails t unless quoted, zenv's quoting of s, reads back as
// s in every encoding, and no byte of 0x80 or more comes right before a
// backslash the shell interprets.
func checkLocaleProof(t *testing.T, fish bool, quoted, s string, read func(string) (string, error)) {
	t.Helper()
	for _, i := range interpretedBackslashes(fish, quoted) {
		if i > 0 && quoted[i-1] >= 0x80 {
			t.Fatalf("%s: byte 0x%02x comes right before the escape at %d; in a multibyte locale it may swallow the backslash", quoted, quoted[i-1], i)
		}
	}
	if holdsPlaceholderRunes(s) {
		return // only the escape check above can tell these apart
	}
	for _, enc := range encodings {
		got, err := readIn(enc, quoted, read)
		if errors.Is(err, errFoldsCRLF) {
			continue
		}
		if err != nil {
			t.Fatalf("a shell in %s cannot read %s: %v", enc.name, quoted, err)
		}
		if got != s {
			t.Fatalf("a shell in %s reads %s as %q, want %q", enc.name, quoted, got, s)
		}
	}
}

// shellReader reads one word by lang's rules with mvdan.cc/sh.
func shellReader(lang syntax.LangVariant) func(string) (string, error) {
	return func(q string) (string, error) {
		if strings.Contains(q, "\r\n") {
			// mvdan's parser folds CR LF; the real shells prove these.
			return "", errFoldsCRLF
		}
		return shellWord(lang, q)
	}
}

var errFoldsCRLF = fmt.Errorf("mvdan's parser folds CR LF")

func TestShellOutputKeepsHighBytesAwayFromEscapes(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) (string, error)
		in   string
		want string
	}{
		// 中 is E4 B8 AD in UTF-8, and AD 5C is a character in Big5.
		{"bash control then cjk before a quote", Bash, "\x01中'x", `$'\x01''中'\''x'`},
		{"bash big5 byte before control", Bash, "\xb3\x5c\n", `$'\xb3\\\n'`},
		{"bash ascii with controls stays one $'...'", Bash, "tab\there\n", `$'tab\there\n'`},
		{"bash cjk at the end after a control", Bash, "\t中", `$'\t''中'`},
		{"sh cjk before a quote", POSIX, "中'x", `'中'\''x'`},
		{"fish cjk before a quote", Fish, "中'; touch x; #", `'中'\''; touch x; #'`},
		{"fish cjk before a backslash", Fish, `中\`, `'中'\\`},
		{"fish backslashes only", Fish, `\\`, `\\\\`},
		{"fish quote first", Fish, "'x", `\''x'`},
		{"fish empty", Fish, "", `''`},
		// GB18030: 0xAD 0x30 and a quote are one character to bash.
		{"sh cjk and a digit at the end", POSIX, "中0", `'中''0'`},
		{"bash cjk and a digit before a quote", Bash, "中0'x", `'中''0'\''x'`},
		{"fish cjk and a colon before a backslash", Fish, `中:\`, `'中'':'\\`},
		{"sh cjk and a digit inside", POSIX, "中0x", `'中0x'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.fn(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("got %s, %v; want %s", got, err, tt.want)
			}
		})
	}
}

// The oracle itself must see the attacks: the output of zenv before the
// fix. In GB18030 it is a quote that bash swallows, not a backslash.
func TestLocaleReaderSeesTheOldBreakouts(t *testing.T) {
	tests := []struct {
		name   string
		fish   bool
		quoted string
		value  string
		read   func(string) (string, error)
	}{
		{"fish in big5", true, `'中\'; touch x; #'`, "中'; touch x; #", fishWord},
		{"fish in gbk", true, "'\x81\\\\'", "\x81\\", fishWord},
		{"bash in big5", false, `$'\x01中\'x'`, "\x01中'x", shellReader(syntax.LangBash)},
		{"bash in shift-jis", false, "$'\\x01\x83\\\\'", "\x01\x83\\", shellReader(syntax.LangBash)},
		{"sh in gb18030", false, "'中0'", "中0", shellReader(syntax.LangPOSIX)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(tt.name, "gb18030") && len(interpretedBackslashes(tt.fish, tt.quoted)) == 0 {
				t.Fatalf("found no interpreted backslash in %s", tt.quoted)
			}
			misread := false
			for _, enc := range encodings {
				got, err := readIn(enc, tt.quoted, tt.read)
				if enc.name == "C" && (err != nil || got != tt.value) {
					t.Fatalf("in C %s should read as %q, got %q, %v", tt.quoted, tt.value, got, err)
				}
				if err != nil || got != tt.value {
					misread = true
				}
			}
			if !misread {
				t.Errorf("no multibyte encoding misreads %s", tt.quoted)
			}
		})
	}
}
