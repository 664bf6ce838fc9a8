package root

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
)

// complete runs cobra's hidden __complete command, which the bash (v2),
// zsh, fish and PowerShell scripts of `zenv completion SHELL` all call:
// its output is what each shell offers. It returns the candidates and the
// directive line.
func complete(t *testing.T, config string, args ...string) ([]string, string) {
	t.Helper()
	io, _, out, _ := teststreams.New()
	getenv := func(k string) string {
		if k == "ZENV_CONFIG" {
			return config
		}
		return ""
	}
	f := &cmdutil.Factory{IOStreams: io, Getenv: getenv, Redactor: &redact.Redactor{},
		ProfileSource: func(c, p string) profile.Source {
			s := profile.OSSource(c, p)
			s.Getenv = getenv
			return s
		}}
	cmd := NewCmdRoot(f)
	cmd.SetArgs(append([]string{"__complete"}, args...))
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	return lines[:len(lines)-1], lines[len(lines)-1]
}

func TestCompletion(t *testing.T) {
	config := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(config, []byte("default: prod\nprofiles:\n  dev: {url: 'http://localhost:8237'}\n  prod: {url: 'https://zenml.example.com'}\n"), 0o600)
	for _, tc := range []struct {
		name string
		args []string
		want []string // candidates, in order
	}{
		{"profiles after -p", []string{"env", "bash", "-p", ""}, []string{"dev\thttp://localhost:8237", "prod\tdefault: https://zenml.example.com"}},
		{"profiles after --profile", []string{"env", "bash", "--profile", "d"}, []string{"dev\thttp://localhost:8237", "prod\tdefault: https://zenml.example.com"}},
		{"profiles after zenv run -p", []string{"run", "-p", ""}, []string{"dev\thttp://localhost:8237", "prod\tdefault: https://zenml.example.com"}},
		{"profile names of another --config", []string{"env", "bash", "--config", "/nonexistent.yaml", "-p", ""}, nil},
		{"profile show", []string{"profile", "show", ""}, []string{"dev\thttp://localhost:8237", "prod\tdefault: https://zenml.example.com"}},
		{"profile rename takes one existing name", []string{"profile", "rename", "dev", ""}, nil},
		{"forms of the target given", []string{"env", "prefect", "--form", ""}, []string{
			"deployment\tprefect: a complete minimal prefect.yaml with the pull step",
			"job-variables\tprefect: work_pool.job_variables.env, for Prefect < 3.4.1 (prefect deploy stores the key on the deployment)"}},
		{"import source", []string{"profile", "import", ""}, []string{"zenml\tthe ZenML client's own login"}},
		{"lint --format", []string{"lint", "--format", ""}, []string{"text", "json", "sarif"}},
		{"doctor --format", []string{"doctor", "--format", ""}, []string{"text", "json", "github"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, directive := complete(t, config, tc.args...)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
			if directive != ":4" { // ShellCompDirectiveNoFileComp
				t.Errorf("directive %s", directive)
			}
		})
	}
}

func TestTargetCompletionOffersEveryNameAndAlias(t *testing.T) {
	got, _ := complete(t, "", "env", "")
	joined := "\n" + strings.Join(got, "\n") + "\n"
	for _, want := range []string{"\nbash\t", "\npowershell\t", "\npwsh\tpowershell\n", "\ngha\tgithub\n", "\ngithub\t", "\ncmd\t", "\nbat\tcmd\n"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no %q in %q", want, got)
		}
	}
}

// TestHelpCompletionOffersCommandsAndTopics: zenv help <TAB> offers every
// command and every help topic.
func TestHelpCompletionOffersCommandsAndTopics(t *testing.T) {
	got, directive := complete(t, "", "help", "")
	joined := "\n" + strings.Join(got, "\n")
	for _, want := range append([]string{"env", "lint", "doctor", "profile"}, TopicNames()...) {
		if !strings.Contains(joined, "\n"+want+"\t") {
			t.Errorf("no %q in %q", want, got)
		}
	}
	if directive != ":4" {
		t.Errorf("directive %s", directive)
	}
}

// TestUsageLinesPutFlagsBeforeTheCommand: cobra appends "[flags]" to a
// usage line that lacks it, which put it after "-- COMMAND" in zenv run's.
func TestUsageLinesPutFlagsBeforeTheCommand(t *testing.T) {
	io, _, _, _ := teststreams.New()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		line := c.UseLine()
		if i := strings.Index(line, " -- "); i >= 0 && strings.Contains(line[i:], "[flags]") {
			t.Errorf("%s: %q", c.CommandPath(), line)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(NewCmdRoot(&cmdutil.Factory{IOStreams: io, Redactor: &redact.Redactor{}}))
}

// TestProfileCompletionIsOneLinePerProfile: a url holding a newline or an
// escape (a hand-edited file) stays on its candidate's line, escaped.
func TestProfileCompletionIsOneLinePerProfile(t *testing.T) {
	config := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(config, []byte("profiles:\n  dev: {url: \"http://localhost:8237\\nevil\\tcandidate\\e[2J\"}\n"), 0o600)
	got, _ := complete(t, config, "env", "bash", "-p", "")
	if len(got) != 1 || got[0] != `dev	http://localhost:8237\nevil\tcandidate\x1b[2J` {
		t.Errorf("got %q", got)
	}
}
