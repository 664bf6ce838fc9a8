package doctor

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/doctor"
	"github.com/zenv-dev/zenv/internal/keysource"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/testsupport/cmdtest"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
)

func TestDoctorFlagsPickTheEnvironmentToCheck(t *testing.T) {
	tests := []struct {
		args       []string
		useProfile bool
	}{
		{nil, false},
		{[]string{"--offline", "--format", "json", "--timeout", "2s"}, false},
		{[]string{"-p", "prod"}, true},
		{[]string{"--url", "https://zenml.example.com", "--api-key-env", "K"}, true},
		{[]string{"--config", "x.yaml"}, true},
		{[]string{"--all", "--config", "x.yaml"}, true},
	}
	for _, tt := range tests {
		io, _, _, _ := teststreams.New()
		var got *DoctorOptions
		cmd := NewCmdDoctor(&cmdutil.Factory{IOStreams: io}, func(o *DoctorOptions) error { got = o; return nil })
		cmd.SetArgs(tt.args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		if got.UseProfile != tt.useProfile {
			t.Errorf("%v: UseProfile = %v", tt.args, got.UseProfile)
		}
	}
}

func TestBadUsageIsRefused(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "sarif"}, `unknown format "sarif"; use one of text, json, github`},
		{[]string{"--timeout", "0s"}, "--timeout 0s must be more than zero"},
		{[]string{"--all", "-p", "prod"}, "--all and -p prod both pick the profiles"},
		{[]string{"extra"}, "unknown command"},
	} {
		io, _, _, _ := teststreams.New()
		cmd := NewCmdDoctor(&cmdutil.Factory{IOStreams: io}, func(*DoctorOptions) error { t.Error("ran"); return nil })
		cmd.SetArgs(tt.args)
		err := cmd.Execute()
		if err == nil || !strings.Contains(err.Error(), tt.want) || cmdutil.ExitCode(err) != cmdutil.ExitInput {
			t.Errorf("%v: %v (exit %d), want %q", tt.args, err, cmdutil.ExitCode(err), tt.want)
		}
	}
}

const keyID = "3a2e9d42-1b6c-4e0a-9c56-2f8d7e4b1a00"

var key = "ZENKEY_" + base64.StdEncoding.EncodeToString([]byte(`{"id": "`+keyID+`", "key": "`+strings.Repeat("ab", 32)+`"}`))

// run executes zenv doctor with args against a config file, the process
// environment environ, and $K holding the key.
func run(t *testing.T, config string, environ []string, args ...string) (stdout string, code int) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	os.WriteFile(path, []byte(config), 0o600)
	f, out, _ := cmdtest.Factory(t, func(k string) string { return map[string]string{"K": key}[k] })
	t.Setenv("ZENV_CONFIG", path)
	cmd := NewCmdDoctor(f, func(o *DoctorOptions) error {
		o.Environ = func() []string { return environ }
		return doctorRun(context.Background(), o)
	})
	cmd.SetArgs(args)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true // as the root command does
	err := cmd.Execute()
	if strings.Contains(out.String(), key) {
		t.Errorf("the key reached the output")
	}
	return out.String(), cmdutil.ExitCode(err)
}

const config = `default: dev
profiles:
  dev:
    url: https://zenml.example.com
    api_key: {env: K}
  staging:
    url: https://zenml.example.com
    api_key: {env: K}
  prod:
    url: https://zenml.example.com
    api_key: {env: K}
    project: default
  broken:
    url: zenml.example.com
`

