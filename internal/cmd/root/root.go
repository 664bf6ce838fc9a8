// Package root builds the zenv command tree: every command package is
// registered here, and nothing else happens here.
package root

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/zenv-dev/zenv/internal/build"
	"github.com/zenv-dev/zenv/internal/cmd/completion"
	"github.com/zenv-dev/zenv/internal/cmd/doctor"
	"github.com/zenv-dev/zenv/internal/cmd/env"
	"github.com/zenv-dev/zenv/internal/cmd/key"
	"github.com/zenv-dev/zenv/internal/cmd/lint"
	"github.com/zenv-dev/zenv/internal/cmd/profile"
	"github.com/zenv-dev/zenv/internal/cmd/push"
	"github.com/zenv-dev/zenv/internal/cmd/rotate"
	"github.com/zenv-dev/zenv/internal/cmd/run"
	"github.com/zenv-dev/zenv/internal/cmd/targets"
	"github.com/zenv-dev/zenv/internal/cmd/version"
	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/fuzzy"
	"github.com/zenv-dev/zenv/internal/keysource"
)

// Environment is the root help's section on the variables zenv reads; the
// man page (internal/tools/mangen) prints it as ENVIRONMENT.
const Environment = `  ZENV_CONFIG            the config file, when --config is not given
  ZENV_PROFILE           the profile, when -p/--profile is not given
  ZENV_KEYRING_TIMEOUT   how long a keyring read may take (default 3s), e.g.
                         to answer a macOS Keychain dialog
  SHELL                  zenv env without a target: the shell to write for
                         when the parent process is not a shell zenv knows
  NO_COLOR               set to anything: no colour in zenv doctor's report
                         (zenv env never colours its output)
`

// ExitCodes is the root help's section on exit codes; the man page prints
// it as EXIT STATUS.
const ExitCodes = `  0   done: the output was written, or every check passed
  1   the output could not be written (closed pipe, full disk), or a check failed
  2   bad input or a refused value; stdout is empty and stderr holds one line
  zenv run ends with its command's own status (127 not found, 126 cannot run)
`

// NewCmdRoot builds `zenv` and all its commands.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command { return newCmdRoot(f, false) }

// NewCmdRootFor builds what args need. `zenv env ...` runs in every new
// shell, and building the other commands with their flags took a fifth of
// a millisecond of its start (about 7%): for it only `env` (and help) is
// built. Anything else gets every command.
func NewCmdRootFor(f *cmdutil.Factory, args []string) *cobra.Command {
	return newCmdRoot(f, len(args) > 0 && args[0] == "env")
}

