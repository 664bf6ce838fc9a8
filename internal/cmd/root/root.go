// Package root builds the zenv command tree: every command package is
// registered here, and nothing else happens here.
package root

import (
	"errors"
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
  1   the output could not be written (a full disk; a closed pipe, for output
      that is applied, such as zenv env's), or a check failed; help, lists and
      reports end quietly with their own status when the reader closes the pipe
  2   bad input or a refused value; stdout is empty and stderr holds one line
  zenv run ends with its command's own status (127 not found, 126 cannot run)
`

// NewCmdRoot builds `zenv` and all its commands.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command { return newCmdRoot(f, false) }

// NewCmdRootFor builds what args need. `zenv env ...` runs in every new
// shell, so for it only `env` (and help) is built, not the other commands
// with their flags. Anything else gets every command.
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
  out=$(zenv env bash -p prod) && eval "$out"   # bash, zsh, .bashrc
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
		// `zenv evn bash -p prod`: cobra parses the flags of the command
		// it stopped at (the root, or a group such as profile) before its
		// RunE would say the command does not exist; the mistyped command
		// is the mistake to name, not the flag.
		if words := c.Flags().Args(); len(words) > 0 && (c == root || c.HasSubCommands()) {
			return unknownCommandOf(c, words[0])
		}
		var enum *cmdutil.EnumError
		if errors.As(err, &enum) {
			return fmt.Errorf("%w; see '%s --help'", enum, c.CommandPath())
		}
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
	root.AddCommand(profile.NewCmdProfile(f))
	root.AddCommand(key.NewCmdKey(f))
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
				return unknownCommandOf(cmd, args[0])
			}
		}
		refuseUnknownSubcommands(sub)
	}
}

// unknownCommandOf is unknownCommand for the root or a group of commands
// ("unknown profile command ...").
func unknownCommandOf(c *cobra.Command, name string) error {
	if !c.HasParent() {
		return unknownCommand(c, name)
	}
	return fmt.Errorf("%s", strings.Replace(unknownCommand(c, name).Error(), "unknown command", "unknown "+c.Name()+" command", 1))
}

// informational lists the commands whose output is read by a person or
// cut short by a pager or `head`: help, lists, versions, completion
// scripts, lint's and doctor's reports. A pipe closed before they finish is the reader
// having seen enough, as for other CLIs: a quiet success (the exit status
// keeps any verdict of the command: lint's findings, doctor's failed
// checks). Everything
// else, above all zenv env, whose output is applied (eval, source, a file
// a program reads), fails with exit 1: half an eval is dangerous.
var informational = map[string]bool{
	"zenv": true, "zenv help": true, "zenv version": true, "zenv targets": true,
	"zenv profile": true, "zenv profile list": true, "zenv profile show": true,
	"zenv key": true, "zenv key list": true, "zenv completion": true, "zenv lint": true, "zenv doctor": true,
}

// QuietOnClosedPipe reports whether c, the command that ran, ends quietly
// and successfully when its reader closes the pipe: an informational
// command, or any command's --help.
func QuietOnClosedPipe(c *cobra.Command) bool {
	if c == nil {
		return false
	}
	if help, err := c.Flags().GetBool("help"); err == nil && help {
		return true
	}
	return informational[c.CommandPath()]
}
