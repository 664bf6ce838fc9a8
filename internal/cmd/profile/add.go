package profile

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/config"
	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/internal/keysource"
	zprofile "github.com/zenv-dev/zenv/internal/profile"
)

// AddOptions are `zenv profile add NAME`'s.
type AddOptions struct {
	IO         *iostreams.IOStreams
	ConfigPath func() (string, error)
	// ReadKey reads the key to store from standard input (--keyring).
	ReadKey func() (string, error)
	Store   func() (KeyStore, error)
	Warn    func(...string)
	Notice  func(string)

	Name    string
	Profile cmdutil.ProfileOptions // the same profile flags as zenv env
	Force   bool
	Keyring bool // store the key read with --api-key-stdin in the OS keyring
}

// NewCmdAdd builds `zenv profile add`; runF replaces addRun in tests.
func NewCmdAdd(f *cmdutil.Factory, runF func(*AddOptions) error) *cobra.Command {
	opts := &AddOptions{IO: f.IOStreams, ReadKey: f.ReadKeyFromStdin, Store: keyringOf(f), Warn: f.Warn, Notice: f.Notice}
	opts.ConfigPath = configPathOf(f, &opts.Profile.Config)
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a profile from the same flags zenv env takes",
		Long: `Add profile NAME to the config file, from the same flags zenv env takes.
The settings are checked as zenv env checks them before anything is written,
and a profile needs a key source (or a target setting such as
--github-secret that names where the key lives). An existing profile is
replaced, in place, only with --force.

With --api-key-stdin --keyring the key is read now (without echo on a
terminal), stored in the OS keyring as item NAME, and the profile refers to
it: api_key: {keyring: NAME}. An item another profile uses, or one that
exists already, is replaced only with --force.`,
		Example: `  zenv profile add prod --url https://zenml.example.com --api-key-env ZENML_PROD_KEY
  zenv profile add prod --url https://zenml.example.com --api-key-stdin --keyring
  zenv profile add ci --url https://zenml.example.com --github-secret ZENML_CI_KEY --github-environment ci`,
		Args: cmdutil.ExactArgs(checkName, "NAME"),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Name = args[0]
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return addRun(opts)
		},
	}
	fl := cmd.Flags()
	cmdutil.AddProfileFlags(fl, &opts.Profile)
	cmdutil.AddSettingFlags(fl, &opts.Profile)
	fl.MarkHidden("profile")
	fl.BoolVar(&opts.Force, "force", false, "replace an existing profile of that name, and its OS keyring item")
	fl.BoolVar(&opts.Keyring, "keyring", false, "with --api-key-stdin: store the key in the OS keyring as item NAME and refer to it")
	fl.SortFlags = false
	return cmd
}

// validate refuses flag combinations add cannot honour.
func (o *AddOptions) validate() error {
	ov := o.Profile.Resolved()
	switch {
	case o.Profile.Profile != "":
		return errors.New("zenv profile add names the profile as its argument, not with -p")
	case o.Profile.NoConfig:
		return errors.New("--no-config reads and writes no config file, and zenv profile add writes one; drop --no-config (--config PATH picks another file)")
	case o.Keyring && ov.Key["stdin"] == "":
		return errors.New("--keyring stores the key read with --api-key-stdin; add --api-key-stdin, or drop --keyring")
	case len(ov.Key) == 0 && len(ov.Settings) == 0:
		return fmt.Errorf("profile %s would have no api key source, and zenv env would refuse it; pass %s (with --api-key-stdin, add --keyring to keep the key)", o.Name, keysource.FlagHelp())
	}
	return nil
}

// flagsOnly is a profile source with no config file: add validates the
// flags alone, as zenv env would read them.
func flagsOnly() zprofile.Source {
	src := zprofile.OSSource("", "")
	src.NoConfig, src.Getenv = true, func(string) string { return "" }
	return src
}

func addRun(opts *AddOptions) error {
	ov := opts.Profile.Resolved()
	p, warnings, err := zprofile.Load(flagsOnly(), ov)
	if err != nil {
		return err
	}
	opts.Warn(warnings...)
	entry := config.Entry{URL: p.URL, VerifySSL: p.VerifySSL, Project: p.Project, Stack: p.Stack, Env: p.Env, Settings: ov.Settings}
	for kind, ref := range ov.Key { // Load allowed one at most
		if kind == "file" && !filepath.IsAbs(ref) && !strings.HasPrefix(ref, "~") {
			// In the file, a relative path is relative to the file;
			// on the command line it was relative to here.
			if ref, err = filepath.Abs(ref); err != nil {
				return err
			}
		}
		entry.APIKey = config.KeyRef{Kind: kind, Ref: ref}
	}
	var key string
	var store KeyStore
	if opts.Keyring {
		if store, err = opts.Store(); err != nil {
			return err
		}
		if key, err = opts.ReadKey(); err != nil {
			return err
		}
		entry.APIKey = config.KeyRef{Kind: "keyring", Ref: opts.Name}
	}
	path, err := opts.ConfigPath()
	if err != nil {
		return err
	}
	err = config.Edit(path, func(c *config.Doc) error {
		if err := c.Add(opts.Name, entry, opts.Force); err != nil {
			return err
		}
		// The key is stored only once the profile is known to fit and no
		// other profile's key would be replaced; the file is written only
		// once the key is stored.
		if opts.Keyring {
			if err := claimItem(store, c, opts.Name, []string{opts.Name}, opts.Force); err != nil {
				return err
			}
			return store.Set(opts.Name, key)
		}
		return nil
	}, loadsAsEnvWould(path, []string{opts.Name}, ov.AllowUnknown))
	if err != nil {
		return editError(err)
	}
	msg := fmt.Sprintf("added profile %s to %s", opts.Name, path)
	if opts.Keyring {
		msg += fmt.Sprintf("; its key is OS keyring item %s", opts.Name)
	}
	opts.Notice(msg)
	return nil
}

// loadsAsEnvWould checks the new file's profiles named in names the way
// zenv env loads them, so that no edit writes a profile every other
// command then refuses (found by the attack review: import wrote URLs with
// queries, non-UUID projects and two-line keys).
func loadsAsEnvWould(path string, names []string, allowUnknown bool) func([]byte) error {
	return func(data []byte) error {
		for _, n := range names {
			src := zprofile.OSSource(path, n)
			src.ReadFile = func(string) ([]byte, error) { return data, nil }
			if _, _, err := zprofile.Load(src, zprofile.Overrides{AllowUnknown: allowUnknown}); err != nil {
				return fmt.Errorf("profile %s would not load, so nothing was written: %w", n, err)
			}
		}
		return nil
	}
}
