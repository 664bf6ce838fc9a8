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

// YAMLKey writes s as a mapping key that both YAML 1.1 (PyYAML, which
// reads prefect.yaml) and YAML 1.2 (yaml.v3, GitHub's parser) read back as
// the string s. A variable name such as ZENML_STORE_URL stays plain, as
// people write it; anything else, and every name YAML 1.1 reads as a
// boolean or null (on, yes, No, OFF, y, null, ...: PyYAML turns
// `on: x` into {True: 'x'}), is double-quoted.
func YAMLKey(s string) (string, error) {
	if plainKey(s) {
		return s, nil
	}
	return YAML(s)
}

// plainKey reports whether s is an identifier that no YAML resolver turns
// into anything but a string. Numbers, timestamps and floats all start with
// a digit, a sign or a dot, so among identifiers only the boolean and null
// words need quoting; YAML 1.1's y and n are quoted too, for the parsers
// that follow the 1.1 type repository to the letter.
func plainKey(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "true", "false", "on", "off", "null":
		return false
	}
	return true
}
