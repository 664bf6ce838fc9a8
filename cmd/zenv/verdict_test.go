package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/zenml"
)

// verdictCase is one input, given to zenv env, zenv lint and zenv doctor
// --offline as each takes it: a variable (name and value), the server URL,
// verify_ssl, or the key.
type verdictCase struct {
	name      string
	url       string // ZENML_STORE_URL; "" for the good one
	key       string // ZENML_STORE_API_KEY; "" for the good one
	verifySSL string // ZENML_STORE_VERIFY_SSL; "" for unset
	set       string // NAME=VALUE, another variable
}

const goodURL = "https://zenml.example.com"

// problems are zenml's problems with the case's input, in zenml's order:
// the URL, verify_ssl, the variable's name and value, the key.
func (c verdictCase) problems() []zenml.Problem {
	var out []zenml.Problem
	if c.url != "" {
		_, ps := zenml.ParseStoreURL(c.url)
		out = append(out, ps...)
	}
	if c.verifySSL != "" {
		_, ps := zenml.ParseVerifySSL(c.verifySSL)
		out = append(out, ps...)
	}
	if c.set != "" {
		n, v, _ := strings.Cut(c.set, "=")
		if p := zenml.Name(n).Problem(); p != nil {
			out = append(out, *p)
		} else {
			out = append(out, zenml.CheckValue(n, v)...)
		}
	}
	if c.key != "" {
		_, ps := zenml.ParseKey(c.key)
		out = append(out, ps...)
	}
	return out
}

// TestEnvLintAndDoctorGiveTheSameVerdicts drives the same inputs through
// zenv env, zenv lint and zenv doctor --offline, in process through their
// real commands, and fails when their verdicts differ: each reports a
// problem by internal/zenml's code (doctor and lint in their JSON, env by
// zenml's message on stderr), at the level zenml.Severity gives it, and
// nothing where zenml finds nothing. Issue 15 saw three verdicts on
// ZENML_PRO_API_URL and https://h/API/V1.
func TestEnvLintAndDoctorGiveTheSameVerdicts(t *testing.T) {
	for _, kv := range os.Environ() {
		if n, _, _ := strings.Cut(kv, "="); strings.HasPrefix(n, "ZENML_") {
			t.Setenv(n, "") // restored after the test
			os.Unsetenv(n)
		}
	}
	id := "3a2e9d42-1b6c-4e0a-9c56-2f8d7e4b1a00"
	hex64 := strings.Repeat("0123456789abcdef", 4)
	keyOf := func(json string) string { return zenml.KeyPrefix + base64.StdEncoding.EncodeToString([]byte(json)) }
	cases := []verdictCase{
		{name: "all good"},
		// Names.
		{name: "ZENML_PRO_API_URL is a client setting", set: "ZENML_PRO_API_URL=https://pro.example.com"},
		{name: "ZENML_PRO_API_URL is checked as a URL", set: "ZENML_PRO_API_URL=http://pro.example.com"},
		{name: "ZENML_PRO_URL is the Pro dashboard", set: "ZENML_PRO_URL=https://cloud.zenml.io"},
		{name: "ZENML_URL", set: "ZENML_URL=" + goodURL},
		{name: "ZENML_SERVER_URL", set: "ZENML_SERVER_URL=" + goodURL},
		{name: "a misspelt store field", set: "ZENML_STORE_VERIFYSSL=true"},
		{name: "an internal name", set: "ZENML_SERVER=true"},
		{name: "an unknown name", set: "ZENML_FEATURE_X=1"},
		// URLs.
		{name: "the api suffix in capitals", url: "https://h.example.com/API/V1"},
		{name: "the api suffix", url: goodURL + "/api/v1"},
		{name: "a dashboard page", url: goodURL + "/workspaces/default"},
		{name: "a project page", url: goodURL + "/projects/default/pipelines"},
		{name: "zenml pro's dashboard", url: "https://cloud.zenml.io/"},
		{name: "plain http to a remote host", url: "http://zenml.example.com"},
		{name: "plain http to this machine", url: "http://127.0.0.1:8237"},
		{name: "an upper-case scheme", url: "HTTPS://zenml.example.com"},
		{name: "no scheme", url: "zenml.example.com"},
		{name: "a port out of range", url: "https://zenml.example.com:99999"},
		{name: "a reverse proxy's path", url: "https://tools.example.com/zenml"},
		// Booleans and values.
		{name: "a boolean", set: "ZENML_ANALYTICS_OPT_IN=FALSE"},
		{name: "not a boolean", set: "ZENML_ANALYTICS_OPT_IN=nope"},
		{name: "verify_ssl typo", verifySSL: "ture"},
		{name: "verify_ssl off", verifySSL: "false"},
		{name: "a logging level", set: "ZENML_LOGGING_VERBOSITY=WARNING"},
		{name: "a project name", set: "ZENML_ACTIVE_PROJECT_ID=default"},
		// Key shapes.
		{name: "not a key", key: "sk-123"},
		{name: "not base64", key: zenml.KeyPrefix + "!!!"},
		{name: "no id and key", key: keyOf(`{}`)},
		{name: "an id that is not a UUID", key: keyOf(`{"id": "robot", "key": "` + hex64 + `"}`)},
		{name: "a cut secret", key: keyOf(`{"id": "` + id + `", "key": "00"}`)},
		{name: "a Pro key", key: zenml.ProKeyPrefix + "abcdefabcdef"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := c.problems()
			env, envOK := envVerdict(t, c, want)
			lint := lintVerdict(t, c)
			doctor := doctorVerdict(t, c)
			for _, got := range []struct {
				cmd   string
				codes []string
			}{{zenml.CmdEnv, env}, {zenml.CmdLint, lint}, {zenml.CmdDoctor, doctor}} {
				if exp := expected(want, got.cmd, c); !slices.Equal(got.codes, exp) {
					t.Errorf("zenv %s reports %v, want %v (zenml: %v; env %v, lint %v, doctor %v)", got.cmd, got.codes, exp, codesOf(want), env, lint, doctor)
				}
			}
			if !envOK {
				t.Errorf("zenv env's exit status disagrees with zenml.Severity")
			}
		})
	}
}