func TestDoctorChecksTheProcessEnvironmentByDefault(t *testing.T) {
	out, code := run(t, config, []string{"ZENML_URL=https://zenml.example.com", "ZENML_API_KEY=" + key, "HOME=/root"}, "--offline")
	if code != 1 || !strings.Contains(out, "✗ ZENML_URL: ZenML does not read ZENML_URL → did you mean ZENML_STORE_URL?") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestDoctorChecksAProfileAsZenvEnvRendersIt(t *testing.T) {
	out, code := run(t, config, nil, "--offline", "-p", "dev")
	if code != 0 || !strings.Contains(out, "✓ api key: key id "+keyID) || !strings.Contains(out, "✓ server url: https://zenml.example.com") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// TestAProfileThatDoesNotLoadFailsInTheFormatAsked: it exited 2 with one
// line on stderr, so a CI step reading JSON or annotations saw nothing.
// doctorRun is called directly, with fake dependencies: a config file that
// does not read (--all), a profile that does not load, a key that cannot
// be read are each one failed check, in every format, the detail passed
// through the redactor and the warnings flushed before the report.
func TestAProfileThatDoesNotLoadFailsInTheFormatAsked(t *testing.T) {
	const secret = "s3cret-in-the-error"
	loads := func(*cmdutil.ProfileOptions) (*profile.Profile, error) {
		return &profile.Profile{URL: "https://zenml.example.com", Key: keysource.Env{Name: "K"}}, nil
	}
	tests := []struct {
		name        string
		all         bool
		names       func(string) ([]string, error)
		loadProfile func(*cmdutil.ProfileOptions) (*profile.Profile, error)
		readKey     func(context.Context, *profile.Profile, time.Duration) (string, error)
		title       string
	}{
		{name: "the config file does not read", all: true,
			names: func(string) ([]string, error) { return nil, errors.New("cannot read /x/zenv.yaml: " + secret) },
			title: "profiles"},
		{name: "the profile does not load",
			loadProfile: func(*cmdutil.ProfileOptions) (*profile.Profile, error) {
				return nil, errors.New("zenv.yaml:3: url: " + secret)
			},
			title: "profile"},
		{name: "one of all does not load", all: true,
			names: func(string) ([]string, error) { return []string{"broken"}, nil },
			loadProfile: func(*cmdutil.ProfileOptions) (*profile.Profile, error) {
				return nil, errors.New("zenv.yaml:3: url: " + secret)
			},
			title: "profile"},
		{name: "the key cannot be read", loadProfile: loads,
			readKey: func(context.Context, *profile.Profile, time.Duration) (string, error) {
				return "", errors.New("environment variable K is empty " + secret)
			},
			title: "api key"},
	}
	for _, tt := range tests {
		for _, format := range doctor.Formats {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				io, _, out, _ := teststreams.New()
				var events []string
				o := &DoctorOptions{
					IO: io, Format: format, Offline: true, Timeout: time.Second, MaxKeyAge: doctor.DefaultMaxKeyAge,
					All: tt.all, UseProfile: !tt.all,
					ProfileNames: tt.names, LoadProfile: tt.loadProfile, ReadKey: tt.readKey,
					Redact:        func(s string) string { return strings.ReplaceAll(s, secret, redact.Mark) },
					FlushWarnings: func() { events = append(events, "flush at "+strconv.Itoa(out.Len())) },
					Getenv:        func(string) string { return "" },
					Environ:       func() []string { return nil },
				}
				err := doctorRun(context.Background(), o)
				got := out.String()
				ok := cmdutil.ExitCode(err) == cmdutil.ExitFailure
				switch format {
				case "json":
					var v struct{ Status string }
					ok = ok && json.Unmarshal(out.Bytes(), &v) == nil && v.Status == "fail"
				case "github":
					ok = ok && strings.HasPrefix(got, "::error title=zenv doctor") && strings.Contains(got, "%3A "+tt.title+"::")
				default:
					ok = ok && strings.Contains(got, "✗ "+tt.title+": ")
				}
				if !ok {
					t.Errorf("exit %d (%v):\n%s", cmdutil.ExitCode(err), err, got)
				}
				if strings.Contains(got, secret) || !strings.Contains(got, redact.Mark) {
					t.Errorf("the detail did not pass the redactor:\n%s", got)
				}
				if strings.Join(events, ",") != "flush at 0" {
					t.Errorf("warnings flushed %q, want once before the report", events)
				}
			})
		}
	}
}

