package quote

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
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
			if !unicode.IsPrint(r) && r <= 0xffff {
				t.Fatalf("JSON(%q) = %s holds the unprintable %U", s, q, r)
			}
		}
	})
}

// TestJSONWritesCharactersAboveFFFFAsThemselves: JSON could escape them only
// as surrogate pairs, which YAML readers (PyYAML, yaml.v3) take for two lone
// surrogates; as UTF-8 both JSON and YAML read them back.
func TestJSONWritesCharactersAboveFFFFAsThemselves(t *testing.T) {
	for _, s := range []string{"\U000E0001", "a\U0001D173b", "\U000FFFFD", "\U0010FFFF", "\U0001F600", "\U0001FFFE"} {
		q, err := JSON(s)
		if err != nil {
			t.Fatalf("JSON(%+q): %v", s, err)
		}
		if strings.Contains(q, `\u`) {
			t.Errorf("JSON(%+q) = %+q escapes a character above U+FFFF", s, q)
		}
		var got string
		if err := yaml.Unmarshal([]byte(q), &got); err != nil || got != s {
			t.Errorf("yaml.v3 reads JSON(%+q) = %+q as %+q (%v)", s, q, got, err)
		}
	}
}
