package quote

import (
	"encoding/json"
	"strings"
	"testing"
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
		if strings.ContainsAny(q, "\n\r\u2028\u2029") {
			t.Fatalf("JSON(%q) = %s holds a line end", s, q)
		}
	})
}
