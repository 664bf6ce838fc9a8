package profile

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
	zprofile "github.com/zenv-dev/zenv/internal/profile"
)

// CheckOptions are `zenv profile check`'s.
type CheckOptions struct {
	IO     *iostreams.IOStreams
	Source func() zprofile.Source
	Notice func(string)
	Redact func(string) string // every line passes the one redactor
}

// NewCmdCheck builds `zenv profile check`; runF replaces checkRun in tests.
func NewCmdCheck(f *cmdutil.Factory, runF func(*CheckOptions) error) *cobra.Command {
	var flag string
	opts := &CheckOptions{IO: f.IOStreams, Source: func() zprofile.Source { return f.ProfileSource(flag, "") }, Notice: f.Notice, Redact: f.Redactor.String}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "List every problem of the config file, with file:line (exit 1 if any)",
		Long: `Check every profile of the config file as zenv env would load it, and list
every problem, one per line, each with its file:line, then every warning
(marked "warning:"). Exit 0 when there is no problem (warnings alone
exit 0), 1 when there is any.`,
		Example: "  zenv profile check\n  zenv profile check --config ./zenv.yaml",
		Args:    cmdutil.ExactArgs(nil),
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return checkRun(opts)
		},
	}
	configFlag(cmd, &flag)
	return cmd
}

func checkRun(opts *CheckOptions) error {
	path, n, problems, warnings, err := zprofile.Check(opts.Source())
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, p := range problems {
		b.WriteString(opts.Redact(cmdutil.OneLine(p.Error())) + "\n")
	}
	// Warnings are what zenv env, push and doctor warn about: listed, marked,
	// and no failure.
	for _, w := range warnings {
		b.WriteString(opts.Redact(cmdutil.OneLine("warning: "+w)) + "\n")
	}
	if _, err := opts.IO.Out.Write([]byte(b.String())); err != nil {
		return cmdutil.WriteError(err)
	}
	warned := ""
	if len(warnings) > 0 {
		warned = fmt.Sprintf(", %d %s", len(warnings), plural(len(warnings), "warning", "warnings"))
	}
	if len(problems) == 0 {
		opts.Notice(fmt.Sprintf("%s: %d %s, no problems%s", path, n, plural(n, "profile", "profiles"), warned))
		return nil
	}
	opts.Notice(fmt.Sprintf("%s: %d %s%s", path, len(problems), plural(len(problems), "problem", "problems"), warned))
	return &cmdutil.SilentError{Code: cmdutil.ExitFailure}
}
