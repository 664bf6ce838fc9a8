// Package redact is the one filter every message zenv prints passes
// through: it replaces anything shaped like a ZenML API key, and every
// secret zenv has read, so a key given to the wrong flag or read from the
// wrong place is never echoed.
package redact

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
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
	fuzzy []string // key-alphabet bytes only; matched across any other bytes
	words []string // matched only as whole words
}

// fuzzyMin: a secret this long or longer is matched across separators. A
// real ZenML key is about 160 characters, its secret 64; a shorter value
// (the README's ZENKEY_example, a one-letter test key) is matched only as a
// whole word, so it cannot mangle the words around it ("exec" is not
// "e<key>ec" for the key x).
const fuzzyMin = 16

// Add registers a secret (a key once read, a token, a password). A value
// shaped like a ZenML key brings its base64 body and its decoded secret
// with it, so each is redacted wherever it appears alone.
func (r *Redactor) Add(secret string) {
	if strings.TrimSpace(secret) == "" {
		return
	}
	var all []string
	for _, form := range Forms(secret) {
		// A server may echo what it was sent: a login form or a query
		// string holds the secret URL-encoded (+ or %20 for a space).
		q := url.QueryEscape(form)
		all = append(all, form, q, strings.ReplaceAll(q, "+", "%20"))
	}
	for _, form := range all {
		norm := keepAlphabet(form)
		if len(norm) < fuzzyMin {
			r.words = appendNew(r.words, strings.TrimSpace(form))
			continue
		}
		r.fuzzy = appendNew(r.fuzzy, norm)
	}
}

func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// Forms lists what of a secret must never be printed: the value as given
// and, for a ZenML key that decodes as one, its base64 body (without
// padding) and the 64-hex secret in it.
func Forms(secret string) []string {
	out := []string{secret}
	t := strings.Trim(strings.TrimSpace(secret), `"'`)
	for _, p := range KeyPrefixes {
		body, ok := strings.CutPrefix(t, p)
		if !ok {
			continue
		}
		body = strings.TrimRight(body, "=")
		for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
			dec, err := enc.DecodeString(body)
			var k struct {
				Key string `json:"key"`
			}
			if err == nil && json.Unmarshal(dec, &k) == nil && k.Key != "" {
				// A real key's shape: its body and secret are secrets too.
				// A made-up one (ZENKEY_example) brings no "example".
				out = append(out, body, k.Key)
				break
			}
		}
	}
	return out
}

// String returns s with every known secret and every key-shaped token
// replaced by Mark. A known secret long enough to be a key is found even
// with other characters inserted between its own (a line break, a space,
// U+0085, U+2028, DEL): the whole stretch goes.
func (r *Redactor) String(s string) string {
	if r != nil {
		s = r.fuzzyReplace(s)
		s = replaceWords(s, r.words)
	}
	return KeyShaped(s)
}

// isAlphabet: base64's alphabet (standard and URL) and its padding, the
// bytes every key, hex secret and token is written in.
func isAlphabet(c byte) bool { return isKeyByte(c) }

func keepAlphabet(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if isAlphabet(s[i]) {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// fuzzyReplace finds each fuzzy secret in s's alphabet bytes alone, and
// replaces the stretch of s from its first byte to its last.
func (r *Redactor) fuzzyReplace(s string) string {
	if len(r.fuzzy) == 0 {
		return s
	}
	var norm []byte
	var pos []int
	for i := 0; i < len(s); i++ {
		if isAlphabet(s[i]) {
			norm = append(norm, s[i])
			pos = append(pos, i)
		}
	}
	var spans [][2]int
	ns := string(norm)
	for _, f := range r.fuzzy {
		for from := 0; ; {
			j := strings.Index(ns[from:], f)
			if j < 0 {
				break
			}
			start := from + j
			spans = append(spans, [2]int{pos[start], pos[start+len(f)-1] + 1})
			from = start + len(f)
		}
	}
	return replaceSpans(s, spans)
}

// replaceSpans replaces each span of s (merged where they overlap) by Mark.
func replaceSpans(s string, spans [][2]int) string {
	if len(spans) == 0 {
		return s
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var b strings.Builder
	done := 0
	for i := 0; i < len(spans); {
		start, end := spans[i][0], spans[i][1]
		for i++; i < len(spans) && spans[i][0] <= end; i++ {
			end = max(end, spans[i][1])
		}
		if start < done {
			start = done
		}
		b.WriteString(s[done:start])
		b.WriteString(Mark)
		done = end
	}
	b.WriteString(s[done:])
	return b.String()
}

// isWordByte: what continues a word around a short secret. Letters,
// digits, - and _ do (the key x is not in "exec" or "x_y"); = & % + quotes
// : and / do not, so a short password echoed in a form
// (password=pw&grant_type=...), a URL or JSON is still found.
func isWordByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// replaceWords replaces each of words where it stands as a whole word: no
// word byte just before or after it. The spans are found in s as given,
// so a short secret inside a longer one does not hide the longer one.
func replaceWords(s string, words []string) string {
	var spans [][2]int
	for _, w := range words {
		for from := 0; ; {
			j := strings.Index(s[from:], w)
			if j < 0 {
				break
			}
			start, end := from+j, from+j+len(w)
			if (start == 0 || !isWordByte(s[start-1])) && (end == len(s) || !isWordByte(s[end])) {
				spans = append(spans, [2]int{start, end})
			}
			from = start + 1
		}
	}
	return replaceSpans(s, spans)
}

// LongRuns replaces every run of at least n base64 characters that mixes
// letters and digits: the shape of a key, a secret or a token. Text a
// server sends passes through it, so a secret zenv never read (another
// account's key, a token) is not printed either. Words, UUIDs (their
// dashes cut them into short runs) and numbers are kept.
func LongRuns(s string, n int) string {
	var spans [][2]int
	for i := 0; i < len(s); {
		if !isBase64Std(s[i]) {
			i++
			continue
		}
		j, letters, digits := i, false, false
		for ; j < len(s) && isBase64Std(s[j]); j++ {
			c := s[j]
			letters = letters || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
			digits = digits || '0' <= c && c <= '9'
		}
		if j-i >= n && letters && digits {
			spans = append(spans, [2]int{i, j})
		}
		i = j
	}
	return replaceSpans(s, spans)
}

func isBase64Std(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '='
}

// KeyShaped replaces every token that starts like a ZenML key (ZENKEY_ or
// ZENPROKEY_, in any ASCII case) together with the key characters that
// follow, a bare key body, and a run of exactly 64 hex digits (a key's
// secret). It works on bytes, so any input, valid UTF-8 or not, keeps its
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
		return hexSecrets(bareKeyBodies(s))
	}
	b.WriteString(s[done:])
	return hexSecrets(bareKeyBodies(b.String()))
}

// hexSecretLen is the length of a ZenML key's secret: 64 hex digits.
const hexSecretLen = 64

// hexSecrets replaces every run of exactly 64 hex digits (bounded by
// non-hex bytes or the ends of s): the shape of a ZenML key's secret, so
// one given to a value flag before any key was read is not echoed.
func hexSecrets(s string) string {
	var spans [][2]int
	for i := 0; i < len(s); {
		if !isHex(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isHex(s[j]) {
			j++
		}
		if j-i == hexSecretLen {
			spans = append(spans, [2]int{i, j})
		}
		i = j
	}
	return replaceSpans(s, spans)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
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
