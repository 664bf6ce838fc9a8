package httpclient

import (
	"encoding/json"
	"net/url"
	"os/exec"
	"strings"
	"testing"
)

// proxyOracle asks Python's requests (urllib.request underneath), on the
// python3 of this machine, which proxy each URL would get under each
// environment: the function the ZenML client really calls.
const proxyOracle = `import json, os, sys
cases = json.load(sys.stdin)
try:
    import requests.utils as ru
except ImportError:
    ru = None
import urllib.request as ur
out = []
for case in cases:
    os.environ.clear()
    for k, v in case["env"]:
        os.environ[k] = v
    res = {"proxies": ur.getproxies_environment(), "urls": []}
    for u in case["urls"]:
        host = ur.urlparse(u).hostname or ""
        r = {"bypass": bool(ur.proxy_bypass_environment(host))}
        if ru is not None:
            r["proxy"] = ru.select_proxy(u, ru.get_environ_proxies(u, None)) or ""
        res["urls"].append(r)
    out.append(res)
json.dump({"requests": ru is not None, "cases": out}, sys.stdout)
`

func TestProxiesAreChosenAsPythonRequestsChoosesThem(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 to ask")
	}
	urls := []string{
		"https://zenml.example.com", "http://zenml.example.com:8080/api", "https://api.example.com:8443",
		"https://badexample.com", "https://10.1.2.3", "https://127.0.0.1:8237", "http://localhost:8237",
		"https://192.168.7.9", "https://Zenml.Internal.Corp", "https://[::1]:443", "https://h.corp:443",
	}
	type tcase struct {
		Env  [][2]string `json:"env"`
		URLs []string    `json:"urls"`
	}
	envs := [][][2]string{
		{},
		{{"HTTPS_PROXY", "http://upper:3128"}},
		{{"https_proxy", "http://lower:3128"}, {"HTTPS_PROXY", "http://upper:3128"}},
		{{"HTTPS_PROXY", "http://upper:3128"}, {"https_proxy", "http://lower:3128"}},
		{{"Https_Proxy", "http://mixed:3128"}},
		{{"hTTPS_pROXY", "http://mixed2:3128"}, {"HTTPS_PROXY", "http://upper:3128"}},
		{{"HTTPS_PROXY", "http://upper:3128"}, {"hTTPS_pROXY", "http://mixed2:3128"}},
		{{"All_Proxy", "http://all:3128"}},
		{{"ALL_PROXY", "socks5://all:1080"}, {"HTTP_PROXY", "proxy.local:8080"}},
		{{"HTTPS_PROXY", "http://upper:3128"}, {"https_proxy", ""}},
		{{"HTTPS_PROXY", "https://user:pass@secure:3129"}, {"NO_PROXY", "example.com"}},
		{{"https_proxy", "http://p:1"}, {"no_proxy", ".example.com,10.0.0.0/8"}},
		{{"https_proxy", "http://p:1"}, {"NO_PROXY", "*"}},
		{{"https_proxy", "http://p:1"}, {"No_Proxy", "*"}},
		{{"https_proxy", "http://p:1"}, {"no_proxy", ""}, {"NO_PROXY", "api.example.com:8443, 192.168.7.9"}},
		{{"https_proxy", "http://p:1"}, {"no_proxy", "ZENML.internal.corp"}},
		{{"https_proxy", "http://p:1"}, {"no_proxy", "localhost,127.0.0.1"}},
		{{"https_proxy", "http://p:1"}, {"no_proxy", "127.0.0.0/8"}},
		{{"https_proxy", "http://p:1"}, {"no_proxy", "h.corp:443"}},
		{{"https_proxy", "http://p:1"}, {"no_proxy", "::1"}},
		{{"HTTP_PROXY", "http://cgi:1"}, {"REQUEST_METHOD", "GET"}},
		{{"http_proxy", "http://cgi-lower:1"}, {"REQUEST_METHOD", "GET"}},
		{{"https_proxy", "http://p:1"}, {"no_proxy", "10.1/16"}},
	}
	var cases []tcase
	for _, e := range envs {
		cases = append(cases, tcase{Env: e, URLs: urls})
	}
	in, _ := json.Marshal(cases)
	cmd := exec.Command(py, "-I", "-c", proxyOracle)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var oracle struct {
		Requests bool `json:"requests"`
		Cases    []struct {
			Proxies map[string]string `json:"proxies"`
			URLs    []struct {
				Bypass bool   `json:"bypass"`
				Proxy  string `json:"proxy"`
			} `json:"urls"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(out, &oracle); err != nil {
		t.Fatalf("python3 answered %q: %v", out, err)
	}
	if !oracle.Requests {
		t.Log("python3 has no requests: comparing urllib's functions only")
	}
	for i, c := range cases {
		var environ []string
		for _, kv := range c.Env {
			environ = append(environ, kv[0]+"="+kv[1])
		}
		env := parseEnviron(environ)
		proxies := getproxiesEnvironment(env)
		if got, want := proxies, oracle.Cases[i].Proxies; !equalMaps(got, want) {
			t.Errorf("env %v: getproxies_environment = %v, Python %v", c.Env, got, want)
		}
		for j, raw := range c.URLs {
			u, _ := url.Parse(raw)
			want := oracle.Cases[i].URLs[j]
			if got := proxyBypassEnvironment(strings.ToLower(u.Hostname()), proxies); got != want.Bypass {
				t.Errorf("env %v, %s: proxy_bypass_environment = %v, Python %v", c.Env, raw, got, want.Bypass)
			}
			if oracle.Requests {
				if got := selectProxy(env, proxies, u); got != want.Proxy {
					t.Errorf("env %v, %s: proxy %q, Python's requests %q", c.Env, raw, got, want.Proxy)
				}
			}
		}
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestInetAtonReadsWhatTheCLibraryReads(t *testing.T) {
	for s, want := range map[string]uint32{
		"127.0.0.1": 0x7f000001, "127.1": 0x7f000001, "10.1.2": 0x0a010002, "0x7f.1": 0x7f000001,
		"017.0.0.1": 0x0f000001, "4294967295": 0xffffffff, "1.2.3.4": 0x01020304,
	} {
		if got, ok := inetAton(s); !ok || got != want {
			t.Errorf("inetAton(%q) = %#x, %v; want %#x", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "example.com", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", "08.1.1.1", "1..2", "::1"} {
		if _, ok := inetAton(s); ok {
			t.Errorf("inetAton(%q) accepted", s)
		}
	}
}

func TestAProxyOtherThanHTTPIsRefusedNotIgnored(t *testing.T) {
	p := ProxyFromEnvironment([]string{"ALL_PROXY=socks5://h:1080"})
	u, _ := url.Parse("https://zenml.example.com")
	if _, err := p(u); err == nil || Classify(err) != KindProxy {
		t.Errorf("a socks proxy: err %v, want a proxy error", err)
	}
	p = ProxyFromEnvironment([]string{"HTTPS_PROXY=proxy.local:3128"})
	if got, err := p(u); err != nil || got.String() != "http://proxy.local:3128" {
		t.Errorf("a proxy without scheme = %v, %v; want http://proxy.local:3128", got, err)
	}
}
