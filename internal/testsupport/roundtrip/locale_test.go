package roundtrip

import (
	"os/exec"
	"strings"
	"testing"
)

// TestBackslashedCharactersEndInBackslash proves the generator's characters
// with iconv: each is one character of its charset, it ends in 0x5C, and it
// converts to UTF-8 and back unchanged.
func TestBackslashedCharactersEndInBackslash(t *testing.T) {
	if _, err := exec.LookPath("iconv"); err != nil {
		t.Skip("SKIPPED: iconv is not installed, so the generator's characters were not checked")
	}
	for _, l := range MultibyteLocales {
		for _, c := range append(append([]string(nil), l.Backslashed...), l.Other...) {
			u, err := iconv(l.Charmap, "UTF-8", c)
			if err != nil || len([]rune(u)) != 1 {
				t.Errorf("%s: % x is not one character: %q, %v", l.Charmap, c, u, err)
				continue
			}
			back, err := iconv("UTF-8", l.Charmap, u)
			if err != nil || back != c {
				t.Errorf("%s: % x (%s) comes back as % x, %v", l.Charmap, c, u, back, err)
			}
		}
		for _, c := range l.Backslashed {
			if !strings.HasSuffix(c, `\`) {
				t.Errorf("%s: % x does not end in 0x5C", l.Charmap, c)
			}
		}
	}
}

func iconv(from, to, s string) (string, error) {
	cmd := exec.Command("iconv", "-f", from, "-t", to)
	cmd.Stdin = strings.NewReader(s)
	out, err := cmd.Output()
	return string(out), err
}

func TestLocaleValuesPutBackslashedCharactersBeforeQuotes(t *testing.T) {
	for _, l := range MultibyteLocales {
		found := false
		for _, v := range LocaleValues(l, 1, 200) {
			for _, c := range l.Backslashed {
				if strings.Contains(v, c+"'") {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("%s: 200 values never put a character ending in 0x5C before a quote", l.Name)
		}
	}
}