// TestAnEmptyKeyFails: a misspelled CI secret expands to nothing; doctor
// warned and exited 0 (--format github: a ::warning).
func TestAnEmptyKeyFails(t *testing.T) {
	for _, k := range []string{"", "   ", "\n", `""`} {
		for _, format := range doctor.Formats {
			out, code := run(t, config, []string{"ZENML_STORE_URL=https://zenml.example.com", "ZENML_STORE_API_KEY=" + k}, "--offline", "--format", format)
			want := map[string]string{
				"text":   "✗ api key: ZENML_STORE_API_KEY is set",
				"json":   `"detail": "ZENML_STORE_API_KEY is set`,
				"github": "::error title=zenv doctor%3A api key::ZENML_STORE_API_KEY is set",
			}[format]
			if code != 1 || !strings.Contains(out, want) {
				t.Errorf("key %q, --format %s: exit %d:\n%s", k, format, code, out)
			}
		}
	}
}

// TestAServerThatCannotBeCheckedFails: without a route to the server, or
// without a server URL, the online checks cannot run: exit 1.
func TestAServerThatCannotBeCheckedFails(t *testing.T) {
	for _, environ := range [][]string{
		{"ZENML_STORE_URL=http://127.0.0.1:9", "ZENML_STORE_API_KEY=" + key},
		{"ZENML_STORE_API_KEY=" + key},
		{"ZENML_STORE_URL=http://127.0.0.1:9"},
	} {
		out, code := run(t, config, environ, "--timeout", "2s", "--format", "json")
		if code != 1 || !strings.Contains(out, `"status": "fail"`) {
			t.Errorf("%v: exit %d:\n%s", environ, code, out)
		}
	}
}

func TestMaxKeyAgeTakesDays(t *testing.T) {
	for arg, want := range map[string]time.Duration{"30d": 30 * 24 * time.Hour, "36h": 36 * time.Hour, "": doctor.DefaultMaxKeyAge} {
		io, _, _, _ := teststreams.New()
		var got time.Duration
		cmd := NewCmdDoctor(&cmdutil.Factory{IOStreams: io}, func(o *DoctorOptions) error { got = o.MaxKeyAge; return nil })
		args := []string{}
		if arg != "" {
			args = []string{"--max-key-age", arg}
		}
		cmd.SetArgs(args)
		if err := cmd.Execute(); err != nil || got != want {
			t.Errorf("--max-key-age %q: %s, %v", arg, got, err)
		}
	}
	io, _, _, _ := teststreams.New()
	cmd := NewCmdDoctor(&cmdutil.Factory{IOStreams: io}, func(o *DoctorOptions) error { return nil })
	cmd.SetArgs([]string{"--max-key-age", "ninety"})
	if err := cmd.Execute(); err == nil {
		t.Error("--max-key-age ninety was accepted")
	}
}

