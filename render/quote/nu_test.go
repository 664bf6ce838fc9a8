package quote

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// nuString reads a nushell double-quoted string by its documented rules
// (nushell book, "Working with strings"): \" \' \\ \/ \b \f \n \r \t are
// escapes, \u{X} is the character with hex code X (1 to 6 digits), any
// other backslash is an error, and an unescaped " ends the string.
func nuString(q string) (string, error) {
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		return "", fmt.Errorf("not double-quoted")
	}
	body := q[1 : len(q)-1]
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '"':
			return "", fmt.Errorf("unescaped quote at %d", i)
		case c != '\\':
			b.WriteByte(c)
		case i+1 == len(body):
			return "", fmt.Errorf("trailing backslash")
		default:
			i++
			switch e := body[i]; e {
			case '"', '\'', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				end := strings.IndexByte(body[i:], '}')
				if !strings.HasPrefix(body[i:], "u{") || end < 3 || end > 8 {
					return "", fmt.Errorf("bad \\u escape at %d", i)
				}
				n, err := strconv.ParseUint(body[i+2:i+end], 16, 32)
				if err != nil || !utf8.ValidRune(rune(n)) {
					return "", fmt.Errorf("bad \\u escape at %d", i)
				}
				b.WriteRune(rune(n))
				i += end
			default:
				return "", fmt.Errorf("unknown escape \\%c", e)
			}
		}
	}
	return b.String(), nil
}

func FuzzNu(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Nu(s)
		if err != nil {
			if !strings.Contains(s, "\x00") && utf8.ValidString(s) {
				t.Fatalf("Nu refused %q: %v", s, err)
			}
			return
		}
		if strings.ContainsAny(q, "\n\r") {
			t.Fatalf("Nu(%q) = %s holds a line end", s, q)
		}
		got, err := nuString(q)
		if err != nil || got != s {
			t.Fatalf("nushell reads %s as %q (%v), want %q", q, got, err, s)
		}
	})
}

func TestNuDoesNotInterpolate(t *testing.T) {
	// Only $"..." interpolates in nushell; a plain "..." keeps $ and ( ).
	for _, s := range []string{"$env.HOME", "(ls)", "$(id)", "{x}"} {
		if q, err := Nu(s); err != nil || q != `"`+s+`"` {
			t.Errorf("Nu(%q) = %s, %v", s, q, err)
		}
	}
}
