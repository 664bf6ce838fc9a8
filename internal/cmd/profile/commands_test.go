package profile

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gokeyring "github.com/zalando/go-keyring"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	oskeyring "github.com/zenv-dev/zenv/internal/keyring"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
)

func TestAddRefusesWhatZenvEnvWouldRefuse(t *testing.T) {
	config := filepath.Join(t.TempDir(), "config.yaml")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--url", "https://x.example.com"}, "profile nokey would have no api key source, and zenv env would refuse it"},
		{[]string{"--url", "https://x.example.com", "--api-key-env", "K", "--no-config"}, "--no-config reads and writes no config file"},
		{[]string{"--url", "https://x.example.com", "--api-key-env", testKey}, "--api-key-env takes the name of the variable that holds the key"},
	} {
		_, _, err := zenv(t, config, nil, "", append([]string{"profile", "add", "nokey"}, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), testKey) {
			t.Errorf("%v: %v", tc.args, err)
		}
	}
	if _, err := os.Stat(config); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused add wrote the file")
	}
}

// memStore is a keyring in memory.
type memStore map[string]string

func (s memStore) Get(n string) (string, error) {
	if k, ok := s[n]; ok {
		return k, nil
	}
	return "", oskeyring.ErrNotFound
}
func (s memStore) Set(n, k string) error { s[n] = k; return nil }

func TestAddNeverReplacesAnotherProfilesKeyringItem(t *testing.T) {
	config := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(config, []byte("profiles:\n  staging:\n    url: https://staging.example.com\n    api_key: {keyring: prod}\n"), 0o600)
	for _, tc := range []struct {
		name    string
		profile string
		store   memStore
		force   bool
		want    string
	}{
		{"used by another profile", "prod", memStore{"prod": "STAGING"}, false, "OS keyring item prod is the key of profile staging in " + config},
		{"an item that exists", "dev", memStore{"dev": "STAGING"}, false, "OS keyring item dev exists already; pass --force to replace it"},
		{"a new item", "dev", memStore{}, false, ""},
		{"--force replaces", "prod", memStore{"prod": "STAGING"}, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := os.ReadFile(config)
			defer os.WriteFile(config, before, 0o600)
			opts := &AddOptions{
				ConfigPath: func() (string, error) { return config, nil },
				ReadKey:    func() (string, error) { return "NEW", nil },
				Store:      func() (KeyStore, error) { return tc.store, nil },
				Warn:       func(...string) {}, Notice: func(string) {},
				Name: tc.profile, Keyring: true, Force: tc.force,
			}
			opts.Profile.Overrides.URL = "https://prod.example.com"
			opts.Profile.Overrides.Key = map[string]string{"stdin": "true"}
			err := addRun(opts)
			switch {
			case tc.want == "" && err != nil:
				t.Fatal(err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("got %v", err)
			case tc.want != "" && tc.store[tc.profile] != "STAGING":
				t.Errorf("the item was replaced")
			case tc.want == "" && tc.store[tc.profile] != "NEW":
				t.Errorf("the item holds %q", tc.store[tc.profile])
			}
		})
	}
}

func TestImportRefusesAKeyringItemAnotherProfileUses(t *testing.T) {
	gokeyring.MockInit()
	fixture, _ := filepath.Abs("../../zenmlimport/testdata/real-api-key")
	config := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(config, []byte("profiles:\n  mine:\n    url: https://mine.example.com\n    api_key: {keyring: local}\n"), 0o600)
	gokeyring.Set("zenv", "local", "MINE")
	_, _, err := zenv(t, config, nil, "", "profile", "import", "zenml", "--zenml-config", fixture, "--name", "local", "--keyring")
	if err == nil || !strings.Contains(err.Error(), "OS keyring item local is the key of profile mine") {
		t.Fatalf("got %v", err)
	}
	if got, _ := gokeyring.Get("zenv", "local"); got != "MINE" {
		t.Errorf("the item was replaced")
	}
	if _, _, err := zenv(t, config, nil, "", "profile", "import", "zenml", "--zenml-config", fixture, "--name", "local", "--keyring", "--force"); err != nil {
		t.Fatal(err)
	}
	if got, _ := gokeyring.Get("zenv", "local"); got != testKey {
		t.Errorf("--force did not store the key")
	}
}

