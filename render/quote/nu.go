package quote

import (
	"fmt"
	"strings"
	"unicode"
)

// Nu quotes s as a nushell double-quoted string, which nushell does not
// interpolate (only $"..." does). \ and " are escaped, and every character
// that is not printable is written as \u{X}, so the output shows no raw
// control characters; the rest stands as itself. Refused: NUL, which no
// environment can hold, and bytes that are not UTF-8, since nushell source
// and strings are UTF-8.
func Nu(s string) (string, error) {
	if err := envText(s, "nushell strings are UTF-8"); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case unicode.IsPrint(r):
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, `\u{%x}`, r)
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}
