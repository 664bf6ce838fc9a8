// Package redact is the one filter every message zenv prints passes
// through: it replaces anything shaped like a ZenML API key, and every
// secret zenv has read, so a key given to the wrong flag or read from the
// wrong place is never echoed.
package redact

import (
	"encoding/base64"
	"strings"
)

// Mark replaces a secret in a message.
const Mark = "[redacted]"

// minKeyBody is how many key characters after the prefix make a token a
// key: the shortest real key body is about 100; a message that names the
// prefix ("does not start with ZENKEY_") has none.
const minKeyBody = 3

// The prefixes that start a ZenML API key (src/zenml/constants.py:
// ZENML_API_KEY_PREFIX, ZENML_PRO_API_KEY_PREFIX): ZENKEY_ + base64, or a
// ZenML Pro key. They are written here once, in the lowest package that
// needs them; internal/zenml and lint name them through these.
const (
	KeyPrefix    = "ZENKEY_"
	ProKeyPrefix = "ZENPROKEY_"
)

// KeyPrefixes lists both, the longer last.
var KeyPrefixes = [...]string{KeyPrefix, ProKeyPrefix}

// Redactor knows the secrets read so far. The zero value is ready to use.
type Redactor struct {
	secrets []string
}

// Add registers a secret (a key once read). Very short strings are not
// registered: redacting every "a" would make messages unreadable, and a
// real key is long.
func (r *Redactor) Add(secret string) {
	if len(secret) < 8 {
		return
	}
	for _, s := range r.secrets {
		if s == secret {
			return
		}
	}
	r.secrets = append(r.secrets, secret)
}

// String returns s with every known secret and every key-shaped token
// replaced by Mark.
func (r *Redactor) String(s string) string {
	if r != nil {
		for _, secret := range r.secrets {
			s = strings.ReplaceAll(s, secret, Mark)
		}
	}
	return KeyShaped(s)
}

// KeyShaped replaces every token that starts like a ZenML key (ZENKEY_ or
// ZENPROKEY_, in any ASCII case) together with the key characters that
// follow. It works on bytes, so any input, valid UTF-8 or not, keeps its
// other bytes exactly.
func KeyShaped(s string) string {
	var b strings.Builder
	done := 0 // s[:done] is written to b
	for i := 0; i < len(s); {
		plen := prefixAt(s, i)
		if plen == 0 {
			i++
			continue
		}
		end := i + plen
		for end < len(s) && isKeyByte(s[end]) {
			end++
		}
		if end-i-plen >= minKeyBody {
			b.WriteString(s[done:i])
			b.WriteString(Mark)
			done = end
		}
		i = end
	}
	if done == 0 {
		return bareKeyBodies(s)
	}
	b.WriteString(s[done:])
	return bareKeyBodies(b.String())
}

// minBodyLen is the shortest base64 run that can hold {"id":..,"key":..}.
const minBodyLen = 20

// bareKeyBodies replaces base64 runs that decode to a ZenML key's JSON
// ({"id": ..., "key": ...}): the part after ZENKEY_ is the whole secret,
// and a user who copies it without the prefix must not see it echoed.
// Such JSON starts with {" and its base64 with "eyJ", wherever the run
// stands (after a / the run is not aligned, so it is found by that start).
func bareKeyBodies(s string) string {
	var b strings.Builder
	done := 0
	for i := 0; i+3 <= len(s); {
		j := strings.Index(s[i:], "eyJ")
		if j < 0 {
			break
		}
		start := i + j
		end := start
		for end < len(s) && isKeyByte(s[end]) {
			end++
		}
		if end-start >= minBodyLen && decodesToKeyJSON(s[start:end]) {
			b.WriteString(s[done:start])
			b.WriteString(Mark)
			done = end
			i = end
			continue
		}
		i = start + 1
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// decodesToKeyJSON reports whether run, or its longest prefix that is
// whole base64, decodes to a JSON object naming an id and a key.
func decodesToKeyJSON(run string) bool {
	body := strings.TrimRight(run, "=")
	for _, n := range []int{len(body), len(body) - len(body)%4} {
		part := body[:n]
		for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
			if dec, err := enc.DecodeString(part); err == nil || len(dec) > 0 {
				d := string(dec)
				if strings.HasPrefix(d, "{") && strings.Contains(d, `"id"`) && strings.Contains(d, `"key"`) {
					return true
				}
			}
		}
	}
	return false
}

// prefixAt returns the length of the key prefix at s[i:], or 0.
func prefixAt(s string, i int) int {
	for _, p := range KeyPrefixes {
		if len(s)-i >= len(p) && asciiEqualFold(s[i:i+len(p)], p) {
			return len(p)
		}
	}
	return 0
}

func asciiEqualFold(a, upper string) bool {
	for j := 0; j < len(a); j++ {
		c := a[j]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != upper[j] {
			return false
		}
	}
	return true
}

// isKeyByte: base64 (standard and URL alphabets) and its padding.
func isKeyByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '+' || c == '/' || c == '=' || c == '-' || c == '_'
}

// LooksLikeKey reports whether s holds something shaped like a ZenML key,
// so a field that must not hold one can refuse it without echoing it.
func LooksLikeKey(s string) bool {
	return KeyShaped(s) != s
}