// TestImportSkipsAKeyZenvCouldNotReadBack: a two-line key in the client's
// credentials becomes no profile (found by the attack review: import wrote
// a {value:} key zenv env then refused).
func TestImportSkipsAKeyZenvCouldNotReadBack(t *testing.T) {
	zc := t.TempDir()
	os.WriteFile(filepath.Join(zc, "credentials.yaml"), []byte("https://a.example.com:\n  url: https://a.example.com\n  api_key: \"ZENKEY_eyJpZCI6ICJ4In0=\\nsecond line\"\n"), 0o600)
	config := filepath.Join(t.TempDir(), "config.yaml")
	_, _, err := zenv(t, config, nil, "", "profile", "import", "zenml", "--zenml-config", zc)
	if err == nil || !strings.Contains(err.Error(), "https://a.example.com: api key from the client's credentials spans 2 lines") || strings.Contains(err.Error(), "second line") {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(config); err == nil {
		t.Errorf("the config file was written")
	}
}

func TestShowWithoutANameShowsTheDefaultAndJSON(t *testing.T) {
	config := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(config, []byte("default: b\nprofiles:\n  a: {url: https://a.example.com, api_key: {env: A}}\n  b:\n    url: https://b.example.com\n    api_key: {env: B}\n    env: {ZENML_STORE_PASSWORD: hunter2}\n"), 0o600)
	out, _, err := zenv(t, config, nil, "", "profile", "show")
	if err != nil || !strings.Contains(out, "url:                      https://b.example.com\n") {
		t.Fatalf("%v\n%s", err, out)
	}
	out, _, err = zenv(t, config, nil, "", "profile", "show", "a", "--json")
	var got shown
	if err != nil || json.Unmarshal([]byte(out), &got) != nil || got.Profile != "a" || got.URL != "https://a.example.com" || got.APIKey.Kind != "env" || got.APIKey.Source != "environment variable A" {
		t.Fatalf("%v\n%s", err, out)
	}
	out, _, _ = zenv(t, config, nil, "", "profile", "show", "b", "--json")
	if strings.Contains(out, "hunter2") {
		t.Errorf("show --json printed a credential")
	}
	empty := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(empty, []byte("profiles: {}\n"), 0o600)
	if _, _, err := zenv(t, empty, nil, "", "profile", "show"); err == nil || !strings.Contains(err.Error(), "zenv profile add") {
		t.Errorf("no profiles: %v", err)
	}
}

func TestCheckListsEveryProblemAndExitsOne(t *testing.T) {
	config := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(config, []byte("profiles:\n  a:\n    url: https//a.example.com\n    api_key: {env: A}\n  b:\n    ur: https://b.example.com\n    api_key: {env: B}\n"), 0o600)
	io, _, out, _ := teststreams.New()
	var notice string
	err := checkRun(&CheckOptions{IO: io, Source: func() zprofileSource { return zprofileOS(config) }, Notice: func(m string) { notice = m }, Redact: func(s string) string { return s }})
	if cmdutil.ExitCode(err) != 1 {
		t.Fatalf("exit %d (%v)", cmdutil.ExitCode(err), err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], config+":3: server url") || !strings.HasPrefix(lines[1], config+`:6: unknown key "ur"; did you mean "url"?`) || notice != config+": 2 problems" {
		t.Errorf("stdout:\n%s\nnotice %q", out.String(), notice)
	}
	os.WriteFile(config, []byte("profiles:\n  a: {url: https://a.example.com, api_key: {env: A}}\n"), 0o600)
	out.Reset()
	if err := checkRun(&CheckOptions{IO: io, Source: func() zprofileSource { return zprofileOS(config) }, Notice: func(m string) { notice = m }, Redact: func(s string) string { return s }}); err != nil || out.Len() != 0 || notice != config+": 1 profile, no problems" {
		t.Errorf("clean file: %v %q", err, notice)
	}
}

func TestImportRefusesAKeyGivenAsTheVariableName(t *testing.T) {
	fixture, _ := filepath.Abs("../../zenmlimport/testdata/real-api-key")
	config := filepath.Join(t.TempDir(), "config.yaml")
	_, _, err := zenv(t, config, nil, "", "profile", "import", "zenml", "--zenml-config", fixture, "--api-key-env", testKey)
	if err == nil || !strings.Contains(err.Error(), "takes the name of the variable that holds the key") || strings.Contains(err.Error(), testKey) {
		t.Errorf("got %v", err)
	}
}

func TestEditRunsSayWhatTheyChanged(t *testing.T) {
	const file = "default: prod\nprofiles:\n  prod:\n    url: https://p.example.com\n    api_key: {keyring: prod}\n  ci:\n    url: https://c.example.com\n    api_key: {keyring: prod}\n  dev:\n    url: http://localhost:8237\n    api_key: {keyring: dev}\n"
	tests := []struct {
		name   string
		run    func(path func() (string, error), notice func(string)) error
		notice string
		after  string // a line the file holds afterwards
	}{
		{"remove the default, whose key ci shares", func(p func() (string, error), n func(string)) error {
			return removeRun(&RemoveOptions{ConfigPath: p, Notice: n, Name: "prod"})
		}, "it was the default, so the file has none now (pick one with zenv profile use NAME); its key stays in the OS keyring, where profile ci still uses it", "  ci:\n"},
		{"remove a profile whose key nobody else uses", func(p func() (string, error), n func(string)) error {
			return removeRun(&RemoveOptions{ConfigPath: p, Notice: n, Name: "dev"})
		}, "its key stays in the OS keyring (zenv key rm dev removes it)", "default: prod\n"},
		{"use", func(p func() (string, error), n func(string)) error {
			return useRun(&UseOptions{ConfigPath: p, Notice: n, Name: "dev"})
		}, "profile dev is the default in", "default: dev\n"},
		{"rename moves default:", func(p func() (string, error), n func(string)) error {
			return renameRun(&RenameOptions{ConfigPath: p, Notice: n, Old: "prod", New: "production"})
		}, "renamed profile prod to production in", "default: production\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			config := filepath.Join(t.TempDir(), "config.yaml")
			os.WriteFile(config, []byte(file), 0o600)
			var notice string
			err := tt.run(func() (string, error) { return config, nil }, func(m string) { notice = m })
			body, _ := os.ReadFile(config)
			if err != nil || !strings.Contains(notice, tt.notice) || !strings.Contains(string(body), tt.after) {
				t.Errorf("err %v\nnotice %q\nfile:\n%s", err, notice, body)
			}
		})
	}
}

