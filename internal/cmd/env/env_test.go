package env

import (
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/cmdutil"
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
