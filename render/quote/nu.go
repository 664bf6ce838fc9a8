package quote

import (
	"fmt"
	"unicode"
)

// Nu quotes s as a nushell double-quoted string, which nushell does not
// interpolate (only $"..." does). \ and " are escaped, LF, CR and tab are
// \n, \r and \t, and every other character that is not printable is
// written as \u{X}, so the output shows no raw control characters; the rest
// stands as itself. Refused: NUL, which no environment can hold, and bytes
// that are not UTF-8, since nushell source and strings are UTF-8.
func Nu(s string) (string, error) {
	if err := envText(s, "nushell strings are UTF-8"); err != nil {
		return "", err
	}
	return doubleQuoted(s, func(r rune) string {
		if unicode.IsPrint(r) {
			return ""
		}
		return fmt.Sprintf(`\u{%x}`, r)
	}), nil
}