// TestListOfAMissingNamedFileSaysItDoesNotExist: list --config missing.yaml
// exited 0 with "has no profiles" while check and env refuse; and the add
// hint of check left out the --config the user gave, so following it wrote
// another file. A new user with no file at the default place still gets
// exit 0 and the hint.
func TestListOfAMissingNamedFileSaysItDoesNotExist(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	_, _, err := zenv(t, "", nil, "", "profile", "list", "--config", missing)
	want := "config file " + missing + " does not exist; create it with zenv profile add NAME --url URL ... --config " + missing
	if cmdutil.ExitCode(err) != 2 || err.Error() != want {
		t.Errorf("list --config: exit %d, %v", cmdutil.ExitCode(err), err)
	}
	if _, _, err := zenv(t, missing, nil, "", "profile", "list"); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("list with $ZENV_CONFIG: exit %d, %v", cmdutil.ExitCode(err), err)
	}
	if _, _, err := zenv(t, "", nil, "", "profile", "check", "--config", missing); cmdutil.ExitCode(err) != 2 || err.Error() != want {
		t.Errorf("check --config: exit %d, %v", cmdutil.ExitCode(err), err)
	}
	out, errOut, err := zenv(t, "", nil, "", "profile", "list")
	if err != nil || out != "" || !strings.Contains(errOut, "has no profiles; add one with zenv profile add NAME --url URL ...") {
		t.Errorf("default location: %v %q %q", err, out, errOut)
	}
}

