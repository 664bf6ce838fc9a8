package quote

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func FuzzJSON(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := JSON(s)
		if err != nil {
			if !strings.Contains(s, "\x00") && utf8.ValidString(s) {
				t.Fatalf("JSON refused %q: %v", s, err)
			}
			return
		}
		if !json.Valid([]byte(q)) {
			t.Fatalf("JSON(%q) = %s is not valid JSON", s, q)
		}
		var got string
		if err := json.Unmarshal([]byte(q), &got); err != nil || got != s {
			t.Fatalf("encoding/json reads %s as %q (%v), want %q", q, got, err, s)
		}
		for _, r := range q {
			if !unicode.IsPrint(r) {
				t.Fatalf("JSON(%q) = %s holds the unprintable %U", s, q, r)
			}
		}
	})
}
