package main

import (
	"encoding/base64"
	"path/filepath"
	"strings"
	"testing"
)

// urlPassword and urlKey are secrets pasted into a url's userinfo (or
// given where a url belongs): no command may print them.
const urlPassword = "Hunter2pw"

var urlKey = "ZENKEY_" + base64.StdEncoding.EncodeToString([]byte(
	`{"id":"5a7c6b8e-1d2e-4f00-8a11-00000000a11c","key":"`+strings.Repeat("c0ffee42", 8)+`"}`))

// urlSecretShown reports which secret text shows, "" when none does.
func urlSecretShown(text string) string {
	for _, s := range []string{urlPassword, urlKey, strings.TrimPrefix(urlKey, "ZENKEY_"), strings.Repeat("c0ffee42", 8)} {
		if strings.Contains(text, s) {
			return s
		}
	}
	return ""
}

// secretURLs are server urls that hold a secret: in the userinfo, with or
// without a scheme, in the query, or a bare password with no scheme.
var secretURLs = []struct{ name, url string }{
	{"a key as the password", "https://u:" + urlKey + "@h.example.com"},
	{"a key as the user name", "https://" + urlKey + "@h.example.com"},
	{"a password", "https://u:" + urlPassword + "@h.example.com"},
	{"a password with no scheme", "u:" + urlPassword + "@h.example.com"},
	{"a key with no scheme", "u:" + urlKey + "@h.example.com"},
	{"a bare password with no scheme", urlPassword},
	{"a password in the query", "https://h.example.com/?token=" + urlPassword},
}

// TestAURLsUserinfoIsNeverPrinted drives every command that prints or
// judges a profile's url, through the real command tree, with each url of
// secretURLs: neither the password nor the key may reach stdout or stderr.
func TestAURLsUserinfoIsNeverPrinted(t *testing.T) {
	realKey := "ZENKEY_" + base64.StdEncoding.EncodeToString([]byte(`{"id":"0e3f5c2a-0000-4000-8000-000000000001","key":"`+strings.Repeat("ab", 32)+`"}`))
	t.Setenv("K", realKey)
	for _, u := range secretURLs {
		cfg := writeFile(t, "config.yaml", "default: p\nprofiles:\n  p:\n    url: '"+u.url+"'\n    api_key: {env: K}\n  q:\n    url: https://q.example.com\n    api_key: {env: K}\n    push:\n      - gitlab: acme/train\n        token: {env: K}\n        api: '"+strings.Replace(u.url, "h.example.com", "gitlab.example.com", 1)+"'\n")
		dotenv := writeFile(t, ".env", "ZENML_STORE_URL="+u.url+"\n")
		commands := []struct {
			name string
			env  map[string]string
			args []string
		}{
			{"profile list", nil, []string{"profile", "list", "--config", cfg}},
			{"profile list --json", nil, []string{"profile", "list", "--json", "--config", cfg}},
			{"completion of -p", nil, []string{"__complete", "env", "bash", "--config", cfg, "-p", ""}},
			{"profile show", nil, []string{"profile", "show", "p", "--config", cfg}},
			{"profile show of a push api", nil, []string{"profile", "show", "q", "--config", cfg}},
			{"profile check", nil, []string{"profile", "check", "--config", cfg}},
			{"env from the profile", nil, []string{"env", "bash", "--config", cfg, "-p", "p"}},
			{"env --url", nil, []string{"env", "bash", "--no-config", "--url", u.url, "--api-key-env", "K"}},
			{"run --url", nil, []string{"run", "--no-config", "--url", u.url, "--api-key-env", "K", "--", "true"}},
			{"profile add --url", nil, []string{"profile", "add", "n", "--config", filepath.Join(t.TempDir(), "new.yaml"), "--url", u.url, "--api-key-env", "K"}},
			{"doctor --offline of the environment", map[string]string{"ZENML_STORE_URL": u.url, "ZENML_STORE_API_KEY": realKey}, []string{"doctor", "--offline"}},
			{"doctor --offline of the profile", nil, []string{"doctor", "--offline", "--config", cfg, "-p", "p"}},
			{"doctor --offline --url", nil, []string{"doctor", "--offline", "--no-config", "--url", u.url, "--api-key-env", "K"}},
			{"lint", nil, []string{"lint", dotenv}},
			{"lint --format json", nil, []string{"lint", "--format", "json", dotenv}},
		}
		for _, c := range commands {
			t.Run(u.name+"/"+c.name, func(t *testing.T) {
				for k, v := range c.env {
					t.Setenv(k, v)
				}
				code, stdout, stderr := zenv(t, "", c.args...)
				if stdout+stderr == "" {
					t.Fatalf("exit %d and no output: the command judged nothing", code)
				}
				if s := urlSecretShown(stdout); s != "" {
					t.Errorf("stdout (exit %d) shows %q:\n%s", code, s, stdout)
				}
				if s := urlSecretShown(stderr); s != "" {
					t.Errorf("stderr (exit %d) shows %q:\n%s", code, s, stderr)
				}
			})
		}
	}
}
