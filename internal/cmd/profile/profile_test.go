package profile

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	gokeyring "github.com/zalando/go-keyring"

	"github.com/zenv-dev/zenv/internal/cmd/key"
	"github.com/zenv-dev/zenv/internal/cmdutil"
	zprofile "github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"

	"github.com/spf13/cobra"
)

const testKey = "ZENKEY_eyJpZCI6ICIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCAia2V5IjogIjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAifQ=="

// zenv runs a profile or key command against config, with env as the
// environment and stdin as standard input; it returns stdout, stderr and
// the error.
func zenv(t *testing.T, config string, env map[string]string, stdin string, args ...string) (string, string, error) {
	t.Helper()
	io, in, out, errOut := teststreams.New()
	in.WriteString(stdin)
	getenv := func(k string) string {
		if k == "ZENV_CONFIG" {
			return config
		}
		return env[k]
	}
	f := &cmdutil.Factory{
		IOStreams: io, Getenv: getenv, Redactor: &redact.Redactor{},
		ProfileSource: func(c, p string) zprofile.Source {
			s := zprofile.OSSource(c, p)
			s.Getenv = getenv
			return s
		},
	}
	root := &cobra.Command{Use: "zenv", SilenceErrors: true, SilenceUsage: true}
	root.AddCommand(NewCmdProfile(f), key.NewCmdKey(f))
	root.SetArgs(args)
	root.SetOut(out)
	root.SetErr(errOut)
	err := root.Execute()
	if err == nil {
		f.FlushWarnings() // as main does
	}
	return out.String(), errOut.String(), err
}

func TestAddListShowUseRenameRemove(t *testing.T) {
	config := filepath.Join(t.TempDir(), "config.yaml")
	keyFile := filepath.Join(t.TempDir(), "k")
	os.WriteFile(keyFile, []byte(testKey+"\n"), 0o600)
	steps := []struct {
		args    []string
		wantOut string
		wantErr string
	}{
		{[]string{"profile", "add", "prod", "--url", "https://zenml.example.com/", "--api-key-file", keyFile, "--set", "ZENML_ANALYTICS_OPT_IN=false", "--github-environment", "production"}, "", ""},
		{[]string{"profile", "add", "dev", "--url", "http://localhost:8237", "--api-key-env", "DEV_KEY"}, "", ""},
		{[]string{"profile", "add", "dev", "--url", "http://localhost:8237", "--api-key-env", "DEV_KEY"}, "", `profile "dev" already exists in ` + config + "; pass --force"},
		{[]string{"profile", "add", "bad", "--url", "https://x.example.com", "--api-key-env", "K", "--project", "default"}, "", `--project: project "default" is not a UUID`},
		{[]string{"profile", "add", "bad", "--url", "https://x.example.com", "--keyring"}, "", "--keyring stores the key read with --api-key-stdin"},
		{[]string{"profile", "use", "dev"}, "", ""},
		{[]string{"profile", "list"}, "  prod  https://zenml.example.com\n* dev   http://localhost:8237\n", ""},
		{[]string{"profile", "show", "prod"}, "00000000-0000-4000-8000-000000000001\n", ""},
		{[]string{"profile", "rename", "dev", "local"}, "", ""},
		{[]string{"profile", "list", "--json"}, `"name": "local",` + "\n    \"default\": true,", ""},
		{[]string{"profile", "rename", "local", "prod"}, "", `profile "prod" already exists`},
		{[]string{"profile", "remove", "local"}, "", ""},
		{[]string{"profile", "use", "local"}, "", `has no profile "local"; profiles: prod`},
		{[]string{"profile", "list"}, "  prod  https://zenml.example.com\n", ""},
	}
	for _, s := range steps {
		out, _, err := zenv(t, config, nil, "", s.args...)
		switch {
		case s.wantErr != "" && (err == nil || !strings.Contains(err.Error(), s.wantErr)):
			t.Errorf("%v: err = %v, want %q", s.args, err, s.wantErr)
		case s.wantErr == "" && err != nil:
			t.Errorf("%v: %v", s.args, err)
		case !strings.Contains(out, s.wantOut):
			t.Errorf("%v: stdout\n%s\nwant it to hold\n%s", s.args, out, s.wantOut)
		}
		if strings.Contains(out, testKey) {
			t.Errorf("%v printed the key", s.args)
		}
	}
	body, _ := os.ReadFile(config)
	want := "profiles:\n  prod:\n    url: https://zenml.example.com\n    api_key: {file: " + keyFile + "}\n    env:\n      ZENML_ANALYTICS_OPT_IN: \"false\"\n    github_environment: production\n"
	if string(body) != want {
		t.Errorf("config file:\n%s\nwant:\n%s", body, want)
	}
}

