package httpclient

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
)

// ProxyFromEnvironment returns the proxy function of Python's requests
// (and so of the ZenML client) for the environment environ, in its order
// ("NAME=value" entries, as os.Environ gives them). Go's
// http.ProxyFromEnvironment differs: it reads upper case first, ignores
// mixed case and ALL_PROXY, and never proxies a loopback host. Python:
//
//   - urllib.request.getproxies_environment: every variable whose name,
//     lower-cased, ends in _proxy, in any case; a name that ends in
//     lower-case "_proxy" wins over the others, and an empty one of those
//     removes the setting; REQUEST_METHOD set (a CGI script) drops a
//     non-lower-case HTTP_PROXY (CVE-2016-1000110);
//   - requests.utils.should_bypass_proxies: no_proxy or NO_PROXY (exact
//     names), spaces removed: for an IPv4 host, CIDR blocks and equal
//     addresses; for a name, the host or host:port equal to an entry or
//     ending in "."+entry; then urllib's proxy_bypass_environment with the
//     "no" setting of any case: "*", or the host equal to or under an entry;
//   - requests.utils.select_proxy: the scheme's proxy, else "all"; a proxy
//     without a scheme is http://.
//
// A loopback host is proxied unless no_proxy says otherwise, as in Python.
func ProxyFromEnvironment(environ []string) func(*url.URL) (*url.URL, error) {
	env := parseEnviron(environ)
	proxies := getproxiesEnvironment(env)
	return func(u *url.URL) (*url.URL, error) {
		p := selectProxy(env, proxies, u)
		if p == "" {
			return nil, nil
		}
		return parseProxy(p)
	}
}

type envVar struct{ name, value string }

// parseEnviron keeps the order of environ, and for a name given twice the
// first position and the last value, as a Python dict built from it does.
func parseEnviron(environ []string) []envVar {
	var out []envVar
	at := map[string]int{}
	for _, kv := range environ {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			continue
		}
		if i, seen := at[name]; seen {
			out[i].value = value
			continue
		}
		at[name] = len(out)
		out = append(out, envVar{name, value})
	}
	return out
}

func lookup(env []envVar, name string) (string, bool) {
	for _, v := range env {
		if v.name == name {
			return v.value, true
		}
	}
	return "", false
}

// getproxiesEnvironment is urllib.request.getproxies_environment.
func getproxiesEnvironment(env []envVar) map[string]string {
	proxies := map[string]string{}
	for _, v := range env {
		name := strings.ToLower(v.name)
		if v.value != "" && strings.HasSuffix(name, "_proxy") {
			proxies[strings.TrimSuffix(name, "_proxy")] = v.value
		}
	}
	if _, cgi := lookup(env, "REQUEST_METHOD"); cgi {
		delete(proxies, "http")
	}
	for _, v := range env {
		if strings.HasSuffix(v.name, "_proxy") {
			name := strings.TrimSuffix(strings.ToLower(v.name), "_proxy")
			if v.value != "" {
				proxies[name] = v.value
			} else {
				delete(proxies, name)
			}
		}
	}
	return proxies
}

// proxyBypassEnvironment is urllib.request.proxy_bypass_environment.
func proxyBypassEnvironment(host string, proxies map[string]string) bool {
	noProxy, ok := proxies["no"]
	if !ok {
		return false
	}
	if noProxy == "*" {
		return true
	}
	host = strings.ToLower(host)
	hostOnly := splitPort(host)
	for _, name := range strings.Split(noProxy, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		name = strings.ToLower(strings.TrimLeft(name, "."))
		if hostOnly == name || host == name {
			return true
		}
		name = "." + name
		if strings.HasSuffix(hostOnly, name) || strings.HasSuffix(host, name) {
			return true
		}
	}
	return false
}

// splitPort is urllib.parse._splitport's host: only a last colon followed
// by at least one digit and nothing else splits.
func splitPort(host string) string {
	i := strings.LastIndexByte(host, ':')
	if i < 0 || i == len(host)-1 {
		return host
	}
	for _, c := range host[i+1:] {
		if c < '0' || c > '9' {
			return host
		}
	}
	return host[:i]
}

