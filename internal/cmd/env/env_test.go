package env

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/keysource"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
)

func TestEnvFlagsFillOptions(t *testing.T) {
	io, _, _, _ := teststreams.New()
	var got *EnvOptions
	cmd := NewCmdEnv(&cmdutil.Factory{IOStreams: io}, func(o *EnvOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"gha", "-p", "ci", "--form", "workflow", "--api-key-cmd", "op read x",
		"--set", "A=1", "--set", "B=2", "--verify-ssl", "false", "--github-secret", "S", "--inline-secrets"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	ov := got.Profile.Resolved()
	if got.Target != "gha" || got.Profile.Profile != "ci" || got.Form != "workflow" || ov.Key["cmd"] != "op read x" ||
		strings.Join(ov.Set, ",") != "A=1,B=2" || ov.VerifySSL != "false" || ov.Settings["github_secret"] != "S" || !got.InlineSecrets {
		t.Errorf("options: %+v, overrides %+v", got, ov)
	}
}

func TestAllowNameIsRepeatable(t *testing.T) {
	io, _, _, _ := teststreams.New()
	var got *EnvOptions
	cmd := NewCmdEnv(&cmdutil.Factory{IOStreams: io}, func(o *EnvOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"zsh", "--allow-name", "SAVEHIST", "--allow-name", "PATH"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Profile.AllowNames, ",") != "SAVEHIST,PATH" {
		t.Errorf("AllowNames = %q", got.Profile.AllowNames)
	}
}

// TestEnvRunReadsTheKeyOnlyWhenTheOutputHoldsIt calls envRun directly,
// with a fake profile loader and key reader: a shell's output reads the
// key, a CI form that references a secret does not, --unset loads names
// only, --setup tries an env key with the default timeout first, and
// --inline-secrets reads the key and warns.
func TestEnvRunReadsTheKeyOnlyWhenTheOutputHoldsIt(t *testing.T) {
	const key = "ZENKEY_eyJpZCI6ICJNQVJLRVIiLCAia2V5IjogIk1BUktFUi02NGhleCJ9"
	tests := []struct {
		name    string
		opts    EnvOptions
		keyErr  error
		events  string // the loads and reads, in order
		stdout  string // a substring; "" when the run fails
		err     string // a substring of the error; "" for success
		warning string // a substring of the one warning; "" for none
	}{
		{name: "a shell holds the key", opts: EnvOptions{Target: "bash"},
			events: "load,key 5s", stdout: "export ZENML_STORE_API_KEY='" + key + "'"},
		{name: "a CI reference does not", opts: EnvOptions{Target: "github"},
			events: "load", stdout: "${{ secrets.ZENML_STORE_API_KEY }}"},
		{name: "unset needs names only", opts: EnvOptions{Target: "bash", Unset: true},
			events: "load unset", stdout: "unset -v ZENML_STORE_API_KEY"},
		{name: "setup tries the key's source", opts: EnvOptions{Target: "github", Setup: true},
			keyErr: errors.New("environment variable K is empty or not set"), events: "load,key 0s",
			err: "the setup script would read the key from environment variable K, which fails here: environment variable K is empty"},
		{name: "inline secrets", opts: EnvOptions{Target: "github", InlineSecrets: true},
			events: "load,key 5s", stdout: key, warning: "the output holds the api key in plain text (--inline-secrets)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			io, _, out, _ := teststreams.New()
			var events, warnings []string
			o := tt.opts
			o.IO = io
			o.Profile.KeyTimeout = 5 * time.Second
			o.LoadProfile = func(forUnset bool) (*profile.Profile, error) {
				events = append(events, map[bool]string{false: "load", true: "load unset"}[forUnset])
				return &profile.Profile{Name: "ci", URL: "https://zenml.example.com", Key: keysource.Env{Name: "K"}}, nil
			}
			o.ReadKey = func(_ *profile.Profile, timeout time.Duration) (string, error) {
				events = append(events, "key "+timeout.String())
				return key, tt.keyErr
			}
			o.Warn = func(m ...string) { warnings = append(warnings, m...) }
			o.Notice = func(m string) { t.Errorf("a notice off a terminal: %q", m) }
			err := envRun(&o)
			if got := strings.Join(events, ","); got != tt.events {
				t.Errorf("events %s, want %s", got, tt.events)
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || out.Len() != 0 {
					t.Errorf("got %v, stdout %q; want %q and nothing written", err, out, tt.err)
				}
				return
			}
			if err != nil || !strings.Contains(out.String(), tt.stdout) {
				t.Errorf("err %v, stdout:\n%s\nwant %q", err, out, tt.stdout)
			}
			if tt.warning == "" && len(warnings) != 0 || tt.warning != "" && (len(warnings) != 1 || !strings.Contains(warnings[0], tt.warning)) {
				t.Errorf("warnings %q, want %q", warnings, tt.warning)
			}
		})
	}
}

// TestEnvFlagsThatContradictAreRefusedBeforeAnythingRuns: validate.
func TestEnvFlagsThatContradictAreRefusedBeforeAnythingRuns(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"bash", "-o", ""}, "-o needs a path (or - for stdout)"},
		{[]string{"github", "--setup", "--form", "github-env"}, "--setup and --form github-env both pick the output; keep one"},
	} {
		io, _, _, _ := teststreams.New()
		cmd := NewCmdEnv(&cmdutil.Factory{IOStreams: io}, func(*EnvOptions) error { t.Errorf("%q ran", tt.args); return nil })
		cmd.SetArgs(tt.args)
		cmd.SilenceErrors, cmd.SilenceUsage = true, true
		if err := cmd.Execute(); err == nil || err.Error() != tt.want {
			t.Errorf("%q: %v, want %q", tt.args, err, tt.want)
		}
	}
	// --setup with --form setup says the same thing twice: allowed.
	io, _, _, _ := teststreams.New()
	cmd := NewCmdEnv(&cmdutil.Factory{IOStreams: io}, func(*EnvOptions) error { return nil })
	cmd.SetArgs([]string{"github", "--setup", "--form", "setup"})
	if err := cmd.Execute(); err != nil {
		t.Errorf("--setup --form setup: %v", err)
	}
}

// TestTheApplyHintFitsTheForm: on a terminal zenv says how to apply the
// output; a form applied otherwise than its target's default says so
// itself (a whole prefect.yaml is written, not pasted; --into writes only
// the pull step; a setup script is piped into bash).
func TestTheApplyHintFitsTheForm(t *testing.T) {
	for _, c := range []struct {
		args      []string
		want, not string
	}{
		{[]string{"prefect"}, "--into prefect.yaml", ""},
		{[]string{"prefect", "--form", "deployment"}, "-o prefect.yaml", "--into"},
		{[]string{"prefect", "--form", "job-variables"}, "paste it under a deployment", "--into"},
		{[]string{"github", "--setup"}, "--setup | bash", "paste"},
		{[]string{"github", "--form", "github-env"}, `&& eval "$out" || exit 1`, "paste"},
		{[]string{"github"}, "paste it into the workflow", ""},
		{[]string{"github", "--form", "workflow"}, "-o .github/workflows/zenml.yml", "paste"},
	} {
		_, _, stderr := envOnTTY(t, true, c.args...)
		hint := ""
		for _, l := range strings.Split(stderr, "\n") {
			if strings.Contains(l, "to apply this, run: ") {
				hint = l
			}
		}
		if !strings.Contains(hint, c.want) || c.not != "" && strings.Contains(hint, c.not) {
			t.Errorf("zenv env %s: hint %q; want %q in it, and not %q", strings.Join(c.args, " "), hint, c.want, c.not)
		}
	}
}
