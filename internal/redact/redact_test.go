package redact

import (
	"strings"
	"testing"
)

const key = "ZENKEY_eyJpZCI6ICJNQVJLRVIiLCAia2V5IjogIk1BUktFUi02NGhleCJ9"

func TestKeyShapedTokensAreReplacedWherePlaced(t *testing.T) {
	tests := []struct{ in, want string }{
		{"--url " + key, "--url [redacted]"},
		{`variable name "` + key + `" is invalid`, `variable name "[redacted]" is invalid`},
		{"a " + strings.ToLower(key) + " b", "a [redacted] b"},
		{"pro ZENPROKEY_abc.def", "pro [redacted].def"},
		{"two ZENKEY_abc and ZENKEY_def", "two [redacted] and [redacted]"},
		{"nothing secret here", "nothing secret here"},
		{"does not start with ZENKEY_ or ZENPROKEY_", "does not start with ZENKEY_ or ZENPROKEY_"},
		{"is not ZENKEY_ followed by base64", "is not ZENKEY_ followed by base64"},
	}
	for _, tt := range tests {
		if got := KeyShaped(tt.in); got != tt.want {
			t.Errorf("KeyShaped(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAKnownSecretIsReplacedWhateverItsShape(t *testing.T) {
	var r Redactor
	r.Add("hunter2-not-a-zenkey")
	r.Add("x") // too short to redact
	if got := r.String("read hunter2-not-a-zenkey from x"); got != "read [redacted] from x" {
		t.Errorf("got %q", got)
	}
}

func TestANilRedactorStillRedactsKeyShapes(t *testing.T) {
	var r *Redactor
	if got := r.String(key); got != Mark {
		t.Errorf("got %q", got)
	}
}

// FuzzKeyShaped: any input, valid UTF-8 or not, is redacted without a
// panic, redacting twice changes nothing more, and no key-shaped token is
// left.
func FuzzKeyShaped(f *testing.F) {
	for _, s := range []string{key, "\xe2\x80ZENKEY_\x01", "(a\xe2\x80ZENKEY_abc", "ZENKEY_\ufeff\xff", "zenprokey_AAAA", "İZENKEY_abcd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := KeyShaped(s)
		if twice := KeyShaped(once); twice != once {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, once, twice)
		}
		if LooksLikeKey(once) {
			t.Fatalf("%q still holds a key shape: %q", s, once)
		}
	})
}

func TestAKeyBodyWithoutItsPrefixIsRedactedToo(t *testing.T) {
	body := strings.TrimPrefix(key, "ZENKEY_")
	for _, in := range []string{
		"--url " + body,
		"secrets." + body + " }}",
		"/tmp/" + body + "/x",
		"eyJpZCI6Ik1BUktFUiIsImtleSI6InMzY3IzdE1BUktFUiJ9", // unpadded, another layout
	} {
		if got := KeyShaped(in); strings.Contains(got, "eyJpZCI6") || !LooksLikeKey(in) {
			t.Errorf("KeyShaped(%q) = %q", in, got)
		}
	}
	// Ordinary base64 and long words are left alone.
	for _, in := range []string{"aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=", "0f8a2c4e-7b1d-4c3e-9a6f-5d2b8e1c0a94", "ZENML_STORE_API_KEY_REFERENCE_NAME"} {
		if got := KeyShaped(in); got != in {
			t.Errorf("KeyShaped(%q) = %q, want it unchanged", in, got)
		}
	}
}
