package quote

import (
	"fmt"
	"unicode"
	"unicode/utf16"
)

// JSON quotes s as a JSON string (RFC 8259). " and \ are escaped, and every
// character that is not printable is written as \n, \r, \t or \uXXXX (a
// surrogate pair above U+FFFF): control characters, which JSON requires,
// and also DEL, the C1 controls, U+2028 and U+2029 (JavaScript before
// ES2019 reads them as line ends) and the BOM, so the output is safe on a
// terminal and is YAML as well. Everything else is written as itself.
// Refused: NUL, which no environment can hold, and bytes that are not
// UTF-8, which JSON text cannot contain (Go's encoder would silently
// replace them with U+FFFD).
func JSON(s string) (string, error) {
	if err := envText(s, "JSON text is UTF-8"); err != nil {
		return "", err
	}
	return doubleQuoted(s, func(r rune) string {
		switch {
		case unicode.IsPrint(r):
			return ""
		case r > 0xffff:
			hi, lo := utf16.EncodeRune(r)
			return fmt.Sprintf(`\u%04x\u%04x`, hi, lo)
		}
		return fmt.Sprintf(`\u%04x`, r)
	}), nil
}
