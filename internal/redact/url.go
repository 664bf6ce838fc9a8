package redact

import (
	"strconv"
	"strings"
)

// HiddenURL stands for a url URL will not show.
const HiddenURL = "(hidden: it may hold a secret)"

// URL is raw as every command may print it (profile list,
// completion, messages, doctor, lint): its userinfo, query and fragment
// replaced by Mark, any key-shaped text redacted. A value that is
// not a URL (no scheme://) is shown only when it looks like a host name
// (letters, digits, dots, dashes, an optional port and path): what is not
// a URL may be a secret set in the wrong place. ok is false when nothing
// of raw is shown; shown is then a placeholder (empty for an empty raw).
func URL(raw string) (shown string, ok bool) {
	if raw == "" {
		return "", false
	}
	shown, ok = displayURL(raw)
	if !ok || LooksLikeKey(shown) {
		return HiddenURL, false
	}
	return shown, true
}

func displayURL(raw string) (string, bool) {
	scheme, rest, hasScheme := strings.Cut(raw, "://")
	if !hasScheme {
		scheme, rest = "", raw
	}
	hostEnd := strings.IndexAny(rest, "/?#")
	if hostEnd < 0 {
		hostEnd = len(rest)
	}
	host, tail := rest[:hostEnd], rest[hostEnd:]
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		if !hasScheme {
			return HiddenURL, false
		}
		host = Mark + host[i:]
	}
	path := tail
	if i := strings.IndexAny(tail, "?#"); i >= 0 {
		path = tail[:i] + tail[i:i+1] + Mark
	}
	if !hasScheme {
		if !HostLike(host, path) {
			return HiddenURL, false
		}
		return KeyShaped(host + path), true
	}
	for _, c := range scheme {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return HiddenURL, false
		}
	}
	return KeyShaped(scheme + "://" + host + path), true
}

// HostLike reports whether host (with an optional :port) and path look
// like a server's address written without its scheme: letters, digits,
// dots and dashes, with a dot somewhere (or localhost).
func HostLike(host, path string) bool {
	name, port, hasPort := strings.Cut(host, ":")
	if hasPort {
		if _, err := strconv.Atoi(port); err != nil || port == "" || port[0] == '+' || port[0] == '-' {
			return false
		}
	}
	if name == "" || !strings.Contains(name+path, ".") && name != "localhost" {
		return false
	}
	// A label is at most 63 characters (RFC 1035); a token's parts (a
	// JWT's eyJ...) are longer, or start with base64 of {".
	for _, label := range strings.Split(name, ".") {
		if len(label) > 63 || strings.HasPrefix(label, "eyJ") {
			return false
		}
	}
	if LongRuns(name+path, 32) != name+path {
		return false
	}
	for _, c := range name + strings.TrimLeft(path, "/") {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '/' || c == '_') {
			return false
		}
	}
	return !strings.Contains(path, "?") && !strings.Contains(path, "#")
}