func TestAddWithKeyringStoresKeyAndReference(t *testing.T) {
	gokeyring.MockInit()
	config := filepath.Join(t.TempDir(), "config.yaml")
	_, stderr, err := zenv(t, config, nil, testKey+"\n", "profile", "add", "prod", "--url", "https://zenml.example.com", "--api-key-stdin", "--keyring")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := gokeyring.Get("zenv", "prod"); got != testKey {
		t.Errorf("keyring holds %q", got)
	}
	body, _ := os.ReadFile(config)
	if !strings.Contains(string(body), "api_key: {keyring: prod}") || strings.Contains(string(body)+stderr, testKey) {
		t.Errorf("config:\n%s\nstderr: %s", body, stderr)
	}
	out, _, err := zenv(t, config, nil, "", "key", "list")
	if err != nil || out != "prod\n" {
		t.Errorf("key list: %q %v", out, err)
	}
	// The keyring is not touched when the profile cannot be written.
	gokeyring.Set("zenv", "prod", "old")
	_, _, err = zenv(t, config, nil, testKey+"\n", "profile", "add", "prod", "--url", "https://zenml.example.com", "--api-key-stdin", "--keyring")
	if got, _ := gokeyring.Get("zenv", "prod"); err == nil || got != "old" {
		t.Errorf("err %v, keyring holds %q", err, got)
	}
}

func TestAKeyringFailureLeavesTheFileAlone(t *testing.T) {
	gokeyring.MockInitWithError(errors.New("no secret service"))
	config := filepath.Join(t.TempDir(), "config.yaml")
	_, _, err := zenv(t, config, nil, testKey, "profile", "add", "prod", "--url", "https://zenml.example.com", "--api-key-stdin", "--keyring")
	if err == nil || !strings.Contains(err.Error(), "no secret service") {
		t.Errorf("err = %v", err)
	}
	if _, err := os.Stat(config); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the config file was written: %v", err)
	}
}

func TestKeyCommands(t *testing.T) {
	gokeyring.MockInit()
	if _, _, err := zenv(t, "", nil, testKey+"\n", "key", "set", "prod"); err != nil {
		t.Fatal(err)
	}
	out, _, err := zenv(t, "", nil, "", "key", "get", "prod")
	if err != nil || out != testKey+"\n" {
		t.Errorf("key get: %v", err)
	}
	if _, _, err := zenv(t, "", nil, "", "key", "set", "a b"); err == nil {
		t.Errorf("a bad name was accepted")
	}
	if _, _, err := zenv(t, "", nil, "", "key", "rm", "prod"); err != nil {
		t.Error(err)
	}
	if _, _, err := zenv(t, "", nil, "", "key", "rm", "prod"); err == nil || !strings.Contains(err.Error(), "zenv key set prod") {
		t.Errorf("rm twice: %v", err)
	}
}

func TestImportZenML(t *testing.T) {
	fixture, _ := filepath.Abs("../../zenmlimport/testdata")
	for _, tc := range []struct {
		name    string
		args    []string
		file    string // in the config file
		stderr  string
		wantErr string
	}{
		{"literal by default, and said so", []string{"--zenml-config", fixture + "/real-api-key"},
			"  127.0.0.1-18237:\n    url: http://127.0.0.1:18237\n    api_key: {value: " + testKey + "}\n    project: fa20b1cc-1b94-43de-a517-62698f86f1ce\n    stack: 02ac9c80-7c1a-4fb5-96bd-2df1314033d3\n",
			"the key is written in the config file itself", ""},
		{"by env reference", []string{"--zenml-config", fixture + "/real-api-key", "--name", "local", "--api-key-env", "ZENML_LOCAL_KEY"},
			"  local:\n    url: http://127.0.0.1:18237\n    api_key: {env: ZENML_LOCAL_KEY}\n", "which you must export", ""},
		{"several servers", []string{"--zenml-config", fixture + "/mixed", "--keyring"},
			"  1a2b3c4d-zenml.cloudinfra.zenml.io:\n    url: https://1a2b3c4d-zenml.cloudinfra.zenml.io\n    api_key: {keyring: 1a2b3c4d-zenml.cloudinfra.zenml.io}\n  zenml.corp.example.com:\n    url: https://zenml.corp.example.com\n    api_key: {keyring: zenml.corp.example.com}\n    verify_ssl: /home/me/.config/zenml/local_stores/certificates/ca_bundle.pem\n",
			"not imported: https://staging.example.com: logged in with a username and password", ""},
		{"--server picks one", []string{"--zenml-config", fixture + "/mixed", "--server", "https://zenml.corp.example.com/", "--name", "corp", "--api-key-env", "ZENML_CORP_KEY"},
			"  corp:\n    url: https://zenml.corp.example.com\n    api_key: {env: ZENML_CORP_KEY}\n", "imported profile corp", ""},
		{"--name needs one server", []string{"--zenml-config", fixture + "/mixed", "--name", "x"}, "", "", "pick one with --server URL"},
		{"nothing importable", []string{"--zenml-config", fixture + "/real-password"}, "", "", "holds no server the client reaches with an API key; skipped: http://127.0.0.1:18237: logged in with a username and password"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gokeyring.MockInit()
			config := filepath.Join(t.TempDir(), "config.yaml")
			_, stderr, err := zenv(t, config, nil, "", append([]string{"profile", "import", "zenml"}, tc.args...)...)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("err = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			body, _ := os.ReadFile(config)
			if !strings.Contains(string(body), tc.file) || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("config:\n%s\nstderr:\n%s", body, stderr)
			}
			if strings.Contains(stderr, "ZENKEY_") || strings.Contains(stderr, "ZENPROKEY_") {
				t.Errorf("stderr shows a key: %s", stderr)
			}
			if got, _ := gokeyring.Get("zenv", "1a2b3c4d-zenml.cloudinfra.zenml.io"); strings.Contains(tc.file, "keyring") && got != "ZENPROKEY_notarealkey" {
				t.Errorf("the Pro key was not stored: %q", got)
			}
		})
	}
}

