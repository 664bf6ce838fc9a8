//go:build e2e

package e2e

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// zenmlLogin logs in to a ZenML server with an API key and returns the
// status and the access token (on 200).
func zenmlLogin(t *testing.T, server, key string) (int, string) {
	t.Helper()
	resp, err := localHTTP.PostForm(server+"/api/v1/login", url.Values{"grant_type": {"zenml-api-key"}, "password": {key}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	return resp.StatusCode, tok.AccessToken
}

// zenmlTokenStatus is the status of GET /current-user with a bearer token.
func zenmlTokenStatus(t *testing.T, server, token string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", server+"/api/v1/current-user", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := localHTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestRotateOnARealZenMLServer rotates a service account's key on a real
// ZenML server and pushes each new key to a real Prefect server, where a
// flow run of a deployment made once with zenv's pull step reads the key
// of the day: a non-admin is told what is needed, an admin rotates with a
// retention window during which the old key still logs in and after which
// it does not, a second rotation inside the window is refused, and retain 0
// ends the old key and its bearer tokens at once.
func TestRotateOnARealZenMLServer(t *testing.T) {
	server, account, key, bin := zenmlServer(t)
	papi, penv, ppy, _ := prefectServer(t) // the destination the new key is pushed to
	ver := version(filepath.Join(bin, "python"), "-c", "import zenml; print(zenml.__version__)")
	peer := "zenml server (rotate)"
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "prod.key")
	os.WriteFile(keyFile, []byte(key+"\n"), 0o600)
	empty := filepath.Join(dir, "empty-password")
	os.WriteFile(empty, nil, 0o600)
	config := filepath.Join(dir, "config.yaml")
	os.WriteFile(config, []byte(fmt.Sprintf("profiles:\n  prod:\n    url: %s\n    api_key: {file: %s}\n    prefect_block: zenml-rotate-key\n    push:\n      - prefect: %s\n", server, keyFile, papi)), 0o600)
	block := func() string { return readPrefectBlock(t, penv, ppy, "zenml-rotate-key") }
	env := []string{"ZENV_CONFIG=" + config}
	admin := []string{"--admin-user", "default", "--admin-password-file", empty}
	readKey := func() string {
		b, _ := os.ReadFile(keyFile)
		return strings.TrimSpace(string(b))
	}
	check := func(ok bool, format string, args ...any) {
		t.Helper()
		summary.record(peer, ver, ok)
		if !ok {
			t.Errorf(format, args...)
		}
	}

	// The service account itself may not rotate on 0.98 without RBAC.
	out, stderr, code := zenv(t, env, "rotate", "-p", "prod")
	check(code == 2 && out == "" && strings.Contains(stderr, "IllegalOperationError") &&
		strings.Contains(stderr, "only an admin user may change service-account keys") && readKey() == key,
		"a non-admin's rotate: exit %d\n%s%s", code, out, stderr)

	// A deployment whose pull step is zenv's, deployed once: each flow run
	// reads the key the block holds when the run starts, the rotated one
	// after a rotation, with no redeploy.
	prefect, flowDir := filepath.Join(filepath.Dir(ppy), "prefect"), t.TempDir()
	saw, prefectYAML := filepath.Join(flowDir, "saw.json"), filepath.Join(flowDir, "prefect.yaml")
	os.WriteFile(filepath.Join(flowDir, "flow.py"), []byte(prefectFlow), 0o600)
	os.WriteFile(prefectYAML, []byte(fmt.Sprintf("name: zenv-rotate\npull:\n  - prefect.deployments.steps.set_working_directory:\n      directory: %s\ndeployments:\n  - name: rotated\n    entrypoint: flow.py:check\n    parameters: {out: %s}\n    work_pool: {name: e2e}\n", flowDir, saw)), 0o644)
	_, stderr, code = zenv(t, env, "push", "-p", "prod")
	check(code == 0 && block() == key, "push before the rotation: exit %d\n%s", code, stderr)
	_, stderr, code = zenv(t, env, "env", "prefect", "-p", "prod", "--into", prefectYAML, "--deployment", "rotated")
	check(code == 0, "zenv env prefect --into: exit %d\n%s", code, stderr)
	mustRun(t, time.Minute, penv, flowDir, prefect, "work-pool", "create", "e2e", "--type", "process")
	mustRun(t, 3*time.Minute, penv, flowDir, prefect, "--no-prompt", "deploy", "--all")
	flowKey := func() string { // the key a new flow run of the deployment saw
		t.Helper()
		os.Remove(saw)
		workerOut, werr := runFlows(t, penv, flowDir, prefect, "rotated")
		if seen, err := flowSaw(saw); err == nil && seen["ZENML_STORE_API_KEY"] != nil {
			return *seen["ZENML_STORE_API_KEY"]
		}
		t.Logf("the flow did not report; worker (%v):\n%s", werr, strings.NewReplacer(key, "<key>", readKey(), "<key>").Replace(tail(workerOut, 30)))
		return ""
	}
	check(flowKey() == key, "before the rotation the flow run did not see the key the block holds")

	// The old key's bearer token, taken before the rotation.
	_, oldToken := zenmlLogin(t, server, key)
	out, stderr, code = zenv(t, env, append([]string{"rotate", "-p", "prod", "--retain", "1m"}, admin...)...)
	// The server rotated before zenv returned: its window ends within a
	// minute of now, however long the preflight took on a loaded machine.
	rotatedBy := time.Now()
	key2 := readKey()
	check(code == 0 && key2 != key && strings.HasPrefix(key2, "ZENKEY_") && strings.Contains(stderr, "the old key keeps working until"),
		"rotate --retain 1m: exit %d\n%s%s", code, out, stderr)
	check(!strings.Contains(out+stderr, key) && !strings.Contains(out+stderr, key2), "a key reached zenv's output")
	// The schedules are listed per project without an error.
	check(!strings.Contains(stderr, "cannot list the account's schedules"), "listing schedules failed:\n%s", stderr)
	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		check(false, "the key file is not 0600 after the rotation: %v", err)
	}
	st, _ := zenmlLogin(t, server, key2)
	check(st == 200, "the new key does not log in: %d", st)
	check(strings.Contains(out, "prefect "+papi+" block zenml-rotate-key: written and verified: updated") && block() == key2,
		"the new key did not reach the Prefect block:\n%s", out)
	st, _ = zenmlLogin(t, server, key)
	check(st == 200, "inside the window the old key does not log in: %d", st)
	check(zenmlTokenStatus(t, server, oldToken) == 200, "inside the window the old key's token is refused")

	// A second rotation would end the first key at once: refused.
	_, stderr, code = zenv(t, env, append([]string{"rotate", "-p", "prod"}, admin...)...)
	check(code == 2 && strings.Contains(stderr, "a retention window is open until") && readKey() == key2,
		"a rotation inside the window: exit %d\n%s", code, stderr)

	// The deployment, unchanged, hands the next flow run the rotated key.
	check(flowKey() == key2, "after the rotation the flow run did not see the rotated key")

	// After the window the old key and its token are dead.
	time.Sleep(time.Until(rotatedBy.Add(65 * time.Second)))
	st, _ = zenmlLogin(t, server, key)
	check(st == 401, "after the window the old key still logs in: %d", st)
	check(zenmlTokenStatus(t, server, oldToken) == 401, "after the window the old key's token still works")

	// retain 0: the old key and the tokens made from it end at once.
	_, token2 := zenmlLogin(t, server, key2)
	out, stderr, code = zenv(t, env, append([]string{"rotate", "-p", "prod", "--retain", "0"}, admin...)...)
	key3 := readKey()
	check(code == 0 && key3 != key2 && strings.Contains(stderr, "the old key stopped working at the rotation"),
		"rotate --retain 0: exit %d\n%s%s", code, out, stderr)
	st, _ = zenmlLogin(t, server, key2)
	check(st == 401, "after retain 0 the old key still logs in: %d", st)
	check(zenmlTokenStatus(t, server, token2) == 401, "after retain 0 the old key's token still works")
	st, _ = zenmlLogin(t, server, key3)
	check(st == 200, "the newest key does not log in: %d", st)
	check(block() == key3, "the Prefect block does not hold the newest key")

	// replace: a second key, then the old one deactivated.
	out, stderr, code = zenv(t, env, append([]string{"rotate", "-p", "prod", "--strategy", "replace"}, admin...)...)
	key4 := readKey()
	check(code == 0 && key4 != key3 && strings.Contains(stderr, "is deactivated"), "rotate --strategy replace: exit %d\n%s%s", code, out, stderr)
	st, _ = zenmlLogin(t, server, key3)
	check(st == 401, "after replace the old key still logs in: %d", st)
	st, _ = zenmlLogin(t, server, key4)
	check(st == 200, "the replacement key does not log in: %d", st)
	check(block() == key4, "the Prefect block does not hold the replacement key")

	// A key that no longer logs in (here: rotated with retain 0, and the
	// profile still reads the old one, as after a lost answer): replace
	// finds its service account as admin, by the key id in the key.
	_, stderr, code = zenv(t, env, append([]string{"rotate", "-p", "prod", "--retain", "0"}, admin...)...)
	check(code == 0 && readKey() != key4, "rotate --retain 0 before the lockout: exit %d\n%s", code, stderr)
	os.WriteFile(keyFile, []byte(key4+"\n"), 0o600)
	out, stderr, code = zenv(t, env, append([]string{"rotate", "-p", "prod", "--strategy", "replace"}, admin...)...)
	key6 := readKey()
	check(code == 0 && key6 != key4 && strings.Contains(stderr, "no longer logs in; replacing it as admin user default"),
		"replace of a key that no longer logs in: exit %d\n%s%s", code, out, stderr)
	st, _ = zenmlLogin(t, server, key6)
	check(st == 200, "the key that replaced a dead one does not log in: %d", st)
	check(block() == key6, "the Prefect block does not hold the key that replaced a dead one")
	_ = account
}

// prefectServer starts a Prefect server on a free loopback port and
// returns its API url, an environment for its client, its python and
// its version.
func prefectServer(t *testing.T) (api string, env []string, py, ver string) {
	t.Helper()
	bin := filepath.Join(cacheDir, "venv-prefect", "bin")
	prefect := need(t, filepath.Join(bin, "prefect"))
	py = need(t, filepath.Join(bin, "python"))
	ver = version(py, "-c", "import prefect; print(prefect.__version__)")
	dir := t.TempDir()
	port := freePort(t)
	api = fmt.Sprintf("http://127.0.0.1:%d/api", port)
	env = baseEnv(dir, "PREFECT_HOME="+filepath.Join(dir, "prefect-home"), "PREFECT_API_URL="+api,
		"PREFECT_SERVER_ANALYTICS_ENABLED=false", "PREFECT_UI_ENABLED=false", "DO_NOT_TRACK=1")
	background(t, env, "prefect-server.log", prefect, "server", "start", "--host", "127.0.0.1", "--port", strconv.Itoa(port))
	waitHTTP(t, api+"/health", 3*time.Minute)
	return api, env, py, ver
}

// readPrefectBlock reads a Secret block's value with Prefect's own client.
func readPrefectBlock(t *testing.T, env []string, py, block string) string {
	t.Helper()
	out, err := run(t, time.Minute, env, t.TempDir(), py, "-c", `import sys; from prefect.blocks.system import Secret; print(Secret.load(sys.argv[1]).get())`, block)
	if err != nil {
		t.Logf("reading the block: %v\n%s", err, tail(out, 10))
	}
	return strings.TrimSpace(tail(out, 1))
}

// zenkey makes a well-formed ZenML key: its id and a fresh secret.
func zenkey(t *testing.T) string {
	b := make([]byte, 32)
	rand.Read(b)
	id := make([]byte, 16)
	rand.Read(id)
	h := hex.EncodeToString(id)
	uuid := h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:]
	payload, _ := json.Marshal(map[string]string{"id": uuid, "key": hex.EncodeToString(b)})
	return "ZENKEY_" + base64.StdEncoding.EncodeToString(payload)
}

