// Package root builds the zenv command tree: every command package is
// registered here, and nothing else happens here.
package root

import (
	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmd/env"
	"github.com/zenv-dev/zenv/internal/cmd/key"
	"github.com/zenv-dev/zenv/internal/cmd/profile"
	"github.com/zenv-dev/zenv/internal/cmd/run"
	"github.com/zenv-dev/zenv/internal/cmdutil"
)

// Version is set by the release build (-X .../internal/cmd/root.Version=...).
var Version = "dev"

// NewCmdRoot builds `zenv` and its commands.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	io := f.IOStreams
	root := &cobra.Command{
		Use:   "zenv",
		Short: "Render the ZenML client environment for a shell or CI system",
		Long: `zenv renders the variables a ZenML client needs (ZENML_STORE_URL,
ZENML_STORE_API_KEY, ...) from one profile, quoted exactly for bash, zsh, sh,
fish, PowerShell, cmd, Prefect and GitHub Actions, and refuses any value a
target cannot carry.`,
		Version:       Version,
		SilenceErrors: true,
		SilenceUsage:  true,
		// cobra's own "Did you mean this?\n\t..." spans lines; zenv's
		// errors are one line, so unknown commands are answered here.
		DisableSuggestions: true,
		Args:               cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return c.Help()
			}
			return unknownCommand(c, args[0])
		},
	}
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return flagError{err, c.CommandPath()}
	})
	root.AddCommand(env.NewCmdEnv(f, nil))
	root.AddCommand(profile.NewCmdProfile(f, nil))
	root.AddCommand(key.NewCmdKey(f, nil))
	root.AddCommand(run.NewCmdRun(f, nil))
	registerProfileCompletion(f, root)
	root.SetHelpCommand(newCmdHelp(root))
	return root
}

// flagError adds where to read about the flags to cobra's message.
type flagError struct {
	err  error
	path string
}

func (e flagError) Error() string { return e.err.Error() + "; see '" + e.path + " --help'" }
func (e flagError) Unwrap() error { return e.err }

// registerProfileCompletion completes -p/--profile with the config file's
// profile names on every command that has it.
func registerProfileCompletion(f *cmdutil.Factory, c *cobra.Command) {
	cmdutil.RegisterProfileCompletion(f, c)
	for _, sub := range c.Commands() {
		registerProfileCompletion(f, sub)
	}
}
