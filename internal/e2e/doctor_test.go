//go:build e2e

package e2e

import (
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDoctorAgainstARealZenMLServer runs `zenv doctor` against the real
// server the client tests use: the right key passes every check; a wrong
// key, a deactivated key, a deleted key and the article's names fail with
// the server's or doctor's own words; --format github prints annotations
// the runner accepts.
func TestDoctorAgainstARealZenMLServer(t *testing.T) {
	url, account, key, bin := zenmlServer(t)
	py := need(t, filepath.Join(bin, "python"))
	ver := version(py, "-c", "import zenml; print(zenml.__version__)")
	peer := "zenml server: zenv doctor"
	dir := t.TempDir()

	// The admin creates a second key, to deactivate and then delete.
	admin := baseEnv(dir, "ZENML_CONFIG_PATH="+filepath.Join(dir, "admin-config"),
		"ZENML_STORE_URL="+url, "ZENML_STORE_USERNAME=default", "ZENML_STORE_PASSWORD=", "COLUMNS=1000")
	zenmlCLI := func(args ...string) string {
		out, err := run(t, 2*time.Minute, admin, dir, filepath.Join(bin, "zenml"), args...)
		if err != nil {
			t.Fatalf("zenml %s: %v\n%s", strings.Join(args, " "), err, tail(out, 10))
		}
		return out
	}
	revoked := regexp.MustCompile(`ZENKEY_[A-Za-z0-9+/=]+`).FindString(zenmlCLI("service-account", "api-key", account, "create", "revoked"))
	if revoked == "" {
		t.Fatal("no key in the output of zenml service-account api-key create")
	}

	// doctor sees this process's environment; python3 from the venv
	// answers the client-version check.
	doctor := func(env []string, args ...string) (string, int) {
		t.Helper()
		cmdEnv := append([]string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")}, env...)
		out, stderr, code := zenv(t, cmdEnv, append([]string{"doctor", "--timeout", "20s"}, args...)...)
		for _, k := range []string{key, revoked} {
			if strings.Contains(out+stderr, k) {
				t.Errorf("a key reached doctor's output")
			}
		}
		return out + stderr, code
	}
	store := func(k string) []string { return []string{"ZENML_STORE_URL=" + url, "ZENML_STORE_API_KEY=" + k} }
	bogus := "ZENKEY_eyJpZCI6ICIzYTJlOWQ0Mi0xYjZjLTRlMGEtOWM1Ni0yZjhkN2U0YjFhMDAiLCAia2V5IjogIjAwIn0="

	check := func(name string, env []string, args []string, wantCode int, want ...string) {
		t.Run(name, func(t *testing.T) {
			out, code := doctor(env, args...)
			expectDoctor(t, peer, ver, out, code, wantCode, want...)
		})
	}

	check("the right key passes", store(key), nil, 0,
		"✓ health: "+url+" is up",
		"✓ server info: ZenML "+ver,
		"✓ client version: the zenml here ("+ver+") matches the server",
		"✓ login: the key logs in",
		`✓ account: logged in as service account "`+account+`"`,
		"0 failed")
	check("a wrong key fails with the server's message", store(bogus), nil, 1,
		"✗ api key: key id 3a2e9d42-1b6c-4e0a-9c56-2f8d7e4b1a00: holds a secret that is not the 64 hex digits",
		"✗ login: the server refused key id 3a2e9d42-1b6c-4e0a-9c56-2f8d7e4b1a00: Authentication error: error retrieving API key")
	zenmlCLI("service-account", "api-key", account, "update", "revoked", "--active", "false")
	check("a deactivated key fails", store(revoked), nil, 1,
		"✓ api key: key id",
		"is not active")
	zenmlCLI("service-account", "api-key", account, "delete", "revoked", "-y")
	check("a deleted key fails", store(revoked), nil, 1,
		"✗ login: the server refused key id",
		"error retrieving API key")
	check("the article's names fail and name the right ones", []string{"ZENML_URL=" + url, "ZENML_API_KEY=" + key}, nil, 1,
		"✗ ZENML_URL: ZenML does not read ZENML_URL → did you mean ZENML_STORE_URL?",
		"✗ ZENML_API_KEY: ZenML does not read ZENML_API_KEY → did you mean ZENML_STORE_API_KEY?",
		"✗ store: ZENML_STORE_URL is not set")
	check("a dashboard URL is not the server's root", []string{"ZENML_STORE_URL=" + url + "/projects", "ZENML_STORE_API_KEY=" + key}, nil, 1,
		"/api/v1/info answered an HTML page: this URL is not a ZenML server's root",
		"- login: not run: no ZenML server answered, so the key was not sent")
	check("an unknown project fails", append(store(key), "ZENML_ACTIVE_PROJECT_ID=3a2e9d42-1b6c-4e0a-9c56-2f8d7e4b1a00"), nil, 1,
		"✗ project: no project with id 3a2e9d42-1b6c-4e0a-9c56-2f8d7e4b1a00 on this server")

	keyFile := filepath.Join(dir, "zenml.key")
	os.WriteFile(keyFile, []byte(key+"\n"), 0o600)
	config := filepath.Join(dir, "config.yaml")
	os.WriteFile(config, []byte(fmt.Sprintf("profiles:\n  ci:\n    url: %s/\n    api_key: {file: %s}\n", url, keyFile)), 0o600)
	check("a profile passes", nil, []string{"--config", config, "-p", "ci"}, 0, "✓ login: the key logs in")

	// https: a TLS front (Go's test server, its own CA) before the real
	// server. doctor trusts what the client would: verify_ssl's bundle, or
	// certifi's of the venv's python3, which does not know this CA.
	backend, _ := neturl.Parse(url)
	front := httptest.NewUnstartedServer(httputil.NewSingleHostReverseProxy(backend))
	front.Config.ErrorLog = log.New(io.Discard, "", 0)
	front.StartTLS()
	defer front.Close()
	bundle := filepath.Join(dir, "ca.pem")
	os.WriteFile(bundle, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: front.Certificate().Raw}), 0o600)
	tlsStore := func(extra ...string) []string {
		return append([]string{"ZENML_STORE_URL=" + front.URL, "ZENML_STORE_API_KEY=" + key}, extra...)
	}
	check("https with the CA bundle passes", tlsStore("ZENML_STORE_VERIFY_SSL="+bundle), nil, 0,
		"✓ health: "+front.URL+" is up", "✓ login: the key logs in", `✓ account: logged in as service account "`+account+`"`)
	check("https with an unknown CA fails", tlsStore(), nil, 1,
		"✗ health: the server's certificate is not signed by a trusted authority")
	check("https without verification warns", tlsStore("ZENML_STORE_VERIFY_SSL=false"), nil, 0,
		"! verify_ssl: ZENML_STORE_VERIFY_SSL turns certificate verification off", "✓ login: the key logs in")

	t.Run("github annotations are valid workflow commands", func(t *testing.T) {
		out, code := doctor(store(bogus), "--format", "github")
		annotation := regexp.MustCompile(`^::(error|warning) title=[^:,\r\n]*::[^\r\n]*$`)
		ok := code == 1 && strings.Contains(out, "::error title=zenv doctor%3A login::the server refused key id")
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if strings.HasPrefix(l, "::") && !annotation.MatchString(l) {
				ok = false
				t.Errorf("not a valid annotation: %q", l)
			}
		}
		summary.record(peer, ver, ok)
		if !ok {
			t.Errorf("exit %d:\n%s", code, out)
		}
	})
}
