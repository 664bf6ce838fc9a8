// Package quote turns a value into the literal syntax of one target, so that
// the target reads back exactly the same bytes, or refuses it with an *Error
// that names the offending character.
//
// Every function here is pure and is checked by a fuzz test whose oracle is a
// parser of the target's rules (mvdan.cc/sh for the shells, yaml.v3 for YAML)
// and, in the e2e suite, by the real program.
package quote

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Error says which character of a value a target cannot carry, and why. It
// never holds the value itself, because the value may be a secret.
type Error struct {
	Offset  int    // byte offset of the character in the value
	Char    rune   // the character; utf8.RuneError with Invalid for a stray byte
	Byte    byte   // the stray byte when Invalid
	Invalid bool   // the value is not valid UTF-8 at Offset
	Empty   bool   // the value is empty, and the target cannot set that
	Reason  string // why the target cannot carry it, lower-case
}

func (e *Error) Error() string {
	if e.Empty {
		return "the value is empty: " + e.Reason
	}
	return fmt.Sprintf("%s at byte %d: %s", e.Character(), e.Offset, e.Reason)
}

// Character names the offending character the way a user can find it:
// printable ones quoted with their code point, control characters by name.
func (e *Error) Character() string {
	if e.Invalid {
		return fmt.Sprintf("byte 0x%02x (not UTF-8)", e.Byte)
	}
	if name, ok := controlNames[e.Char]; ok {
		return fmt.Sprintf("%s (U+%04X)", name, e.Char)
	}
	if e.Char < 0x20 || (e.Char >= 0x7f && e.Char < 0xa0) {
		return fmt.Sprintf("control character U+%04X", e.Char)
	}
	return fmt.Sprintf("%q (U+%04X)", string(e.Char), e.Char)
}

var controlNames = map[rune]string{
	0:    "NUL",
	'\t': "tab",
	'\n': "newline",
	'\r': "carriage return",
	0x1b: "escape",
	0x7f: "DEL",
}

// refuse builds the error for the rune at offset i of s.
func refuse(s string, i int, reason string) *Error {
	r, size := utf8.DecodeRuneInString(s[i:])
	e := &Error{Offset: i, Char: r, Reason: reason}
	if r == utf8.RuneError && size <= 1 {
		e.Invalid = true
		e.Byte = s[i]
	}
	return e
}

// firstInvalidUTF8 returns the offset of the first byte that is not part of
// valid UTF-8, or -1.
func firstInvalidUTF8(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// doubleQuoted writes s between double quotes with the escapes YAML, JSON
// and nushell share: \" \\ \n \r \t. Every other rune goes through
// other, which returns its escape, or "" to write it as itself.
func doubleQuoted(s string, other func(r rune) string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		default:
			if e := other(r); e != "" {
				b.WriteString(e)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
