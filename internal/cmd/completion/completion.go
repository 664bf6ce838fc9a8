// Package completion is `zenv completion SHELL`: cobra's completion scripts,
// generated from the command tree at run time, so every command, flag and
// target name that exists completes, with nothing kept by hand.
package completion

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
)

// Shells are the shells cobra writes a script for, in the order help shows.
var Shells = []string{"bash", "zsh", "fish", "powershell"}

// CompletionOptions are what `zenv completion` was asked to do.
type CompletionOptions struct {
	IO    *iostreams.IOStreams
	Shell string
	Root  *cobra.Command // the tree the script completes
}

// NewCmdCompletion builds `zenv completion`. runF nil is the real run.
func NewCmdCompletion(f *cmdutil.Factory, runF func(*CompletionOptions) error) *cobra.Command {
	opts := &CompletionOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "completion SHELL",
		Short: "Print a completion script for bash, zsh, fish or PowerShell",
		Long: `Print the script that makes SHELL complete zenv's commands, flags and
target names. Load it once per session, or install it where the shell finds
completions on its own.

bash (needs the bash-completion package):
  source <(zenv completion bash)                                  # this session
  zenv completion bash > ~/.local/share/bash-completion/completions/zenv

zsh (needs compinit; run it after the script is installed):
  zenv completion zsh > "${fpath[1]}/_zenv"
  # or, in ~/.zshrc after compinit:  source <(zenv completion zsh)

fish:
  zenv completion fish > ~/.config/fish/completions/zenv.fish

PowerShell (add the line to $PROFILE to keep it):
  zenv completion powershell | Out-String | Invoke-Expression

Release archives hold these scripts under completions/ (zenv.bash, _zenv,
zenv.fish): copy the one for your shell to the place above. No package
manager installs them for you yet.`,
		Example: `  source <(zenv completion bash)
  zenv completion fish > ~/.config/fish/completions/zenv.fish`,
		ValidArgs: Shells,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("zenv completion takes one shell, got %d; shells: %s", len(args), strings.Join(Shells, ", "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Shell = args[0]
			opts.Root = cmd.Root()
			if runF != nil {
				return runF(opts)
			}
			return Write(opts.IO.Out, opts.Root, opts.Shell)
		},
	}
	return cmd
}

// Write writes root's completion script for shell.
func Write(w io.Writer, root *cobra.Command, shell string) error {
	switch shell {
	case "bash":
		return root.GenBashCompletionV2(w, true)
	case "zsh":
		return root.GenZshCompletion(w)
	case "fish":
		return root.GenFishCompletion(w, true)
	case "powershell", "pwsh":
		return root.GenPowerShellCompletionWithDesc(w)
	}
	return fmt.Errorf("no completion for shell %q; shells: %s", shell, strings.Join(Shells, ", "))
}
