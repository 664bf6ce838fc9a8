// Package key is `zenv key`: API keys in the OS keyring (macOS Keychain,
// Windows Credential Manager, the Secret Service on Linux), under service
// zenv, so a profile can say api_key: {keyring: NAME} instead of holding
// the key. The key is read from standard input, never from a flag, and
// every keyring call is bounded by a timeout ($ZENV_KEYRING_TIMEOUT). Each
// subcommand has its own Options and run function, with what it needs as
// function fields, so each run is tested directly.
package key

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/config"
	"github.com/zenv-dev/zenv/internal/iostreams"
	oskeyring "github.com/zenv-dev/zenv/internal/keyring"
)

// Store is the OS keyring as the key commands use it.
type Store interface {
	Get(name string) (string, error)
	Set(name, key string) error
	Delete(name string) error
	List() ([]string, error)
}

// NewCmdKey builds `zenv key` and its subcommands.
func NewCmdKey(f *cmdutil.Factory) *cobra.Command {
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
	cmd.AddCommand(NewCmdSet(f, nil), NewCmdGet(f, nil), NewCmdRm(f, nil), NewCmdList(f, nil))
	return cmd
}

func storeOf(f *cmdutil.Factory) func() (Store, error) {
	return func() (Store, error) { return f.Keyring() }
}

// usersOf returns the function that lists the profiles of the config file
// ($ZENV_CONFIG or the default) that use a keyring item. A config file
// that cannot be read names none: the keyring is the subject here.
func usersOf(f *cmdutil.Factory) func(item string) []string {
	return func(item string) []string {
		path, _ := f.ProfileSource("", "").File()
		if path == "" {
			return nil
		}
		c, err := config.ReadDoc(path)
		if err != nil {
			return nil
		}
		return c.KeyringUsers(item)
	}
}

func checkName(args []string) error { return oskeyring.CheckName(args[0]) }

// SetOptions are `zenv key set NAME`'s.
type SetOptions struct {
	Store   func() (Store, error)
	ReadKey func() (string, error)
	Users   func(item string) []string
	Notice  func(string)
	Name    string
	Force   bool
}

// NewCmdSet builds `zenv key set`; runF replaces setRun in tests.
func NewCmdSet(f *cmdutil.Factory, runF func(*SetOptions) error) *cobra.Command {
	opts := &SetOptions{Store: storeOf(f), ReadKey: f.ReadKeyFromStdin, Users: usersOf(f), Notice: f.Notice}
	cmd := &cobra.Command{
		Use: "set NAME", Short: "Store a key read from standard input (hidden on a terminal)",
		Example:           "  zenv key set prod\n  printenv ZENML_PROD_KEY | zenv key set prod",
		Args:              cmdutil.ExactArgs(checkName, "NAME"),
		ValidArgsFunction: completeKeyNames(f),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return setRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace an item that exists already")
	return cmd
}

func setRun(opts *SetOptions) error {
	store, err := opts.Store()
	if err != nil {
		return err
	}
	// Checked before the key is read, so nobody pastes a key for nothing.
	if !opts.Force {
		_, err := store.Get(opts.Name)
		switch {
		case err == nil:
			msg := fmt.Sprintf("OS keyring item %s exists already", opts.Name)
			if users := opts.Users(opts.Name); len(users) > 0 {
				msg += fmt.Sprintf(" and is the key of %s", joinNames(users))
			}
			return errors.New(msg + "; pass --force to replace it, or pick another name")
		case !errors.Is(err, oskeyring.ErrNotFound):
			return err
		}
	}
	key, err := opts.ReadKey()
	if err != nil {
		return err
	}
	if err := store.Set(opts.Name, key); err != nil {
		return err
	}
	opts.Notice(fmt.Sprintf("stored the key as OS keyring item %s (service %s); use it with api_key: {keyring: %s} or --api-key-keyring %s", opts.Name, oskeyring.Service, opts.Name, opts.Name))
	return nil
}

// GetOptions are `zenv key get NAME`'s.
type GetOptions struct {
	IO     *iostreams.IOStreams
	Store  func() (Store, error)
	Secret func(string) // adds the key to the redactor
	Name   string
}

// NewCmdGet builds `zenv key get`; runF replaces getRun in tests.
func NewCmdGet(f *cmdutil.Factory, runF func(*GetOptions) error) *cobra.Command {
	opts := &GetOptions{IO: f.IOStreams, Store: storeOf(f)}
	if f.Redactor != nil {
		opts.Secret = f.Redactor.Add
	}
	cmd := &cobra.Command{
		Use: "get NAME", Short: "Print a stored key, for a pipe (refused on a terminal)",
		Example:           "  zenv key get prod | gh secret set ZENML_STORE_API_KEY",
		Args:              cmdutil.ExactArgs(checkName, "NAME"),
		ValidArgsFunction: completeKeyNames(f),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return getRun(opts)
		},
	}
	return cmd
}