// shouldBypassProxies is requests.utils.should_bypass_proxies, with no
// proxies argument (the ZenML client passes none).
func shouldBypassProxies(env []envVar, proxies map[string]string, u *url.URL) bool {
	hostname := strings.ToLower(u.Hostname())
	if hostname == "" {
		return true
	}
	noProxy, _ := lookup(env, "no_proxy")
	if noProxy == "" {
		noProxy, _ = lookup(env, "NO_PROXY")
	}
	if noProxy != "" {
		var hosts []string
		for _, h := range strings.Split(strings.ReplaceAll(noProxy, " ", ""), ",") {
			if h != "" {
				hosts = append(hosts, h)
			}
		}
		if ip, ok := inetAton(hostname); ok {
			for _, h := range hosts {
				if network, bits, ok := validCIDR(h); ok {
					mask := uint32(0xFFFFFFFF) << (32 - bits)
					if ip&mask == network&mask {
						return true
					}
				} else if hostname == h {
					return true
				}
			}
		} else {
			withPort := hostname
			if p, err := strconv.Atoi(u.Port()); err == nil && p != 0 {
				withPort += ":" + strconv.Itoa(p)
			}
			for _, h := range hosts {
				h = strings.TrimLeft(h, ".")
				if hostname == h || withPort == h {
					return true
				}
				h = "." + h
				if strings.HasSuffix(hostname, h) || strings.HasSuffix(withPort, h) {
					return true
				}
			}
		}
	}
	return proxyBypassEnvironment(hostname, proxies)
}

// selectProxy is requests' get_environ_proxies then select_proxy: "" for
// no proxy.
func selectProxy(env []envVar, proxies map[string]string, u *url.URL) string {
	if shouldBypassProxies(env, proxies, u) {
		return ""
	}
	if p, ok := proxies[strings.ToLower(u.Scheme)]; ok {
		return p
	}
	return proxies["all"]
}

// parseProxy reads a proxy setting as requests does
// (prepend_scheme_if_needed: no scheme means http://). Only http and https
// proxies are spoken; requests needs an extra package for socks.
func parseProxy(p string) (*url.URL, error) {
	if !strings.Contains(p, "://") {
		p = "http://" + p
	}
	u, err := url.Parse(p)
	if err != nil || u.Host == "" {
		return nil, errors.New("the proxy setting is not a URL (scheme://host:port)")
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, &ProxySchemeError{Scheme: u.Scheme}
	}
	return u, nil
}

// ProxySchemeError: the proxy's scheme is neither http nor https.
type ProxySchemeError struct{ Scheme string }

func (e *ProxySchemeError) Error() string {
	return "the proxy's scheme " + strconv.Quote(e.Scheme) + " is not supported; use an http:// or https:// proxy"
}

// inetAton is the C library's inet_aton, which Python's socket.inet_aton
// (and so requests' is_ipv4_address) calls: one to four numbers, decimal,
// octal (leading 0) or hex (0x), the last filling the remaining bytes.
// glibc also accepts anything after a space; hosts have none.
func inetAton(s string) (uint32, bool) {
	if i := strings.IndexAny(s, " \t\n\v\f\r"); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, ".")
	if len(parts) > 4 || s == "" {
		return 0, false
	}
	var vals []uint64
	for _, p := range parts {
		base := 10
		switch {
		case strings.HasPrefix(p, "0x") || strings.HasPrefix(p, "0X"):
			base, p = 16, p[2:]
			if p == "" {
				p = "0" // glibc reads "0x" as 0
			}
		case len(p) > 1 && p[0] == '0':
			base, p = 8, p[1:]
		}
		if p == "" {
			return 0, false
		}
		n, err := strconv.ParseUint(p, base, 32)
		if err != nil {
			return 0, false
		}
		vals = append(vals, n)
	}
	last := vals[len(vals)-1]
	var ip uint64
	for i, v := range vals[:len(vals)-1] {
		if v > 0xFF {
			return 0, false
		}
		ip |= v << (24 - 8*i)
	}
	if last >= 1<<(8*(5-len(vals))) {
		return 0, false
	}
	return uint32(ip | last), true
}

// validCIDR is requests.utils.is_valid_cidr: address/bits, bits 1 to 32.
func validCIDR(s string) (network uint32, bits int, ok bool) {
	if strings.Count(s, "/") != 1 {
		return 0, 0, false
	}
	addr, b, _ := strings.Cut(s, "/")
	n, err := strconv.Atoi(strings.TrimSpace(b))
	if err != nil || n < 1 || n > 32 {
		return 0, 0, false
	}
	ip, ok := inetAton(addr)
	return ip, n, ok
}
