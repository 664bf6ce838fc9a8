package profile

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/configedit"
	zprofile "github.com/zenv-dev/zenv/internal/profile"
)

// AddOptions are `zenv profile add`'s own.
type AddOptions struct {
	Profile cmdutil.ProfileOptions // the same profile flags as zenv env
	Force   bool
	Keyring bool // store the key read with --api-key-stdin in the OS keyring
}

func newCmdAdd(f *cmdutil.Factory, run func(*ProfileOptions) error) *cobra.Command {
	opts := &ProfileOptions{IO: f.IOStreams, Factory: f, Action: "add"}
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a profile from the same flags zenv env takes",
		Long: `Add profile NAME to the config file, from the same flags zenv env takes.
The settings are checked as zenv env checks them before anything is written.
An existing profile is replaced, in place, only with --force.

With --api-key-stdin --keyring the key is read now (without echo on a
terminal), stored in the OS keyring as item NAME, and the profile refers to
it: api_key: {keyring: NAME}.`,
		Example: `  zenv profile add prod --url https://zenml.example.com --api-key-env ZENML_PROD_KEY
  zenv profile add prod --url https://zenml.example.com --api-key-stdin --keyring
  zenv profile add ci --url https://zenml.example.com --github-secret ZENML_CI_KEY --github-environment ci`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("zenv profile add takes one profile name, got %d", len(args))
			}
			return configedit.CheckName(args[0])
		},
		RunE: func(c *cobra.Command, args []string) error {
			opts.Args = args
			if opts.Add.Profile.Profile != "" {
				return errors.New("zenv profile add names the profile as its argument, not with -p")
			}
			opts.Config = opts.Add.Profile.Config
			return run(opts)
		},
	}
	fl := cmd.Flags()
	cmdutil.AddProfileFlags(fl, &opts.Add.Profile)
	fl.MarkHidden("profile")
	fl.BoolVar(&opts.Add.Force, "force", false, "replace an existing profile of that name")
	fl.BoolVar(&opts.Add.Keyring, "keyring", false, "with --api-key-stdin: store the key in the OS keyring as item NAME and refer to it")
	fl.SortFlags = false
	return cmd
}

// flagsOnly is a profile source with no config file: add validates the
// flags alone, as zenv env would read them.
func flagsOnly() zprofile.Source {
	src := zprofile.OSSource("", "")
	src.NoConfig, src.Getenv = true, func(string) string { return "" }
	return src
}

func addRun(opts *ProfileOptions) error {
	f, name := opts.Factory, opts.Args[0]
	ov := opts.Add.Profile.Resolved()
	if opts.Add.Keyring && ov.Key["stdin"] == "" {
		return errors.New("--keyring stores the key read with --api-key-stdin; add --api-key-stdin, or drop --keyring")
	}
	p, warnings, err := zprofile.Load(flagsOnly(), ov)
	if err != nil {
		return err
	}
	f.Warn(warnings...)
	entry := configedit.Profile{URL: p.URL, VerifySSL: p.VerifySSL, Project: p.Project, Stack: p.Stack, Env: p.Env, Settings: ov.Settings}
	for kind, ref := range ov.Key { // Load allowed one at most
		if kind == "file" && !filepath.IsAbs(ref) && !strings.HasPrefix(ref, "~") {
			// In the file, a relative path is relative to the file;
			// on the command line it was relative to here.
			if ref, err = filepath.Abs(ref); err != nil {
				return err
			}
		}
		entry.APIKey = configedit.KeyRef{Kind: kind, Ref: ref}
	}
	var key string
	if opts.Add.Keyring {
		if key, err = f.ReadKeyFromStdin(); err != nil {
			return err
		}
		entry.APIKey = configedit.KeyRef{Kind: "keyring", Ref: name}
	}
	path, err := configFile(f, opts.Config)
	if err != nil {
		return err
	}
	err = configedit.EditChecked(path, func(c *configedit.Config) error {
		if err := c.Add(name, entry, opts.Add.Force); err != nil {
			return err
		}
		// The key is stored only once the profile is known to fit, and the
		// file is written only once the key is stored.
		if opts.Add.Keyring {
			store, err := f.Keyring()
			if err != nil {
				return err
			}
			return store.Set(name, key)
		}
		return nil
	}, loadsAsEnvWould(path, []string{name}, ov.AllowUnknown))
	if err != nil {
		return editError(err)
	}
	msg := fmt.Sprintf("added profile %s to %s", name, path)
	if opts.Add.Keyring {
		msg += fmt.Sprintf("; its key is OS keyring item %s", name)
	}
	f.Notice(msg)
	return nil
}
