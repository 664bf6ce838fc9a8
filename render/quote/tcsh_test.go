package quote

import (
	"fmt"
	"strings"
	"testing"
)

// tcshWord reads one tcsh word by the rules Tcsh relies on (tcsh(1),
// "Lexical structure" and "History substitution"): inside '...' every byte
// is literal except that \! stands for !; outside quotes \ makes the next
// byte literal; an unescaped ! starts a history substitution, which fails
// in a script; a newline ends the command; blanks end the word.
func tcshWord(w string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(w); i++ {
		switch c := w[i]; c {
		case '\'':
			for i++; ; i++ {
				if i >= len(w) {
					return "", fmt.Errorf("unmatched '")
				}
				if w[i] == '\'' {
					break
				}
				if w[i] == '!' {
					return "", fmt.Errorf("history substitution at %d", i)
				}
				if w[i] == '\n' {
					return "", fmt.Errorf("unmatched ' (newline)")
				}
				if w[i] == '\\' && i+1 < len(w) && w[i+1] == '!' {
					i++
				}
				b.WriteByte(w[i])
			}
		case '\\':
			if i+1 == len(w) {
				return "", fmt.Errorf("trailing backslash")
			}
			i++
			b.WriteByte(w[i])
		case '!':
			return "", fmt.Errorf("history substitution at %d", i)
		case ' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')', '$', '`', '"', '*', '?', '[', '{', '~', '#':
			return "", fmt.Errorf("unquoted %q at %d", c, i)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func FuzzTcsh(f *testing.F) {
	addSeeds(f)
	f.Add(`a\!b`)
	f.Add("!!")
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Tcsh(s)
		if err != nil {
			if !strings.ContainsAny(s, "\x00\n") && !hasNonASCII(s) {
				t.Fatalf("Tcsh refused %q: %v", s, err)
			}
			return
		}
		got, err := tcshWord(q)
		if err != nil || got != s {
			t.Fatalf("tcsh reads %s as %q (%v), want %q", q, got, err, s)
		}
	})
}

func TestTcshEscapesHistoryAndQuotes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"x!y", `'x\!y'`},
		{`a\!b`, `'a\\!b'`},
		{"it's", `'it'\''s'`},
		{`ends\`, `'ends\'`},
		{"$HOME `id` \"q\" # ; ~", "'$HOME `id` \"q\" # ; ~'"},
	}
	for _, tt := range tests {
		if got, err := Tcsh(tt.in); err != nil || got != tt.want {
			t.Errorf("Tcsh(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}

func TestTcshRefusesNonASCII(t *testing.T) {
	for _, s := range []string{"caf\u00e9", "\xff", "a\u00a0b", "😀"} {
		if _, err := Tcsh(s); err == nil || !strings.Contains(err.Error(), "tcsh corrupts non-ASCII text") {
			t.Errorf("Tcsh(%q): %v, want the non-ASCII refusal", s, err)
		}
	}
}
