// Package profile is `zenv profile`: list, show, add, remove, use, rename,
// check and import the profiles of zenv's config file. Each subcommand has
// its own Options and run function, with what it needs as function fields,
// so each run is tested directly. Edits go through internal/config, which
// keeps a hand-kept file's comments, order and blank lines, writes
// atomically with mode 0600 under a lock, and never rewrites a file it
// could not parse.
package profile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/config"
	"github.com/zenv-dev/zenv/internal/keyring"
)

// NewCmdProfile builds `zenv profile` and its subcommands.
func NewCmdProfile(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "profile",
		Short: "List, add, change, check and import profiles",
		Long: `Manage the profiles of zenv's config file (--config, $ZENV_CONFIG, or
<user config dir>/zenv/config.yaml). Edits keep the file's comments, order and
blank lines, replace it atomically with mode 0600, and wait for any other zenv
editing it at the same time.`,
		Example: `  zenv profile list
  zenv profile add prod --url https://zenml.example.com --api-key-env ZENML_PROD_KEY
  printenv ZENML_PROD_KEY | zenv profile add prod --url https://zenml.example.com --api-key-stdin --keyring
  zenv profile use prod
  zenv profile check
  zenv profile import zenml --keyring`,
	}
	cmd.AddCommand(
		NewCmdList(f, nil), NewCmdShow(f, nil), NewCmdAdd(f, nil), NewCmdRemove(f, nil),
		NewCmdUse(f, nil), NewCmdRename(f, nil), NewCmdCheck(f, nil), NewCmdImport(f, nil),
	)
	return cmd
}

// KeyStore is the part of the OS keyring the profile commands use.
type KeyStore interface {
	Get(name string) (string, error)
	Set(name, key string) error
}

// configFlag registers --config on cmd.
func configFlag(cmd *cobra.Command, dst *string) {
	cmd.Flags().StringVar(dst, "config", "", "config file `PATH` (default: $ZENV_CONFIG, then <user config dir>/zenv/config.yaml)")
}

// configPathOf returns the function that finds the config file the
// profile commands read and edit, for the --config value in flag.
func configPathOf(f *cmdutil.Factory, flag *string) func() (string, error) {
	return func() (string, error) {
		path, _ := f.ProfileSource(*flag, "").File()
		if path == "" {
			return "", errors.New("cannot find the user config directory; pass --config PATH or set $ZENV_CONFIG")
		}
		return path, nil
	}
}

func keyringOf(f *cmdutil.Factory) func() (KeyStore, error) {
	return func() (KeyStore, error) { return f.Keyring() }
}

func checkName(args []string) error { return config.CheckName(args[0]) }

// editError adds the next step to config's errors.
func editError(err error) error {
	if errors.Is(err, config.ErrExists) {
		return fmt.Errorf("%w; pass --force to replace it, or pick another name", err)
	}
	return err
}

// claimItem refuses to store a key under keyring item unless force: other
// profiles that use the item would send this key to their own server, and
// a stored key would be lost. replacing names the profiles this edit
// replaces anyway.
func claimItem(store KeyStore, c *config.Doc, item string, replacing []string, force bool) error {
	if force {
		return nil
	}
	var others []string
	for _, u := range c.KeyringUsers(item) {
		if !contains(replacing, u) {
			others = append(others, u)
		}
	}
	if len(others) > 0 {
		return fmt.Errorf("OS keyring item %s is the key of %s %s in %s; storing another key there would send it to their server: pass --force to replace it, or pick another name", item, plural(len(others), "profile", "profiles"), strings.Join(others, ", "), c.Path())
	}
	if _, err := store.Get(item); err == nil {
		return fmt.Errorf("OS keyring item %s exists already; pass --force to replace it, or use it as it is with --api-key-keyring %s", item, item)
	} else if !errors.Is(err, keyring.ErrNotFound) {
		return err
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
