package zenml

import "testing"

func TestTheNoSchemeHintEchoesOnlyAHostName(t *testing.T) {
	for _, tc := range []struct{ raw, hint string }{
		{"zenml.example.com", "did you mean https://zenml.example.com?"},
		{"localhost:8237/x", "did you mean https://localhost:8237/x?"},
		{"u:Hunter2@h.example.com", "give the server's address with its scheme, e.g. https://zenml.example.com"},
		{"Hunter2:pw", "give the server's address with its scheme, e.g. https://zenml.example.com"},
		{"Hunter2.example.com/?x=y", "give the server's address with its scheme, e.g. https://zenml.example.com"},
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2ln", "give the server's address with its scheme, e.g. https://zenml.example.com"},
	} {
		_, ps := ParseStoreURL(tc.raw)
		if len(ps) != 1 || ps[0].Code != CodeURLNoScheme || ps[0].Hint != tc.hint {
			t.Errorf("ParseStoreURL(%q) = %+v; want one %s with hint %q", tc.raw, ps, CodeURLNoScheme, tc.hint)
		}
	}
}
