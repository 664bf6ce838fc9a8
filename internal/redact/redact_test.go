package redact

import (
	"encoding/base64"
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
	if got := r.String("read hunter2-not-a-zenkey from y"); got != "read [redacted] from y" {
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

// realKey is a ZENKEY_ as ZenML makes it: base64 of {"id": UUID, "key": 64 hex}.
func realKey(secret string) string {
	return "ZENKEY_" + base64.StdEncoding.EncodeToString([]byte(`{"id": "c28e0583-8519-41a1-9b31-ed488a7ff9bb", "key": "`+secret+`"}`))
}

// TestAKeyIsRedactedWhateverIsInsertedInIt: the attack review's server
// echoed the key with one character inserted after the 10th, and all but
// ZENKEY_eyJ was printed; the decoded secret split by a newline was printed
// whole.
func TestAKeyIsRedactedWhateverIsInsertedInIt(t *testing.T) {
	secret := strings.Repeat("5ec7", 16)
	k := realKey(secret)
	body := strings.TrimRight(strings.TrimPrefix(k, "ZENKEY_"), "=")
	var r Redactor
	r.Add(k)
	for _, sep := range []string{"\u0085", "\u2028", "\x7f", " ", "\n", "\r\n", "\t", "\x00", "\u00a0", " \n "} {
		for _, in := range []string{
			k[:10] + sep + k[10:],
			k[:40] + sep + k[40:80] + sep + k[80:],
			"echo: " + body[:30] + sep + body[30:] + " end",
			secret[:32] + sep + secret[32:],
			"secret " + secret[:5] + sep + secret[5:20] + sep + secret[20:] + ".",
		} {
			got := r.String(in)
			for _, part := range []string{secret[:12], secret[40:52], body[12:24], body[len(body)-12:], k[11:23]} {
				if strings.Contains(keepAlphabet(got), part) {
					t.Errorf("separator %q: %q -> %q still holds %q", sep, in, got, part)
				}
			}
		}
	}
	if got := r.String("echo: " + secret[:32] + "\n" + secret[32:] + " end"); got != "echo: [redacted] end" {
		t.Errorf("the surrounding text changed: %q", got)
	}
}

// TestAShortKeyIsMatchedOnlyAsAWholeWord: `echo x | zenv key set t1`
// printed `e<api key>ec: "dbus-launch": e<api key>ecutable file not found`.
func TestAShortKeyIsMatchedOnlyAsAWholeWord(t *testing.T) {
	for _, tt := range []struct{ key, in, want string }{
		{"x", `exec: "dbus-launch": executable file not found`, `exec: "dbus-launch": executable file not found`},
		{"x", "the key x was refused", "the key [redacted] was refused"},
		{"ZENKEY_example", "for example, ZENKEY_example", "for example, [redacted]"},
		{"ZENKEY_example", "an example of ZENKEY_examples", "an example of [redacted]"}, // a key shape still goes
		{"hunter2", "hunter22 and hunter2.", "hunter22 and [redacted]."},
	} {
		var r Redactor
		r.Add(tt.key)
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("key %q: %q -> %q, want %q", tt.key, tt.in, got, tt.want)
		}
	}
}

func TestLongRunsOfKeyCharactersAreWithheld(t *testing.T) {
	for in, want := range map[string]string{
		"invalid token abcd1234efgh5678ijkl9012mnop here":            "invalid token [redacted] here",
		"API key c28e0583-8519-41a1-9b31-ed488a7ff9bb is not active": "API key c28e0583-8519-41a1-9b31-ed488a7ff9bb is not active",
		"Authentication error: error retrieving API key":             "Authentication error: error retrieving API key",
		"internationalizationinternationalization":                   "internationalizationinternationalization",
		"5ec75ec75ec75ec75ec75ec75ec75ec7\n5ec7":                     "[redacted]\n5ec7",
	} {
		if got := LongRuns(in, 24); got != want {
			t.Errorf("LongRuns(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAPasswordEchoedInAFormOrURLIsReplaced(t *testing.T) {
	var r Redactor
	r.Add("pw")
	r.Add("s3cr:et pw&x")                          // short, with a space and form bytes
	r.Add("correct horse battery staple/100%sure") // long
	tests := []struct{ in, want string }{
		{"grant_type=password&username=admin&password=pw", "grant_type=password&username=admin&password=[redacted]"},
		{"password=pw&grant_type=password", "password=[redacted]&grant_type=password"},
		{`{"password": "pw"}`, `{"password": "[redacted]"}`},
		{"user:pw@host /pw/ +pw+ %pw%", "user:[redacted]@host /[redacted]/ +[redacted]+ %[redacted]%"},
		{"password=s3cr%3Aet+pw%26x&a=b", "password=[redacted]&a=b"},
		{"password=s3cr%3Aet%20pw%26x", "password=[redacted]"},
		{"password=correct+horse+battery+staple%2F100%25sure&a", "password=[redacted]&a"},
		{"password=correct%20horse%20battery%20staple%2F100%25sure", "password=[redacted]"},
		// A short value still does not mangle the words around it.
		{"pwd exec pw_x x-pw", "pwd exec pw_x x-pw"},
	}
	for _, tt := range tests {
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	var x Redactor
	x.Add("x")
	if got := x.String("exec x=1&y=x"); got != "exec [redacted]=1&y=[redacted]" {
		t.Errorf("got %q", got)
	}
}

func TestKeyShapedRedactsExactly64HexDigits(t *testing.T) {
	hex := strings.Repeat("a1B2", 16) // 64
	for _, c := range []struct{ in, want string }{
		{hex, Mark},
		{"--project " + hex + " is invalid", "--project " + Mark + " is invalid"},
		{`ZENML_DEBUG="` + hex + `"`, `ZENML_DEBUG="` + Mark + `"`},
		{"x" + hex + "-y", "x" + Mark + "-y"},
		{hex[:63], hex[:63]},   // one short: not a secret
		{hex + "0", hex + "0"}, // 65: longer than a secret
		{"f" + hex, "f" + hex}, // hex before it: 65 digits
		{hex + "," + hex, Mark + "," + Mark},
		{"deadbeef", "deadbeef"},
	} {
		if got := KeyShaped(c.in); got != c.want {
			t.Errorf("KeyShaped(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := (&Redactor{}).String(c.in); got != c.want {
			t.Errorf("String(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if !LooksLikeKey("project " + hex) {
		t.Error("LooksLikeKey misses a 64-hex secret")
	}
}