func getRun(opts *GetOptions) error {
	if opts.IO.StdoutTTY {
		return fmt.Errorf("zenv key get prints the key for a pipe, and standard output is a terminal; run e.g. zenv key get %s | gh secret set NAME", opts.Name)
	}
	store, err := opts.Store()
	if err != nil {
		return err
	}
	key, err := store.Get(opts.Name)
	if err != nil {
		return err
	}
	if opts.Secret != nil {
		opts.Secret(key)
	}
	if _, err := fmt.Fprintln(opts.IO.Out, key); err != nil {
		return cmdutil.WriteError(err)
	}
	return nil
}

// RmOptions are `zenv key rm NAME`'s.
type RmOptions struct {
	Store  func() (Store, error)
	Users  func(item string) []string
	Notice func(string)
	Name   string
}

// NewCmdRm builds `zenv key rm`; runF replaces rmRun in tests.
func NewCmdRm(f *cmdutil.Factory, runF func(*RmOptions) error) *cobra.Command {
	opts := &RmOptions{Store: storeOf(f), Users: usersOf(f), Notice: f.Notice}
	return &cobra.Command{
		Use: "rm NAME", Short: "Remove a stored key", Example: "  zenv key rm prod",
		Args:              cmdutil.ExactArgs(checkName, "NAME"),
		ValidArgsFunction: completeKeyNames(f),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return rmRun(opts)
		},
	}
}

func rmRun(opts *RmOptions) error {
	store, err := opts.Store()
	if err != nil {
		return err
	}
	if err := store.Delete(opts.Name); err != nil {
		return err
	}
	msg := "removed OS keyring item " + opts.Name
	if users := opts.Users(opts.Name); len(users) > 0 {
		msg += fmt.Sprintf("; %s still %s to it (api_key: {keyring: %s}) and will fail until you store a key again or change %s", joinNames(users), plural(len(users), "refers", "refer"), opts.Name, plural(len(users), "it", "them"))
	}
	opts.Notice(msg)
	return nil
}

// ListOptions are `zenv key list`'s.
type ListOptions struct {
	IO    *iostreams.IOStreams
	Store func() (Store, error)
	Users func(item string) []string
	JSON  bool
}

// NewCmdList builds `zenv key list`; runF replaces listRun in tests.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IOStreams, Store: storeOf(f), Users: usersOf(f)}
	cmd := &cobra.Command{
		Use: "list", Short: "List the names of the stored keys",
		Example: "  zenv key list\n  zenv key list --json",
		Args:    cmdutil.ExactArgs(nil),
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return listRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print a JSON array of {name, profiles}")
	return cmd
}

type listEntry struct {
	Name     string   `json:"name"`
	Profiles []string `json:"profiles"`
}

func listRun(opts *ListOptions) error {
	store, err := opts.Store()
	if err != nil {
		return err
	}
	names, err := store.List()
	if err != nil {
		return err
	}
	var out string
	switch {
	case opts.JSON:
		entries := []listEntry{}
		for _, n := range names {
			users := opts.Users(n)
			if users == nil {
				users = []string{}
			}
			entries = append(entries, listEntry{Name: n, Profiles: users})
		}
		b, _ := json.MarshalIndent(entries, "", "  ")
		out = string(b) + "\n"
	case len(names) > 0:
		out = strings.Join(names, "\n") + "\n"
	}
	if _, err := opts.IO.Out.Write([]byte(out)); err != nil {
		return cmdutil.WriteError(err)
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

func joinNames(names []string) string {
	if len(names) == 1 {
		return "profile " + names[0]
	}
	return "profiles " + strings.Join(names, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
