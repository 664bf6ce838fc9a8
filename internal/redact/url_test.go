package redact

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestURLNeverShowsUserinfoQueryOrAKey(t *testing.T) {
	key := "ZENKEY_" + base64.StdEncoding.EncodeToString([]byte(`{"id":"5a7c6b8e-1d2e-4f00-8a11-00000000a11c","key":"`+strings.Repeat("c0ffee42", 8)+`"}`))
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
	for _, tc := range []struct {
		raw, want string
		ok        bool
	}{
		{"https://zenml.example.com", "https://zenml.example.com", true},
		{"http://localhost:8237/zenml/", "http://localhost:8237/zenml/", true},
		{"https://u:Hunter2@h.example.com", "https://[redacted]@h.example.com", true},
		{"https://Hunter2@h.example.com/x", "https://[redacted]@h.example.com/x", true},
		{"https://u:" + key + "@h.example.com", "https://[redacted]@h.example.com", true},
		{"https://a@b:Hunter2@h.example.com", "https://[redacted]@h.example.com", true},
		{"https://h.example.com/?token=Hunter2#x", "https://h.example.com/?[redacted]", true},
		{"https://h.example.com/" + key, "https://h.example.com/[redacted]", true},
		{"zenml.example.com:8080/zenml", "zenml.example.com:8080/zenml", true}, // no scheme, a host name
		{"", "", false},
		{"Hunter2", HiddenURL, false},                                  // no scheme, no dot: may be a password
		{"u:Hunter2@h.example.com", HiddenURL, false},                  // userinfo without a scheme
		{"Hunter2:pw", HiddenURL, false},                               // not a port
		{key, HiddenURL, false},                                        // a key where the url belongs
		{jwt, HiddenURL, false},                                        // a token, though dotted
		{"ab cd://h.example.com", HiddenURL, false},                    // not a scheme
		{"your_zenml_server_url", HiddenURL, false},                    // a placeholder
		{"https//zenml.example.com", "https//zenml.example.com", true}, // a typo worth showing
	} {
		got, ok := URL(tc.raw)
		if got != tc.want || ok != tc.ok {
			t.Errorf("URL(%q) = %q, %v; want %q, %v", tc.raw, got, ok, tc.want, tc.ok)
		}
		if strings.Contains(got, "Hunter2") || strings.Contains(got, "c0ffee42") {
			t.Errorf("URL(%q) = %q shows the secret", tc.raw, got)
		}
	}
}
