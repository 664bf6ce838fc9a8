package quote

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// YAML quotes s as a double-quoted YAML scalar. A double-quoted scalar is
// always a string, so yes, on, 0123, ~ and null stay text; every character
// that is not printable (YAML's line breaks U+0085, U+2028, U+2029 and the
// BOM among them) is written as an escape, so the scalar stays on one line
// and survives re-indentation.
func YAML(s string) (string, error) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return "", refuse(s, i, "no environment variable can hold a NUL byte")
	}
	if i := firstInvalidUTF8(s); i >= 0 {
		return "", refuse(s, i, "yaml is unicode text")
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case unicode.IsPrint(r) && r != utf8.RuneError:
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}
