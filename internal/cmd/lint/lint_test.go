package lint

import (
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
	zlint "github.com/zenv-dev/zenv/internal/lint"
	"github.com/zenv-dev/zenv/internal/testsupport/cmdtest"
)

func TestLintFlagsFillOptions(t *testing.T) {
	io, _, _, _ := iostreams.Test()
	var got *LintOptions
	cmd := NewCmdLint(&cmdutil.Factory{IOStreams: io}, func(o *LintOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--format", "sarif", "a.yaml", "dir"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Format != "sarif" || strings.Join(got.Paths, ",") != "a.yaml,dir" {
		t.Errorf("options: %+v", got)
	}
}

// TestLintExitCodes runs the real command: findings are exit 1 with the
// findings on stdout, a clean file exit 0, bad usage exit 2 with nothing
// on stdout.
func TestLintExitCodes(t *testing.T) {
	const tree = "../../lint/testdata/tree/"
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a substring, "" for empty
	}{
		{"the seed's recipe", []string{tree + "seed/prefect.yaml"}, cmdutil.ExitFailure,
			"seed/prefect.yaml:14:11: ZL001 ZenML does not read ZENML_URL; did you mean ZENML_STORE_URL?\n"},
		{"json", []string{"--format", "json", tree + "seed"}, cmdutil.ExitFailure, `"rule": "ZL002"`},
		{"sarif", []string{"--format", "sarif", tree + "seed"}, cmdutil.ExitFailure, `"ruleId": "ZL002"`},
		{"a clean file", []string{tree + "zl005-pull-step-secret/good/prefect.yaml"}, cmdutil.ExitOK, ""},
		{"info only", []string{tree + "zl009-unread-name"}, cmdutil.ExitOK, "ZL009"},
		{"an unknown format", []string{"--format", "xml", tree}, cmdutil.ExitInput, ""},
		{"a missing path", []string{tree + "no-such-file"}, cmdutil.ExitInput, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, stdout, _ := cmdtest.Factory(t, func(string) string { return "" })
			cmd := NewCmdLint(f, nil)
			cmd.SetArgs(tt.args)
			cmd.SilenceErrors, cmd.SilenceUsage = true, true
			err := cmd.Execute()
			if got := cmdutil.ExitCode(err); got != tt.code {
				t.Errorf("exit code %d, want %d (err %v)", got, tt.code, err)
			}
			if tt.stdout == "" && tt.code == cmdutil.ExitInput && stdout.Len() != 0 {
				t.Errorf("bad usage wrote to stdout: %q", stdout)
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout %q does not hold %q", stdout, tt.stdout)
			}
		})
	}
}

func TestHelpListsEveryRule(t *testing.T) {
	io, _, _, _ := iostreams.Test()
	long := NewCmdLint(&cmdutil.Factory{IOStreams: io}, nil).Long
	for _, r := range zlint.Rules {
		if !strings.Contains(long, r.ID+"  "+string(r.Level)) {
			t.Errorf("zenv lint --help does not list %s", r.ID)
		}
	}
}
