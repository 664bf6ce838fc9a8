package main

import (
	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/envcmd"
	"github.com/zenv-dev/zenv/internal/iostreams"
)

// version is set by the release build (-X main.version=...).
var version = "dev"

func newCmdRoot(io *iostreams.IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "zenv",
		Short: "Render the ZenML client environment for a shell or CI system",
		Long: `zenv renders the variables a ZenML client needs (ZENML_STORE_URL,
ZENML_STORE_API_KEY, ...) from one profile, quoted exactly for bash, zsh, sh,
fish, PowerShell, cmd, Prefect and GitHub Actions, and refuses any value a
target cannot carry.`,
		Version:       version,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return flagError{err, c.CommandPath()}
	})
	root.AddCommand(newCmdEnv(io, envcmd.Run))
	root.AddCommand(newHelpConfig())
	return root
}

// flagError adds where to read about the flags to cobra's message.
type flagError struct {
	err  error
	path string
}

func (e flagError) Error() string { return e.err.Error() + "; see '" + e.path + " --help'" }
func (e flagError) Unwrap() error { return e.err }
