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
	return doubleQuoted(s, func(r rune) string {
		switch {
		case unicode.IsPrint(r) && r != utf8.RuneError:
			return ""
		case r <= 0xff:
			return fmt.Sprintf(`\x%02x`, r)
		case r <= 0xffff:
			return fmt.Sprintf(`\u%04x`, r)
		}
		return fmt.Sprintf(`\U%08x`, r)
	}), nil
}
