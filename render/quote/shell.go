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
// locale. A value with control or non-printable characters uses $'...'
// instead, so the output stays readable on a terminal; there every such byte
// is written as \xHH. zenv never writes \u or \U: bash and zsh expand those
// through the current locale, and under LC_ALL=C (cron, systemd units) bash
// leaves them as the literal text "\u00E9".
func Bash(s string) (string, error) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return "", refuse(s, i, "no shell variable can hold a NUL byte")
	}
	if !needsEscapes(s) {
		return singleQuote(s), nil
	}
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\\' || r == '\'':
			b.WriteByte('\\')
			b.WriteByte(byte(r))
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case printable(r, size):
			b.WriteString(s[i : i+size])
		default:
			for _, c := range []byte(s[i : i+size]) {
				fmt.Fprintf(&b, `\x%02x`, c)
			}
		}
		i += size
	}
	b.WriteByte('\'')
	return b.String(), nil
}

// POSIX quotes s for a POSIX sh such as dash, which has no $'...': single
// quotes carry every byte but NUL and ', a newline included.
func POSIX(s string) (string, error) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return "", refuse(s, i, "no shell variable can hold a NUL byte")
	}
	return singleQuote(s), nil
}

// Fish quotes s for fish. Inside fish's single quotes only \\ and \' are
// escapes, and a newline is literal. fish keeps bytes that are not UTF-8 as
// they were (it maps them to private-use characters and back on export), in
// the C locale too: the round-trip tests prove it.
func Fish(s string) (string, error) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return "", refuse(s, i, "no shell variable can hold a NUL byte")
	}
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`)
	return "'" + r.Replace(s) + "'", nil
}

func singleQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func needsEscapes(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !printable(r, size) {
			return true
		}
		i += size
	}
	return false
}

// printable reports whether the rune decoded with size is a valid, printable
// character that can stand as itself in the output.
func printable(r rune, size int) bool {
	if r == utf8.RuneError && size <= 1 {
		return false
	}
	return unicode.IsPrint(r)
}
