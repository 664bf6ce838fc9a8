package doctor

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/doctor"
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
func TestAProfileThatDoesNotLoadFailsInTheFormatAsked(t *testing.T) {
	for _, args := range [][]string{{"-p", "broken"}, {"-p", "nosuch"}, {"--all", "--config", "/nonexistent/zenv.yaml"}} {
		for _, format := range doctor.Formats {
			out, code := run(t, config, nil, append([]string{"--format", format}, args...)...)
			ok := code == 1
			switch format {
			case "json":
				var v struct{ Status string }
				ok = ok && json.Unmarshal([]byte(out), &v) == nil && v.Status == "fail"
			case "github":
				ok = ok && strings.HasPrefix(out, "::error title=zenv doctor")
			default:
				ok = ok && strings.Contains(out, "✗ profile")
			}
			if !ok {
				t.Errorf("%v --format %s: exit %d:\n%s", args, format, code, out)
			}
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
