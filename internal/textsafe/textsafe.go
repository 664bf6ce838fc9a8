// Package textsafe makes text from outside zenv (a file name, a server's
// message, a value) safe to print for a human: no byte of it can move the
// terminal's cursor, change its colours or title, start a new line that a
// CI runner reads as a command (GitHub's "::error file=...::"), or reorder
// what follows (Unicode bidi overrides, the Trojan Source class,
// CVE-2021-42574). Machine formats (JSON, SARIF) have their own escaping
// and do not use it.
package textsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Escape writes every character that is not safe on a terminal line as a
// visible Go-style escape: C0 controls (\n, \r, \t, \x1b...), DEL, the C1
// controls U+0080-U+009F (\u0085 is NEL, a newline to some readers),
// the line and paragraph separators U+2028 and U+2029, the bidi marks,
// embeddings, overrides and isolates (U+061C, U+200E, U+200F,
// U+202A-U+202E, U+2066-U+2069), and every byte that is not UTF-8.
// Everything else, a backslash included, is kept as it is.
func Escape(s string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafe(r, size) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !unsafe(r, size):
			b.WriteString(s[i : i+size])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

func unsafe(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return true
	case r < 0x20, r == 0x7f, 0x80 <= r && r <= 0x9f:
		return true
	case r == 0x2028, r == 0x2029, r == 0x061c, r == 0x200e, r == 0x200f,
		0x202a <= r && r <= 0x202e, 0x2066 <= r && r <= 0x2069:
		return true
	}
	return false
}