func codesOf(ps []zenml.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, string(p.Code))
	}
	return out
}

// expected is what cmd reports of zenml's problems: env reports the first
// one it does not ignore (a refusal is one line; a key gets one warning);
// lint every one it does not ignore in the variable the file sets (it does
// not see the key source); doctor every one.
func expected(want []zenml.Problem, cmd string, c verdictCase) []string {
	var out []string
	for _, p := range want {
		if zenml.Severity(p.Code, cmd) == zenml.Ignore {
			continue
		}
		out = append(out, string(p.Code))
		if cmd == zenml.CmdEnv {
			break
		}
	}
	slices.Sort(out)
	return out
}

// envVerdict runs zenv env bash and returns the codes of zenml's problems
// whose message it printed, and whether its exit status is the one
// zenml.Severity asks for (2 for a Fail, else 0).
func envVerdict(t *testing.T, c verdictCase, want []zenml.Problem) ([]string, bool) {
	key := c.key
	if key == "" {
		key = wellFormed
	}
	t.Setenv("ZK", key)
	url := c.url
	if url == "" {
		url = goodURL
	}
	args := []string{"env", "bash", "--no-config", "--url", url, "--api-key-env", "ZK"}
	if c.verifySSL != "" {
		args = append(args, "--verify-ssl", c.verifySSL)
	}
	if n, v, _ := strings.Cut(c.set, "="); zenml.Name(n).Field != "" {
		// A variable a profile field sets is given as the field's flag.
		args = append(args, "--"+strings.ReplaceAll(zenml.Name(n).Field, "_", "-"), v)
	} else if c.set != "" {
		args = append(args, "--set", c.set)
	}
	code, _, stderr := zenv(t, "", args...)
	var got []string
	fail := false
	for _, p := range want {
		if strings.Contains(stderr, p.Message) {
			got = append(got, string(p.Code))
		}
		fail = fail || zenml.Severity(p.Code, zenml.CmdEnv) == zenml.Fail
	}
	slices.Sort(got)
	ok := code == 0 && !fail || code == 2 && fail
	if !ok {
		t.Logf("zenv env: exit %d, stderr %q", code, stderr)
	}
	return got, ok
}

// lintVerdict writes the case's variable into a .env file and returns the
// codes of zenv lint's findings.
func lintVerdict(t *testing.T, c verdictCase) []string {
	var lines []string
	for _, kv := range []string{"ZENML_STORE_URL=" + c.url, "ZENML_STORE_VERIFY_SSL=" + c.verifySSL, c.set} {
		if n, v, _ := strings.Cut(kv, "="); n != "" && v != "" {
			lines = append(lines, kv)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".env"), []byte(strings.Join(lines, "\n")+"\n"), 0o600)
	_, stdout, stderr := zenv(t, "", "lint", "--format", "json", dir)
	var report struct {
		Findings []struct{ Code string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("zenv lint --format json: %v\n%s%s", err, stdout, stderr)
	}
	var got []string
	for _, f := range report.Findings {
		if f.Code != "" {
			got = append(got, f.Code)
		}
	}
	slices.Sort(got)
	return got
}

// doctorVerdict sets the case's variables in the process environment and
// returns the codes of zenv doctor --offline's checks that did not pass.
func doctorVerdict(t *testing.T, c verdictCase) []string {
	url, key := c.url, c.key
	if url == "" {
		url = goodURL
	}
	if key == "" {
		key = wellFormed
	}
	vars := map[string]string{zenml.StoreURL: url, zenml.StoreAPIKey: key}
	if c.verifySSL != "" {
		vars[zenml.StoreVerifySSL] = c.verifySSL
	}
	if n, v, ok := strings.Cut(c.set, "="); ok {
		vars[n] = v
	}
	for n, v := range vars {
		t.Setenv(n, v)
	}
	_, stdout, stderr := zenv(t, "", "doctor", "--offline", "--format", "json")
	var report struct {
		Checks []struct{ Status, Code string } `json:"checks"`
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("zenv doctor --format json: %v\n%s%s", err, stdout, stderr)
	}
	var got []string
	for _, r := range report.Checks {
		if r.Code != "" && r.Status != "pass" {
			got = append(got, r.Code)
		}
	}
	for n := range vars {
		os.Unsetenv(n) // t.Setenv restores them after the test; the next case starts clean
	}
	slices.Sort(got)
	return got
}