// TestListEscapesControlCharactersOfAHandEditedFile: a YAML "\e" in a
// name or url reaches list's text output as text, not as an escape the
// terminal runs.
func TestListEscapesControlCharactersOfAHandEditedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte("profiles:\n  ab:\n    url: \"https://h.example.com/\\e[31mx\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := zenv(t, path, nil, "", "profile", "list")
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsRune(out, 0x1b) {
		t.Errorf("list printed a raw ESC: %q", out)
	}
}

// TestShowEscapesControlCharactersOfAHandEditedFile: show's text output,
// like list's, prints a YAML "\e" in an env value or setting as text.
func TestShowEscapesControlCharactersOfAHandEditedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	body := "profiles:\n  ab:\n    url: https://h.example.com\n    api_key: {env: K}\n    env:\n      MY_VAR: \"a\\e]0;title\\x07\\e[31mx\"\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := zenv(t, path, nil, "", "profile", "show", "ab")
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsRune(out, 0x1b) || strings.ContainsRune(out, 0x07) || !strings.Contains(out, `a\x1b]0;title\x07\x1b[31mx`) {
		t.Errorf("show printed control characters raw, or not at all: %q", out)
	}
}

// TestCheckListsWarningsAndExitsZero: a plain http url to another host is
// what env, push and doctor warn about; check said "no problems".
func TestCheckListsWarningsAndExitsZero(t *testing.T) {
	config := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(config, []byte("profiles:\n  a:\n    url: http://zenml.other.example.com\n    api_key: {env: ZENML_API_KEY}\n"), 0o600)
	io, _, out, _ := teststreams.New()
	var notice string
	err := checkRun(&CheckOptions{IO: io, Source: func() zprofileSource { return zprofileOS(config) }, Notice: func(m string) { notice = m }, Redact: func(s string) string { return s }})
	if err != nil {
		t.Fatalf("exit %d (%v)", cmdutil.ExitCode(err), err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "warning: "+config+":3:") || !strings.Contains(lines[0], "http") ||
		!strings.HasPrefix(lines[1], "warning: "+config+":4: api_key.env names ZENML_API_KEY") || !strings.Contains(lines[1], "did you mean ZENML_STORE_API_KEY?") ||
		notice != config+": 1 profile, no problems, 2 warnings" {
		t.Errorf("stdout:\n%s\nnotice %q", out.String(), notice)
	}
}

// TestAddWarnsOfAKeyVariableZenMLDoesNotRead: --api-key-env ZENML_API_KEY
// was accepted without a word, and doctor then hid the same name.
func TestAddWarnsOfAKeyVariableZenMLDoesNotRead(t *testing.T) {
	config := filepath.Join(t.TempDir(), "config.yaml")
	_, errOut, err := zenv(t, config, nil, "", "profile", "add", "bad", "--url", "https://zenml.example.com", "--api-key-env", "ZENML_API_KEY")
	if err != nil {
		t.Fatal(err)
	}
	var warned []string
	for _, l := range strings.Split(errOut, "\n") {
		if strings.HasPrefix(l, "zenv: warning:") {
			warned = append(warned, l)
		}
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "--api-key-env names ZENML_API_KEY") || !strings.Contains(warned[0], "did you mean ZENML_STORE_API_KEY?") {
		t.Errorf("stderr:\n%s", errOut)
	}
	_, errOut, err = zenv(t, filepath.Join(t.TempDir(), "c.yaml"), nil, "", "profile", "add", "good", "--url", "https://zenml.example.com", "--api-key-env", "ZENML_PROD_KEY")
	if err != nil || strings.Contains(errOut, "warning") {
		t.Errorf("ZENML_PROD_KEY: %v\n%s", err, errOut)
	}
}
