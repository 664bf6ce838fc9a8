package zenml

import (
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"github.com/zenv-dev/zenv/internal/redact"
)

// TrimURL returns a server URL as the client uses it: without trailing /
// (RestZenStoreConfiguration). It is the value to write: u.String() of the
// parsed URL may escape characters the user wrote (| < > ^).
func TrimURL(raw string) string { return strings.TrimRight(raw, "/") }

// ParseStoreURL reads a ZENML_STORE_URL as the client does
// (RestZenStoreConfiguration: http:// or https://, compared literally, a
// trailing / stripped) and returns it parsed, with every problem found, in
// a fixed order. u is nil when raw is not a URL at all;
// otherwise the caller decides, by Severity, whether the problems refuse it.
// Messages never quote raw: the caller does, once it knows raw holds no key
// (CodeURLKey says it does).
func ParseStoreURL(raw string) (u *url.URL, problems []Problem) {
	return ParseURL(StoreURL, raw)
}

// ParseURL reads the value of a variable that holds a server URL
// (Name(name).URL): ZENML_STORE_URL, ZENML_PRO_API_URL or ZENML_PRO_URL.
// The store URL has more rules: no SQL database, no /api/v1 (the client
// adds it) and no dashboard page. ZENML_PRO_URL is the Pro dashboard, so
// cloud.zenml.io is right there.
func ParseURL(name, raw string) (*url.URL, []Problem) {
	store := name == StoreURL
	switch {
	case raw == "":
		return nil, []Problem{*problem(CodeURLEmpty, "is empty", "give the server's address, e.g. https://zenml.example.com")}
	case redact.LooksLikeKey(raw):
		return nil, []Problem{*problem(CodeURLKey, "holds an API key",
			"give the key as the key (ZENML_STORE_API_KEY, or a zenv key source), the server's address here, and rotate the key if it was logged")}
	// ' is legal inside a URL (RFC 3986 sub-delims), but not around one.
	case strings.ContainsAny(raw, "\" \t\r\n\v\f") || strings.Trim(raw, "'") != raw:
		return nil, []Problem{*problem(CodeURLSpace, "holds quotes or white space pasted with it", "remove them")}
	}
	lower := strings.ToLower(raw)
	if store && (strings.HasPrefix(lower, "sqlite:") || strings.HasPrefix(lower, "mysql:")) {
		return nil, []Problem{*problem(CodeURLSQL, "is a SQL database, not a ZenML server",
			"a client of a ZenML server needs the server's https:// address")}
	}
	if !strings.Contains(raw, "://") {
		rest, scheme := raw, "https"
		for _, sch := range []string{"https:", "http:"} {
			if len(raw) >= len(sch) && strings.EqualFold(raw[:len(sch)], sch) {
				rest, scheme = strings.TrimLeft(raw[len(sch):], "/"), sch[:len(sch)-1]
			}
		}
		// The value is echoed only when it looks like a host name: what is
		// not a URL may be a secret set in the wrong place.
		hint := "give the server's address with its scheme, e.g. https://zenml.example.com"
		if host, path, _ := strings.Cut(rest, "/"); redact.HostLike(host, path) && (strings.Contains(host, ".") || strings.HasPrefix(host, "localhost")) && !redact.LooksLikeKey(rest) {
			hint = "did you mean " + scheme + "://" + rest + "?"
		}
		return nil, []Problem{*problem(CodeURLNoScheme, "has no scheme://", hint)}
	}
	u, err := url.Parse(TrimURL(raw))
	if err != nil {
		// Not echoed: what is not a URL may be a secret set in the wrong place.
		return nil, []Problem{*problem(CodeURLSyntax, "is not a URL (scheme://host)", "give the server's address, e.g. https://zenml.example.com")}
	}
	var out []Problem
	add := func(code Code, msg, hint string) { out = append(out, *problem(code, msg, hint)) }
	// ZenML compares the prefix literally: HTTPS:// is not a REST store.
	if u.Scheme != "http" && u.Scheme != "https" || !strings.HasPrefix(raw, u.Scheme+"://") {
		hint := "start it with https://"
		if ls := strings.ToLower(u.Scheme); ls == "http" || ls == "https" {
			hint = "write the scheme in lower case: " + ls + "://"
		}
		add(CodeURLScheme, "does not start with https:// or http:// (lower-case)", hint)
	}
	if u.Hostname() == "" {
		add(CodeURLNoHost, "has no host", "give the server's address, e.g. https://zenml.example.com")
	}
	if u.User != nil {
		add(CodeURLUser, "holds a user name or password", "remove it; the API key authenticates")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#") {
		add(CodeURLQuery, "has a query or fragment", "give the server's base URL")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			add(CodeURLPort, "has a port outside 1-65535", "give a port from 1 to 65535, or none")
		}
	}
	if store {
		path := strings.TrimRight(u.Path, "/")
		if strings.HasSuffix(strings.ToLower(path), "/api/v1") {
			add(CodeURLAPISuffix, "ends with /api/v1, which the ZenML client adds itself",
				"give "+base(u, path[:len(path)-len("/api/v1")]))
		}
		if msg, hint := dashboard(u); msg != "" {
			add(CodeURLDashboard, msg, hint)
		}
	}
	if u.Scheme == "http" && u.Hostname() != "" && !IsLoopbackHost(u.Hostname()) {
		add(CodeURLPlainHTTP, "is plain http to another host: the API key and every token cross the network in clear text", "use https://")
	}
	return u, out
}

// dashboard recognizes the ZenML dashboard's pages, which answer HTML with
// status 200 where a server's API is expected: any page of ZenML Pro's
// cloud.zenml.io, and a self-hosted dashboard's /workspaces/NAME (before
// 0.80) and /projects/NAME pages. A server behind a reverse proxy's path
// (https://h/zenml) is not one.
func dashboard(u *url.URL) (msg, hint string) {
	host := strings.ToLower(u.Hostname())
	if host == "cloud.zenml.io" {
		return "is the ZenML Pro dashboard, not a workspace's server",
			"give the workspace's URL, shown in the dashboard's workspace settings (https://…zenml.io)"
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i, s := range segs {
		if (s == "workspaces" || s == "projects") && i+1 < len(segs) && segs[i+1] != "" {
			return "is a page of the ZenML dashboard, not the server's address",
				"give " + base(u, "/"+strings.Join(segs[:i], "/")) + ", the address zenml login uses"
		}
	}
	return "", ""
}

// base is u with path replaced and no trailing /.
func base(u *url.URL, path string) string {
	v := *u
	v.Path, v.RawPath, v.RawQuery, v.Fragment, v.User = strings.TrimRight(path, "/"), "", "", "", nil
	return v.String()
}

// IsLoopbackHost reports whether host names this machine: the one place
// plain http:// may carry the key without crossing a network.
func IsLoopbackHost(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
