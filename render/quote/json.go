package quote

import (
	"fmt"
	"strings"
)

// JSON quotes s as a JSON string (RFC 8259). " and \ are escaped, control
// characters are written as \n, \r, \t or \u00XX, and U+2028 and U+2029 as
// \u2028 and \u2029 (JavaScript before ES2019 reads them as line ends);
// everything else is written as itself. Refused: NUL, which no environment
// can hold, and bytes that are not UTF-8, which JSON text cannot contain
// (Go's encoder would silently replace them with U+FFFD).
func JSON(s string) (string, error) {
	if err := envText(s, "JSON text is UTF-8"); err != nil {
		return "", err
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
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}
