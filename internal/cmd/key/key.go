// Package key is `zenv key`: API keys in the OS keyring (macOS Keychain,
// Windows Credential Manager, the Secret Service on Linux), under service
// zenv, so a profile can say api_key: {keyring: NAME} instead of holding
// the key. The key is read from standard input, never from a flag, and
// every keyring call is bounded by a timeout ($ZENV_KEYRING_TIMEOUT).
package key

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
	oskeyring "github.com/zenv-dev/zenv/internal/keyring"
)

// KeyOptions are what a `zenv key` subcommand was asked to do.
type KeyOptions struct {
	IO      *iostreams.IOStreams
	Factory *cmdutil.Factory

	Action string // set, get, rm, list
	Name   string
}

// NewCmdKey builds `zenv key` and its subcommands. runF does the work;
// tests pass their own.
func NewCmdKey(f *cmdutil.Factory, runF func(*KeyOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "key",
		Short: "Keep api keys in the OS keyring",
		Long: `Keep ZenML api keys in the OS keyring (macOS Keychain, Windows Credential
Manager, the Secret Service on Linux) under service zenv. A profile uses one
with api_key: {keyring: NAME}, or a command with --api-key-keyring NAME.

Every keyring call gives up after 3 seconds ($ZENV_KEYRING_TIMEOUT, e.g. 30s):
on a Linux without a running Secret Service it fails fast instead of hanging.`,
		Example: `  zenv key set prod                     # paste the key; it does not show
  op read op://ci/zenml/key | zenv key set prod
  zenv env bash --url https://zenml.example.com --api-key-keyring prod
  zenv key list
  zenv key rm prod`,
	}
	sub := func(use, action, short string, args cobra.PositionalArgs, example string) *cobra.Command {
		c := &cobra.Command{
			Use: use, Short: short, Args: args, Example: example,
			RunE: func(c *cobra.Command, args []string) error {
				opts := &KeyOptions{IO: f.IOStreams, Factory: f, Action: action}
				if len(args) > 0 {
					opts.Name = args[0]
				}
				if runF != nil {
					return runF(opts)
				}
				return keyRun(opts)
			},
		}
		if action != "list" {
			c.ValidArgsFunction = completeKeyNames(f)
		}
		return c
	}
	cmd.AddCommand(
		sub("set NAME", "set", "Store a key read from standard input (hidden on a terminal)", oneName("set"),
			"  zenv key set prod\n  printenv ZENML_PROD_KEY | zenv key set prod"),
		sub("get NAME", "get", "Print a stored key, for a pipe (refused on a terminal)", oneName("get"),
			"  zenv key get prod | gh secret set ZENML_STORE_API_KEY"),
		sub("rm NAME", "rm", "Remove a stored key", oneName("rm"), "  zenv key rm prod"),
		sub("list", "list", "List the names of the stored keys", cobra.NoArgs, "  zenv key list"),
	)
	return cmd
}

func oneName(action string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return fmt.Errorf("zenv key %s takes one key name, got %d", action, len(args))
		}
		return oskeyring.CheckName(args[0])
	}
}

func keyRun(opts *KeyOptions) error {
	f := opts.Factory
	store, err := f.Keyring()
	if err != nil {
		return err
	}
	switch opts.Action {
	case "set":
		key, err := f.ReadKeyFromStdin()
		if err != nil {
			return err
		}
		if err := store.Set(opts.Name, key); err != nil {
			return err
		}
		f.Notice(fmt.Sprintf("stored the key as OS keyring item %s (service %s); use it with api_key: {keyring: %s} or --api-key-keyring %s", opts.Name, oskeyring.Service, opts.Name, opts.Name))
	case "get":
		if opts.IO.StdoutTTY {
			return fmt.Errorf("zenv key get prints the key for a pipe, and standard output is a terminal; run e.g. zenv key get %s | gh secret set NAME", opts.Name)
		}
		key, err := store.Get(opts.Name)
		if err != nil {
			return err
		}
		f.Redactor.Add(key)
		if _, err := fmt.Fprintln(opts.IO.Out, key); err != nil {
			return cmdutil.WriteError(err)
		}
	case "rm":
		if err := store.Delete(opts.Name); err != nil {
			return err
		}
		f.Notice("removed OS keyring item " + opts.Name)
	case "list":
		names, err := store.List()
		if err != nil {
			return err
		}
		if len(names) > 0 {
			if _, err := fmt.Fprintln(opts.IO.Out, strings.Join(names, "\n")); err != nil {
				return cmdutil.WriteError(err)
			}
		}
	default:
		return errors.New("unknown key action " + opts.Action)
	}
	return nil
}

// completeKeyNames offers the stored key names. Completion must not hang
// a shell: the keyring's own timeout bounds it, and any error offers
// nothing.
func completeKeyNames(f *cmdutil.Factory) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		store, err := f.Keyring()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		names, _ := store.List()
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}