func TestDoctorAllChecksEveryProfileAndTheirSeparation(t *testing.T) {
	out, code := run(t, config, nil, "--offline", "--all")
	if i, j := strings.Index(out, "profile dev\n"), strings.Index(out, "profile broken\n"); i < 0 || j < i {
		t.Errorf("profiles are not in file order:\n%s", out)
	}
	for _, want := range []string{
		"profile broken\n  ✗ profile: ",
		"did you mean https://zenml.example.com?",
		"profile prod\n  ✗ profile: ",
		`project "default" is not a UUID`,
		"profile dev\n",
		"profile staging\n",
		"! shared key: profiles dev and staging carry the same key (id " + keyID + ")",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
}

func TestDoctorGitHubFormatPrintsAnnotations(t *testing.T) {
	out, _ := run(t, config, []string{"ZENML_URL=https://zenml.example.com"}, "--offline", "--format", "github")
	if !strings.Contains(out, "::error title=zenv doctor%3A ZENML_URL::ZenML does not read ZENML_URL → did you mean ZENML_STORE_URL?\n") {
		t.Errorf("no annotation:\n%s", out)
	}
}

func TestDoctorUsesTheTimeout(t *testing.T) {
	io, _, out, _ := teststreams.New()
	f := &cmdutil.Factory{IOStreams: io, Getenv: func(string) string { return "" }, Redactor: &redact.Redactor{}}
	var got time.Duration
	cmd := NewCmdDoctor(f, func(o *DoctorOptions) error {
		o.Environ = func() []string { return []string{"ZENML_STORE_URL=http://127.0.0.1:9"} }
		o.Input = func(in *doctor.Input) { got = in.Timeout }
		return doctorRun(context.Background(), o)
	})
	cmd.SetArgs([]string{"--timeout", "250ms", "--format", "json"})
	cmd.Execute()
	if got != 250*time.Millisecond || !bytes.Contains(out.Bytes(), []byte(`"status": "fail"`)) {
		t.Errorf("timeout %s, output:\n%s", got, out)
	}
}

// TestDoctorAllNeverPrintsAProfileNameThatIsAKeyOrHoldsControls: a profile
// named with the key itself was printed whole in every format, and a name
// with ESC and a newline reached the text report raw.
func TestDoctorAllNeverPrintsAProfileNameThatIsAKeyOrHoldsControls(t *testing.T) {
	cfg := "profiles:\n  " + key + ":\n    url: https://zenml.example.com\n    api_key: {env: K}\n" +
		"  \"x\\e[2J\\nok::warning::hi\":\n    url: https://zenml.example.com\n    api_key: {env: K}\n"
	body := strings.TrimPrefix(key, "ZENKEY_")
	for _, format := range []string{"text", "json", "github"} {
		out, code := run(t, cfg, nil, "--offline", "--all", "--format", format)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1:\n%s", format, code, out)
		}
		for _, leak := range []string{key, body[:40], strings.Repeat("ab", 32), "\x1b", "\nok::warning"} {
			if strings.Contains(out, leak) {
				t.Errorf("%s: the output holds %q:\n%s", format, leak, out)
			}
		}
		if !strings.Contains(out, "shaped like a ZenML api key") {
			t.Errorf("%s: the key-shaped name is not refused:\n%s", format, out)
		}
	}
}

// TestAVariableAProfileReadsItsKeyFromIsNotFlagged: following the README
// (api_key: {env: ZENML_PROD_KEY}), plain zenv doctor told the user to
// remove ZENML_PROD_KEY, their key. A name no profile reads is still
// reported, with a fix that does not tell them to delete a secret.
func TestAVariableAProfileReadsItsKeyFromIsNotFlagged(t *testing.T) {
	const readme = `profiles:
  prod:
    url: https://zenml.example.com
    api_key: {env: ZENML_PROD_KEY}
    push:
      - github: acme/app
        token: {env: ZENML_GH_TOKEN}
`
	environ := []string{"ZENML_PROD_KEY=" + key, "ZENML_GH_TOKEN=ghp_x", "ZENML_FEATURE_X=1"}
	out, _ := run(t, readme, environ, "--offline")
	if strings.Contains(out, "ZENML_PROD_KEY") || strings.Contains(out, "ZENML_GH_TOKEN") {
		t.Errorf("a key variable a profile reads was flagged:\n%s", out)
	}
	want := "! ZENML_FEATURE_X: no ZenML client reads ZENML_FEATURE_X → no ZenML client reads it; if it holds a key for zenv, fine; else check its spelling"
	if !strings.Contains(out, want) {
		t.Errorf("want %q in:\n%s", want, out)
	}
	// No config file (or a broken one): every name is checked as before.
	out, _ = run(t, "profiles: [", environ, "--offline")
	if !strings.Contains(out, "! ZENML_PROD_KEY: no ZenML client reads ZENML_PROD_KEY") {
		t.Errorf("a broken config file hid a name:\n%s", out)
	}
}

// TestTheStoreFixNamesTheProfile: out=$(zenv env bash) exits 2 when the
// config file has several profiles and no default, so the fix names one.
func TestTheStoreFixNamesTheProfile(t *testing.T) {
	out, _ := run(t, config, []string{"HOME=/root"}, "--offline")
	if !strings.Contains(out, `set it, e.g. out=$(zenv env bash -p NAME) && eval "$out"`) {
		t.Errorf("the store fix does not say -p NAME:\n%s", out)
	}
}
