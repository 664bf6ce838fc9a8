// Package lint is `zenv lint [PATH...]`: it finds, in files, the ZenML
// client settings that cannot work, before they are committed. The checks
// live in internal/lint; this package parses flags, prints and maps the
// result to an exit code.
package lint

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
	zlint "github.com/zenv-dev/zenv/internal/lint"
	"github.com/zenv-dev/zenv/internal/textsafe"
)

// LintOptions are what `zenv lint` was asked to do, and the little it
// needs beyond the streams.
type LintOptions struct {
	IO *iostreams.IOStreams
	// FlushWarnings prints the queued warnings; lint calls it before its
	// report, so they never follow it.
	FlushWarnings func()
	// Notice prints one redacted line on stderr (a skipped file).
	Notice func(string)

	Paths  []string
	Format string
}

// NewCmdLint builds `zenv lint`. runF does the work; tests pass their own
// to check what the flags fill in.
func NewCmdLint(f *cmdutil.Factory, runF func(*LintOptions) error) *cobra.Command {
	opts := &LintOptions{IO: f.IOStreams, FlushWarnings: f.FlushWarnings, Notice: f.Notice}
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Find ZenML client settings that cannot work, in files",
		Long: `Scan files and directories (default: the current directory) for ZenML
client settings that cannot work: names the client does not read, Prefect
run_shell_script steps whose variables never reach the flow run, literal
API keys, and more. Knows prefect.yaml, GitHub workflows, .gitlab-ci.yml,
.env files, Dockerfiles, compose files, Kubernetes manifests and shell
scripts; every other text file is searched for keys.

Skips .git, vendor, node_modules, third_party and what git ignores; never
follows a symbolic link; reads at most 4 MiB of a file, and parses at most
1 MiB or 500 levels of nesting (a larger or deeper file is searched for keys
only). A binary, too large, unreadable or unparsable file is reported on
stderr (text) or in the output (json, sarif) as skipped.

Rules:
` + RuleList() + `
Exit status: 0 when nothing at warning level or above was found, 1 when
something was, 2 for bad usage.`,
		Example: `  zenv lint
  zenv lint deploy/prefect.yaml .github/workflows
  zenv lint --format sarif > zenv-lint.sarif   # for GitHub code scanning`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return lintRun(cmd.Context(), opts)
		},
	}
	cmdutil.EnumFlag(cmd, &opts.Format, "format", "text", zlint.Formats, "output `FORMAT`: "+strings.Join(zlint.Formats, ", "))
	return cmd
}

// RuleList describes every rule, from the rule table.
func RuleList() string {
	var b strings.Builder
	for _, r := range zlint.Rules {
		fmt.Fprintf(&b, "  %s  %-7s %s\n", r.ID, r.Level, r.Name)
	}
	return b.String()
}

func lintRun(ctx context.Context, opts *LintOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	rep, err := zlint.Run(ctx, opts.Paths, zlint.Options{})
	if err != nil {
		return &cmdutil.ExitError{Code: cmdutil.ExitInput, Err: err}
	}
	// Build all output before writing any: a failed write is exit 1 with a
	// message, never half a SARIF file that looks whole.
	var out bytes.Buffer
	tool := zlint.Tool{Name: "zenv", URI: "https://github.com/zenv-dev/zenv"}
	if err := zlint.Write(&out, opts.Format, rep, tool); err != nil {
		return err
	}
	opts.FlushWarnings() // warnings go before a report, not after it
	// A reader that closed the pipe (zenv lint | head) has seen enough;
	// the exit status still says whether there were findings.
	if _, err := opts.IO.Out.Write(out.Bytes()); err != nil && !iostreams.IsClosedPipe(err) {
		return cmdutil.WriteError(err)
	}
	if opts.Format == "text" {
		for _, s := range rep.Skipped {
			opts.Notice("skipped " + textsafe.Escape(s.Path) + ": " + textsafe.Escape(s.Reason))
		}
	}
	if rep.ExitCode() != zlint.ExitClean {
		return &cmdutil.SilentError{Code: cmdutil.ExitFailure}
	}
	return nil
}