// TestPushWritesAPrefectSecretBlock pushes to a real Prefect server: the
// block is created, then updated with the next key, and Prefect's own
// client reads back each key exactly.
func TestPushWritesAPrefectSecretBlock(t *testing.T) {
	api, penv, py, ver := prefectServer(t)
	peer := "prefect server (push)"
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "prod.key")
	config := filepath.Join(dir, "config.yaml")
	os.WriteFile(config, []byte(fmt.Sprintf("profiles:\n  prod:\n    url: https://zenml.example.com\n    api_key: {file: %s}\n    prefect_block: zenml-e2e-key\n    push:\n      - prefect: %s\n", keyFile, api)), 0o600)
	env := []string{"ZENV_CONFIG=" + config}
	read := func() string { return readPrefectBlock(t, penv, py, "zenml-e2e-key") }
	for i, want := range []string{"created", "updated"} {
		key := zenkey(t)
		os.WriteFile(keyFile, []byte(key+"\n"), 0o600)
		out, stderr, code := zenv(t, env, "push", "-p", "prod")
		ok := code == 0 && strings.Contains(out, "prefect "+api+" block zenml-e2e-key: written and verified: "+want) && read() == key
		summary.record(peer, ver, ok)
		if !ok {
			t.Errorf("push %d: exit %d\n%s%s", i+1, code, out, stderr)
		}
		if strings.Contains(out+stderr, key) {
			t.Errorf("the key reached zenv's output")
		}
	}
	out, stderr, code := zenv(t, env, "push", "-p", "prod", "--check")
	ok := code == 0 && strings.Contains(out, ": in sync")
	summary.record(peer, ver, ok)
	if !ok {
		t.Errorf("push --check after a push: exit %d\n%s%s", code, out, stderr)
	}
	os.WriteFile(keyFile, []byte(zenkey(t)+"\n"), 0o600)
	out, _, code = zenv(t, env, "push", "-p", "prod", "--check")
	ok = code == 1 && strings.Contains(out, ": drift: the block holds another value")
	summary.record(peer, ver, ok)
	if !ok {
		t.Errorf("push --check with another key: exit %d\n%s", code, out)
	}
}
