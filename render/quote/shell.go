package quote

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bash quotes s for bash and zsh.
//
// Plain single quotes carry every byte but NUL and ' unchanged, in every
// locale. A value with control or non-printable characters is written as
// $'...' instead, so the output stays readable on a terminal, with two rules
// that keep it right in every locale:
//
//   - $'...' holds only ASCII: every other character is \xHH, except runs of
//     printable text with non-ASCII characters in them, which close the
//     $'...' and stand in plain single quotes between two $'...' parts. In
//     Big5, GBK, GB18030 and Shift-JIS the byte 0x5C (\) can be the second
//     byte of a character, so a shell reading $'中\'...' in Big5 takes the
//     escape's backslash as part of the character and the quote closes
//     early. Inside plain quotes no backslash is interpreted, and the closing
//     quote (0x27) is never the second byte of a character, so those quotes
//     end where zenv ends them however the shell groups the bytes inside.
//   - zenv never writes \u or \U: bash and zsh expand those through the
//     current locale, and under LC_ALL=C (cron, systemd units) bash leaves
//     them as the literal text "\u00E9".
func Bash(s string) (string, error) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return "", refuse(s, i, "no shell variable can hold a NUL byte")
	}
	if printableRun(s, 0) == len(s) {
		return singleQuote(s), nil
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if j := printableRun(s, i); j > i && !isASCII(s[i:j]) {
			b.WriteString(singleQuote(s[i:j]))
			i = j
			continue
		}
		b.WriteString("$'")
		for i < len(s) {
			if j := printableRun(s, i); j > i {
				if !isASCII(s[i:j]) {
					break
				}
				ansiCEscaper.WriteString(&b, s[i:j])
				i = j
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			switch r {
			case '\n':
				b.WriteString(`\n`)
			case '\t':
				b.WriteString(`\t`)
			case '\r':
				b.WriteString(`\r`)
			default:
				for _, c := range []byte(s[i : i+size]) {
					fmt.Fprintf(&b, `\x%02x`, c)
				}
			}
			i += size
		}
		b.WriteByte('\'')
	}
	return b.String(), nil
}

var ansiCEscaper = strings.NewReplacer(`\`, `\\`, `'`, `\'`)

// POSIX quotes s for a POSIX sh such as dash, which has no $'...': single
// quotes carry every byte but NUL and ', a newline included. A ' in the
// value closes the quotes, is written as \' and reopens them, so the only
// backslash zenv writes follows a quote, and no locale can read it as part of
// a character (see Bash).
func POSIX(s string) (string, error) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return "", refuse(s, i, "no shell variable can hold a NUL byte")
	}
	return singleQuote(s), nil
}

// Fish quotes s for fish. Inside fish's single quotes \\ and \' are escapes
// and a newline is literal. zenv writes each \ and ' of the value outside the
// quotes instead, as \\ and \', so that a backslash it writes always follows
// a quote or another escape, never a byte of 0x80 or more: in Big5, GBK,
// GB18030 and Shift-JIS such a byte and zenv's backslash would be read as one
// character and the quote would close early (see Bash). Everything else stays
// inside plain single quotes:
//
//	'it'\''s'
//
// fish keeps bytes that are not UTF-8 as they were (it maps them to
// private-use characters and back on export), in the C locale too: the
// round-trip tests prove it.
func Fish(s string) (string, error) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return "", refuse(s, i, "no shell variable can hold a NUL byte")
	}
	if s == "" {
		return "''", nil
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		j := len(s)
		if k := strings.IndexAny(s[i:], `\'`); k >= 0 {
			j = i + k
		}
		if j > i {
			b.WriteByte('\'')
			for k := i; k < j; k++ {
				writeQuoted(&b, s[:j], k)
			}
			b.WriteByte('\'')
		}
		for ; j < len(s) && (s[j] == '\\' || s[j] == '\''); j++ {
			b.WriteByte('\\')
			b.WriteByte(s[j])
		}
		i = j
	}
	return b.String(), nil
}

// singleQuote writes s in plain single quotes; a ' of s closes them, is
// written as \' and reopens them.
func singleQuote(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			b.WriteString(`'\''`)
			continue
		}
		writeQuoted(&b, s, i)
	}
	b.WriteByte('\'')
	return b.String()
}

// writeQuoted writes s[i] inside single quotes, keeping the quote that may
// follow it readable in every locale. bash 5.2 under glibc's GB18030 takes
// a byte of 0x81 or more, then 0x30-0x3A (the start of a four-byte
// character), and whatever byte comes next as one character: a closing quote
// there is swallowed and the rest of the output is read as code. When such a
// pair ends the quoted text or comes before a ' of the value, zenv closes
// and reopens the quotes between its two bytes, so the quote follows the
// high byte alone, which every shell reads as a quote: 中0 is written as
//
//	'中''0'
func writeQuoted(b *strings.Builder, s string, i int) {
	b.WriteByte(s[i])
	if s[i] >= 0x80 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= ':' && (i+2 == len(s) || s[i+2] == '\'') {
		b.WriteString("''")
	}
}

// printableRun returns the end of the run of printable characters that
// starts at i.
func printableRun(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !printable(r, size) {
			break
		}
		i += size
	}
	return i
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// printable reports whether the rune decoded with size is a valid, printable
// character that can stand as itself in the output.
func printable(r rune, size int) bool {
	if r == utf8.RuneError && size <= 1 {
		return false
	}
	return unicode.IsPrint(r)
}
