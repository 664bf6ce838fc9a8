package quote

import (
	"fmt"
	"unicode"
)

// JSON quotes s as a JSON string (RFC 8259). " and \ are escaped, and every
// character up to U+FFFF that is not printable is written as \n, \r, \t or
// \uXXXX: control characters, which JSON requires, and also DEL, the C1
// controls, U+2028 and U+2029 (JavaScript before ES2019 reads them as line
// ends) and the BOM, so the output is safe on a terminal and is YAML as
// well. Everything else is written as itself, characters above U+FFFF
// included, even unprintable ones: JSON can only escape them as a surrogate
// pair, which a YAML reader takes as two lone surrogates (PyYAML reads
// "\udb40\udc01", U+E0001, as two broken characters), and YAML allows every
// character above U+FFFF as it is.
// Refused: NUL, which no environment can hold, and bytes that are not
// UTF-8, which JSON text cannot contain (Go's encoder would silently
// replace them with U+FFFD).
func JSON(s string) (string, error) {
	if err := envText(s, "JSON text is UTF-8"); err != nil {
		return "", err
	}
	return doubleQuoted(s, func(r rune) string {
		if unicode.IsPrint(r) || r > 0xffff {
			return ""
		}
		return fmt.Sprintf(`\u%04x`, r)
	}), nil
}