func newCmdRoot(f *cmdutil.Factory, onlyEnv bool) *cobra.Command {
	io := f.IOStreams
	var showVersion bool
	root := &cobra.Command{
		Use:   "zenv",
		Short: "Render the ZenML client environment for a shell or CI system",
		Long: `zenv renders the variables a ZenML client needs (ZENML_STORE_URL,
ZENML_STORE_API_KEY, ...) from one profile, quoted exactly for bash, zsh, sh,
fish, tcsh, nushell, PowerShell, cmd, Prefect, GitHub Actions, GitLab CI,
Kubernetes, docker, systemd, .env and JSON, and refuses any value a target
cannot carry. 'zenv targets' lists them.`,
		Example: `  zenv profile add prod --url https://zenml.example.com --api-key-env ZENML_PROD_KEY
  eval "$(zenv env bash -p prod)"               # bash, zsh, .bashrc
  zenv env fish -p prod | source
  zenv env prefect -p prod --form pull-step     # paste into prefect.yaml
  zenv env github -p ci                         # env: block for a workflow
  zenv targets                                  # every target and its forms
  zenv run -p prod -- python -m pipelines.train # a command with the profile
  zenv doctor -p prod                           # does the profile reach the server?
  zenv push -p prod                             # the key to its GitHub, GitLab, Prefect stores
  zenv rotate -p prod --admin-user admin --admin-password-keyring zenml-admin
  zenv lint                                     # settings that cannot work
  zenv help config                              # the profile file
  zenv completion bash > ~/.local/share/bash-completion/completions/zenv`,
		SilenceErrors: true,
		SilenceUsage:  true,
		// cobra's own "Did you mean this?\n\t..." spans lines; zenv's
		// errors are one line, so unknown commands are answered here.
		DisableSuggestions: true,
		Args:               cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if showVersion {
				return version.Print(io.Out, build.Read(), false)
			}
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
		return flagError{err, c.CommandPath(), flagHint(c, err)}
	})
	// --version is zenv's own flag, not cobra's Version field, so the build
	// information is read only when asked for (never on zenv env's path).
	root.Flags().BoolVar(&showVersion, "version", false, "print the version, commit, build date and Go version")
	// cobra's default completion command has terse help; zenv's says how
	// to install the script in each shell.
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetUsageTemplate(root.UsageTemplate() + rootSections)
	root.AddCommand(env.NewCmdEnv(f, nil))
	if onlyEnv {
		root.SetHelpCommand(newCmdHelp(root))
		return root
	}
	root.AddCommand(lint.NewCmdLint(f, nil))
	root.AddCommand(run.NewCmdRun(f, nil))
	root.AddCommand(targets.NewCmdTargets(f, nil))
	root.AddCommand(profile.NewCmdProfile(f, nil))
	root.AddCommand(key.NewCmdKey(f, nil))
	root.AddCommand(doctor.NewCmdDoctor(f, nil))
	root.AddCommand(push.NewCmdPush(f, nil))
	root.AddCommand(rotate.NewCmdRotate(f, nil))
	root.AddCommand(completion.NewCmdCompletion(f, nil))
	root.AddCommand(version.NewCmdVersion(f, nil))
	registerProfileCompletion(f, root)
	root.SetHelpCommand(newCmdHelp(root))
	refuseUnknownSubcommands(root)
	return root
}

// rootSections follow the flags in `zenv --help` only (subcommands inherit
// the usage template, hence the HasParent test).
const rootSections = `{{if not .HasParent}}
Environment variables:
` + Environment + `
Exit codes:
` + ExitCodes + `{{end}}`

// flagError adds a hint and where to read about the flags to cobra's
// message.
type flagError struct {
	err  error
	path string
	hint string
}

func (e flagError) Error() string {
	return e.err.Error() + e.hint + "; see '" + e.path + " --help'"
}

// flagHint answers an unknown flag: the likeliest mistake, giving the key
// itself, is told where the key comes from; others get the nearest flag.
func flagHint(c *cobra.Command, err error) string {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return ""
	}
	name, _, _ = strings.Cut(name, "=")
	switch strings.ToLower(name) {
	case "api-key", "key", "token", "api-token", "apikey", "zenml-api-key", "api-key-value":
		if c.Flags().Lookup("api-key-env") != nil {
			return "; no flag takes the key itself (it would show in ps and shell history): use " + keysource.FlagHelp()
		}
	}
	var names []string
	c.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	if near := fuzzy.Closest(name, names); near != "" {
		return fmt.Sprintf("; did you mean --%s?", near)
	}
	return ""
}
func (e flagError) Unwrap() error { return e.err }

// registerProfileCompletion completes -p/--profile with the config file's
// profile names on every command that has it.
func registerProfileCompletion(f *cmdutil.Factory, c *cobra.Command) {
	cmdutil.RegisterProfileCompletion(f, c)
	for _, sub := range c.Commands() {
		registerProfileCompletion(f, sub)
	}
}

// refuseUnknownSubcommands makes every command that only groups others
// (zenv profile, zenv key) answer a mistyped subcommand with exit 2 and
// one line: cobra prints help and exits 0, so a script's `zenv key remove
// prod` would seem to have worked.
func refuseUnknownSubcommands(c *cobra.Command) {
	for _, sub := range c.Commands() {
		if sub.HasSubCommands() && !sub.Runnable() {
			sub.Args = cobra.ArbitraryArgs
			sub.RunE = func(cmd *cobra.Command, args []string) error {
				if len(args) == 0 {
					return cmd.Help()
				}
				return fmt.Errorf("%s", strings.Replace(unknownCommand(cmd, args[0]).Error(), "unknown command", "unknown "+cmd.Name()+" command", 1))
			}
		}
		refuseUnknownSubcommands(sub)
	}
}
