package profile

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/internal/keysource"
)

// fakeFile is an os.FileInfo with a mode, for permission warnings.
type fakeFile struct{ mode fs.FileMode }

func (f fakeFile) Name() string       { return "config.yaml" }
func (f fakeFile) Size() int64        { return 0 }
func (f fakeFile) Mode() fs.FileMode  { return f.mode }
func (f fakeFile) ModTime() time.Time { return time.Time{} }
func (f fakeFile) IsDir() bool        { return false }
func (f fakeFile) Sys() any           { return nil }

// source is a Source over one in-memory config file and environment.
func source(config string, env map[string]string, mode fs.FileMode) Source {
	return Source{
		Getenv: func(k string) string { return env[k] },
		ReadFile: func(p string) ([]byte, error) {
			if config == "" || p != "/cfg/zenv/config.yaml" {
				return nil, fs.ErrNotExist
			}
			return []byte(config), nil
		},
		Stat:          func(string) (os.FileInfo, error) { return fakeFile{mode}, nil },
		UserConfigDir: func() (string, error) { return "/cfg", nil },
	}
}

const twoProfiles = `default: prod
profiles:
  dev:
    url: http://localhost:8237
    api_key: {env: DEV_KEY}
  prod:
    url: https://zenml.example.com/
    api_key: {file: ~/.zenml-prod-key}
    project: 0F8A2C4E-7B1D-4C3E-9A6F-5D2B8E1C0A94
    env:
      ZENML_LOGGING_VERBOSITY: debug
      ZENML_ANALYTICS_OPT_IN: false
`

func TestLoadPicksProfileAndLaysFlagsOverIt(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		flag    string
		ov      Overrides
		wantURL string
		wantKey keysource.Source
		wantEnv map[string]string
		project string
	}{
		{
			name:    "default profile",
			wantURL: "https://zenml.example.com",
			wantKey: keysource.File{Path: homeDir() + "/.zenml-prod-key", From: "/cfg/zenv/config.yaml:8"},
			wantEnv: map[string]string{"ZENML_LOGGING_VERBOSITY": "debug", "ZENML_ANALYTICS_OPT_IN": "false"},
			project: "0f8a2c4e-7b1d-4c3e-9a6f-5d2b8e1c0a94",
		},
		{
			name:    "ZENV_PROFILE",
			env:     map[string]string{"ZENV_PROFILE": "dev"},
			wantURL: "http://localhost:8237",
			wantKey: keysource.Env{Name: "DEV_KEY", From: "/cfg/zenv/config.yaml:5"},
			wantEnv: map[string]string{},
		},
		{
			name:    "flag beats ZENV_PROFILE",
			env:     map[string]string{"ZENV_PROFILE": "prod"},
			flag:    "dev",
			wantURL: "http://localhost:8237",
			wantKey: keysource.Env{Name: "DEV_KEY", From: "/cfg/zenv/config.yaml:5"},
			wantEnv: map[string]string{},
		},
		{
			name:    "flags override field by field",
			flag:    "prod",
			ov:      Overrides{URL: "https://other.example.com", Key: map[string]string{"cmd": "op read x"}, Set: []string{"ZENML_LOGGING_VERBOSITY=INFO", "EXTRA=a=b"}},
			wantURL: "https://other.example.com",
			wantKey: keysource.Command{Line: "op read x", From: "--api-key-cmd"},
			wantEnv: map[string]string{"ZENML_LOGGING_VERBOSITY": "INFO", "ZENML_ANALYTICS_OPT_IN": "false", "EXTRA": "a=b"},
			project: "0f8a2c4e-7b1d-4c3e-9a6f-5d2b8e1c0a94",
		},
		{
			name:    "a url flag without -p reads no profile",
			ov:      Overrides{URL: "https://other.example.com", Key: map[string]string{"cmd": "op read x"}},
			wantURL: "https://other.example.com",
			wantKey: keysource.Command{Line: "op read x", From: "--api-key-cmd"},
			wantEnv: map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := source(twoProfiles, tt.env, 0o600)
			src.ProfileFlag = tt.flag
			p, _, err := Load(src, tt.ov)
			if err != nil {
				t.Fatal(err)
			}
			if p.URL != tt.wantURL || p.Key != tt.wantKey || p.Project != tt.project {
				t.Errorf("got url %q key %+v project %q", p.URL, p.Key, p.Project)
			}
			if len(p.Env) != len(tt.wantEnv) {
				t.Errorf("env = %v, want %v", p.Env, tt.wantEnv)
			}
			for k, v := range tt.wantEnv {
				if p.Env[k] != v {
					t.Errorf("env[%s] = %q, want %q", k, p.Env[k], v)
				}
			}
		})
	}
}

