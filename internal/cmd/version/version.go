// Package version is `zenv version` (and `zenv --version`): which release,
// commit and Go toolchain built this binary, as text or JSON.
package version

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/build"
	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
)

// VersionOptions are what `zenv version` was asked to do.
type VersionOptions struct {
	IO   *iostreams.IOStreams
	JSON bool
}

// NewCmdVersion builds `zenv version`. runF nil is the real run.
func NewCmdVersion(f *cmdutil.Factory, runF func(*VersionOptions) error) *cobra.Command {
	opts := &VersionOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print zenv's version, commit, build date and Go version",
		Long: `Print the version of this zenv binary, the commit and date it was built
from, and the Go toolchain and platform. A release binary carries the values
goreleaser stamped in; a go install build reports its module version; a
build from a work tree says "dev" (or its tag, when built from a clean
checkout of one).`,
		Example: `  zenv version
  zenv --version
  zenv version --json | jq -r .version`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return Print(opts.IO.Out, build.Read(), opts.JSON)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print one JSON object: version, commit, date, go, platform")
	return cmd
}

// Print writes info as `zenv version` shows it; root's --version uses it too.
func Print(w io.Writer, info build.Info, asJSON bool) error {
	if asJSON {
		b, err := json.Marshal(info)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	_, err := fmt.Fprintf(w, "zenv %s\ncommit: %s\ndate:   %s\ngo:     %s %s\n",
		info.Version, orUnknown(info.Commit), orUnknown(info.Date), info.GoVersion, info.Platform)
	return err
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