func TestImportWritesAPrivateKeyFile(t *testing.T) {
	fixture, _ := filepath.Abs("../../zenmlimport/testdata/real-api-key")
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "keys", "local.key")
	if _, _, err := zenv(t, filepath.Join(dir, "config.yaml"), nil, "", "profile", "import", "zenml", "--zenml-config", fixture, "--api-key-file", keyFile); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(keyFile)
	b, _ := os.ReadFile(keyFile)
	if err != nil || fi.Mode().Perm() != 0o600 || string(b) != testKey+"\n" {
		t.Errorf("key file: %v %v", fi, err)
	}
	_, _, err = zenv(t, filepath.Join(dir, "config2.yaml"), nil, "", "profile", "import", "zenml", "--zenml-config", fixture, "--api-key-file", keyFile)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("an existing key file was replaced: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "config2.yaml")); err == nil {
		t.Errorf("the config file was written though the key file was not")
	}
}

// TestImportWritesNoProfileEnvWouldRefuse: a crafted credentials.yaml
// (a url with a query, a two-line key) must not become a profile that
// every other command refuses (found by the attack review).
func TestImportWritesNoProfileEnvWouldRefuse(t *testing.T) {
	zc := t.TempDir()
	os.WriteFile(filepath.Join(zc, "config.yaml"), []byte("store:\n  type: rest\n  url: https://a.example.com/path?x=1\n"), 0o600)
	os.WriteFile(filepath.Join(zc, "credentials.yaml"), []byte("https://a.example.com/path?x=1:\n  url: https://a.example.com/path?x=1\n  api_key: ZENKEY_eyJpZCI6ICJ4In0=\n"), 0o600)
	config := filepath.Join(t.TempDir(), "config.yaml")
	_, _, err := zenv(t, config, nil, "", "profile", "import", "zenml", "--zenml-config", zc)
	if err == nil || !strings.Contains(err.Error(), "would not load, so nothing was written") {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(config); err == nil {
		t.Errorf("the config file was written")
	}
}

// TestShowNeverPrintsACredential: a password set as an extra is a
// credential like the key (found in review: show printed it).
func TestShowNeverPrintsACredential(t *testing.T) {
	config := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(config, []byte("profiles:\n  p:\n    url: https://zenml.example.com\n    env:\n      ZENML_STORE_USERNAME: robot\n      ZENML_STORE_PASSWORD: hunter2-very-secret\n"), 0o600)
	out, stderr, err := zenv(t, config, nil, "", "profile", "show", "p")
	if err != nil || strings.Contains(out+stderr, "hunter2") || !strings.Contains(out, "robot") {
		t.Errorf("err %v, stdout:\n%s", err, out)
	}
}

// TestShowListsPushDestinationsWithoutTheirTokens: a destination's token
// is a credential; show says where it is read from, as text and as JSON.
func TestShowListsPushDestinationsWithoutTheirTokens(t *testing.T) {
	config := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(config, []byte("profiles:\n  p:\n    url: https://zenml.example.com\n    push:\n      - github: acme/train\n        token: {value: ghp_very-secret-token}\n      - gitlab: acme/train\n        token: {env: GITLAB_TOKEN}\n        environment_scope: production\n"), 0o600)
	github := "github acme/train, token written in the config file (" + config + ":6)"
	gitlab := "gitlab acme/train, environment scope production, token from environment variable GITLAB_TOKEN"
	out, stderr, err := zenv(t, config, nil, "", "profile", "show", "p")
	if err != nil || strings.Contains(out+stderr, "very-secret") ||
		!strings.Contains(out, "push:    "+github+"\n") || !strings.Contains(out, "push:    "+gitlab+"\n") {
		t.Errorf("err %v, stdout:\n%s", err, out)
	}
	out, stderr, err = zenv(t, config, nil, "", "profile", "show", "p", "--json")
	var s struct{ Push []string }
	if err != nil || strings.Contains(out+stderr, "very-secret") || json.Unmarshal([]byte(out), &s) != nil ||
		!slices.Equal(s.Push, []string{github, gitlab}) {
		t.Errorf("err %v, stdout:\n%s", err, out)
	}
}

type zprofileSource = zprofile.Source

func zprofileOS(config string) zprofile.Source { return zprofile.OSSource(config, "") }