func TestFlagsAloneNeedNoFile(t *testing.T) {
	p, _, err := Load(source("", nil, 0), Overrides{URL: "https://z.example.com", Key: map[string]string{"env": "K"}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "" || p.URL != "https://z.example.com" || len(p.Settings) != 0 || p.Key.Describe() != "environment variable K" {
		t.Errorf("got %+v", p)
	}
}

func TestBadInputErrors(t *testing.T) {
	tests := []struct {
		name   string
		config string
		flag   string
		ov     Overrides
		want   string
	}{
		{"no url", "", "", Overrides{Key: map[string]string{"env": "K"}}, "no server url: pass --url"},
		{"url without scheme", "", "", Overrides{URL: "zenml.example.com"}, `--url: server url "zenml.example.com" has no scheme://; did you mean https://zenml.example.com?`},
		{"url wrong scheme", "", "", Overrides{URL: "ftp://x"}, "does not start with https:// or http:// (lower-case)"},
		{"url upper-case scheme", "", "", Overrides{URL: "HTTPS://x.example.com"}, "(lower-case)"},
		{"url no host", "", "", Overrides{URL: "https://"}, "has no host"},
		{"url with user", "", "", Overrides{URL: "https://u:p@x.example.com"}, "holds a user name or password"},
		{"url with query", "", "", Overrides{URL: "https://x.example.com/?a=1"}, "has a query or fragment"},
		{"url sql store", "", "", Overrides{URL: "sqlite:///tmp/x.db"}, "is a SQL database, not a ZenML server"},
		{"url space", "", "", Overrides{URL: "https://x .com"}, "holds quotes or white space"},
		{"url api suffix in capitals", "", "", Overrides{URL: "https://h/API/V1"}, `ends with /api/v1, which the ZenML client adds itself; give https://h`},
		{"url with two problems", "", "", Overrides{URL: "HTTPS://h.example.com/api/v1"}, `(lower-case); write the scheme in lower case: https:// (and 1 more problem(s) with it)`},
		{"url of a dashboard page", "", "", Overrides{URL: "https://zenml.example.com/workspaces/default"}, "is a page of the ZenML dashboard"},
		{"url of zenml pro's dashboard", "", "", Overrides{URL: "https://cloud.zenml.io/"}, "is the ZenML Pro dashboard"},
		{"pro api url checked as a url", "", "", Overrides{URL: "https://x.example.com", Set: []string{"ZENML_PRO_API_URL=x"}}, `ZENML_PRO_API_URL="x" has no scheme://`},
		{"project name", "", "", Overrides{URL: "https://x.example.com", Project: "default"}, `--project: project "default" is not a UUID: ZenML needs the project's ID here, not its name; find it with 'zenml project describe default'`},
		{"stack name", "", "", Overrides{URL: "https://x.example.com", Stack: "my-stack"}, "stack \"my-stack\" is not a UUID"},
		{"verbosity WARNING", "", "", Overrides{URL: "https://x.example.com", Set: []string{"ZENML_LOGGING_VERBOSITY=WARNING"}}, "use WARN, which every ZenML version reads"},
		{"ZENML_URL", "", "", Overrides{URL: "https://x.example.com", Set: []string{"ZENML_URL=x"}}, "ZenML does not read ZENML_URL; did you mean ZENML_STORE_URL?"},
		{"ZENML_API_KEY", "", "", Overrides{URL: "https://x.example.com", Set: []string{"ZENML_API_KEY=x"}}, "did you mean ZENML_STORE_API_KEY?"},
		{"ZENML_SERVER_URL", "", "", Overrides{URL: "https://x.example.com", Set: []string{"ZENML_SERVER_URL=x"}}, "did you mean ZENML_STORE_URL?"},
		{"misspelled", "", "", Overrides{URL: "https://x.example.com", Set: []string{"ZENML_STORE_VERIFYSSL=x"}}, "did you mean ZENML_STORE_VERIFY_SSL?"},
		{"workspace", "", "", Overrides{URL: "https://x.example.com", Set: []string{"ZENML_ACTIVE_WORKSPACE_ID=x"}}, "did you mean ZENML_ACTIVE_PROJECT_ID?"},
		{"field as extra", "", "", Overrides{URL: "https://x.example.com", Set: []string{"ZENML_STORE_URL=x"}}, `set from the profile field "url"`},
		{"field as extra even with allow-unknown", "", "", Overrides{URL: "https://x.example.com", AllowUnknown: true, Set: []string{"ZENML_STORE_API_KEY=x"}}, `set from the profile field "api_key"`},
		{"bad name", "", "", Overrides{URL: "https://x.example.com", Set: []string{"1X=y"}}, `variable name "1X" is invalid`},
		{"set without =", "", "", Overrides{URL: "https://x.example.com", Set: []string{"NOVALUE"}}, `--set "NOVALUE": expected NAME=VALUE`},
		{"two key sources", "", "", Overrides{URL: "https://x.example.com", Key: map[string]string{"env": "A", "file": "B"}}, "--api-key-env and --api-key-file both set the api key source"},
		{"bad prefect block", "", "", Overrides{URL: "https://x.example.com", Settings: map[string]string{"prefect_block": "Zen_Key"}}, "prefect allows only lower-case letters, digits and '-'"},
		{"github secret prefix", "", "", Overrides{URL: "https://x.example.com", Settings: map[string]string{"github_secret": "GITHUB_TOKEN2"}}, "names starting with GITHUB_ are reserved"},
		{"unknown profile", twoProfiles, "prdo", Overrides{}, `has no profile "prdo"; did you mean "prod"? profiles: dev, prod`},
		{"profile without file", "", "prod", Overrides{}, `config file /cfg/zenv/config.yaml does not exist`},
		{"yaml stray colon", "profiles:\n  a:\n    url: https://x: y\n", "", Overrides{}, "/cfg/zenv/config.yaml:3: mapping values are not allowed in this context"},
		{"yaml tab", "profiles:\n  a:\n\turl: x\n", "", Overrides{}, "/cfg/zenv/config.yaml:3: found character that cannot start any token"},
		{"unknown key", "profiles:\n  a:\n    url: https://x.example.com\n    projcet: x\n", "", Overrides{}, `/cfg/zenv/config.yaml:4: unknown key "projcet"; did you mean "project"?`},
		{"unknown top key", "profile:\n  a: {}\n", "", Overrides{}, `/cfg/zenv/config.yaml:1: unknown key "profile"; did you mean "profiles"?`},
		{"bad value in file", "profiles:\n  a:\n    url: https://x.example.com\n    project: nope\n", "", Overrides{}, `/cfg/zenv/config.yaml:4: project "nope" is not a UUID`},
		{"bad extra in file", "profiles:\n  a:\n    url: https://x.example.com\n    env:\n      ZENML_URL: x\n", "", Overrides{}, `/cfg/zenv/config.yaml:5: ZenML does not read ZENML_URL`},
		{"two key sources in file", "profiles:\n  a:\n    url: https://x.example.com\n    api_key: {env: A, file: B}\n", "", Overrides{}, "/cfg/zenv/config.yaml:4: api_key must name exactly one source"},
		{"null value", "profiles:\n  a:\n    url:\n", "", Overrides{}, "/cfg/zenv/config.yaml:3: url has no value"},
		{"duplicate key", "profiles:\n  a:\n    url: https://x.example.com\n    url: https://y.example.com\n", "", Overrides{}, "/cfg/zenv/config.yaml:4: url is set twice"},
		{"default undefined", "default: prd\nprofiles:\n  prod: {url: https://x.example.com}\n", "", Overrides{}, `/cfg/zenv/config.yaml:1: default profile "prd" is not defined under profiles: did you mean "prod"?`},
		{"no default among several", "profiles:\n  a: {url: https://x.example.com}\n  b: {url: https://x.example.com}\n", "", Overrides{}, "several profiles (a, b) and no default; pick one with -p NAME, or make one the default with zenv profile use NAME"},
		{"empty file", "\n", "", Overrides{}, "/cfg/zenv/config.yaml:1: the config file is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := source(tt.config, nil, 0o600)
			src.ProfileFlag = tt.flag
			_, _, err := Load(src, tt.ov)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\n does not contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

func TestAllowUnknownLetsUnknownZenMLNamesThrough(t *testing.T) {
	p, _, err := Load(source("", nil, 0), Overrides{URL: "https://x.example.com", AllowUnknown: true, Set: []string{"ZENML_NEW_SETTING=1"}})
	if err != nil || p.Env["ZENML_NEW_SETTING"] != "1" {
		t.Fatalf("got %v, %v", p, err)
	}
}

func TestWarnings(t *testing.T) {
	literal := "profiles:\n  a:\n    url: https://x.example.com\n    api_key: {value: ZENKEY_secret}\n"
	tests := []struct {
		name   string
		config string
		mode   fs.FileMode
		ov     Overrides
		want   string // "" for no warning
	}{
		{"literal key in readable file", literal, 0o644, Overrides{}, "api_key.value holds the key in plain text in a file that group or others can read; run chmod 600 /cfg/zenv/config.yaml"},
		{"literal key in private file", literal, 0o600, Overrides{}, ""},
		{"http to a remote host", "", 0, Overrides{URL: "http://zenml.example.com"}, "is plain http to another host: the API key and every token cross the network in clear text"},
		{"http to localhost", "", 0, Overrides{URL: "http://127.0.0.1:8237"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, warnings, err := Load(source(tt.config, nil, tt.mode), tt.ov)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(warnings, "\n")
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("warnings %q, want %q", got, tt.want)
			}
			if strings.Contains(got, "ZENKEY_secret") {
				t.Errorf("a warning holds the key: %q", got)
			}
		})
	}
}

func TestVarsComeInZenvsFixedOrder(t *testing.T) {
	p := &Profile{
		URL: "https://z", VerifySSL: "false", Project: "p", Stack: "s",
		Env: map[string]string{"ZENML_DEBUG": "1", "A_FIRST": "a", "M_MIDDLE": "m"},
	}
	var names []string
	for _, v := range p.Vars("k") {
		names = append(names, v.Name)
	}
	want := "ZENML_STORE_URL ZENML_STORE_API_KEY ZENML_STORE_VERIFY_SSL ZENML_ACTIVE_PROJECT_ID ZENML_ACTIVE_STACK_ID A_FIRST M_MIDDLE ZENML_DEBUG"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("order:\n got %s\nwant %s", got, want)
	}
}

func homeDir() string {
	h, _ := os.UserHomeDir()
	return h
}
