package profile

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/config"
	"github.com/zenv-dev/zenv/internal/fsutil"
	"github.com/zenv-dev/zenv/internal/keysource"
	zprofile "github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/zenmlimport"
)

// ImportOptions are `zenv profile import zenml`'s.
type ImportOptions struct {
	Getenv     func(string) string
	ConfigPath func() (string, error)
	// ZenMLDir is the client's config directory when --zenml-config is
	// not given.
	ZenMLDir func() (string, error)
	Store    func() (KeyStore, error)
	// Secret adds a key read from the client's files to the redactor.
	Secret func(string)
	Notice func(string)

	ZenMLConfig string // --zenml-config DIR
	Name        string // --name: the profile name, for one server
	Server      string // --server URL: import only this one
	KeyEnv      string // --api-key-env NAME: refer to this variable
	KeyFile     string // --api-key-file PATH: write the key there, refer to it
	Keyring     bool   // --keyring: store the key in the OS keyring
	Force       bool
}

// NewCmdImport builds `zenv profile import zenml`; runF replaces importRun
// in tests.
func NewCmdImport(f *cmdutil.Factory, runF func(*ImportOptions) error) *cobra.Command {
	var flag string
	opts := &ImportOptions{
		Getenv: f.Getenv, ConfigPath: configPathOf(f, &flag), Store: keyringOf(f),
		ZenMLDir: func() (string, error) { return zenmlimport.Dir(f.Getenv, os.UserConfigDir) },
		Secret:   f.Redactor.Add, Notice: f.Notice,
	}
	cmd := &cobra.Command{
		Use:   "import zenml",
		Short: "Create profiles from the ZenML client's own login",
		Long: `Read the ZenML client's config.yaml and credentials.yaml ($ZENML_CONFIG_PATH,
or the client's default directory; --zenml-config DIR) and create a profile for
each server the client reaches with an API key: url, verify_ssl, and the active
project and stack of the server the client is connected to.

The key is kept by reference with --keyring (OS keyring item named after the
profile), --api-key-file PATH (written there, mode 0600) or --api-key-env NAME
(you export NAME yourself). Without one of them the profile holds the key
itself (api_key: {value: ...}) in the 0600 config file, and zenv says so.
Servers logged in with a username and password, or with a session token only,
are listed with the reason and skipped, as is a saved key zenv could not read
back. An OS keyring item another profile uses, or one that exists already, is
replaced only with --force.`,
		Example: `  zenv profile import zenml --keyring
  zenv profile import zenml --server https://zenml.example.com --name prod --api-key-file ~/.config/zenv/prod.key
  ZENML_CONFIG_PATH=/ci/zenml zenv profile import zenml --api-key-env ZENML_STORE_API_KEY`,
		Args: cmdutil.ExactArgs(func(a []string) error {
			if a[0] != "zenml" {
				return errors.New("zenv profile import takes one source: zenml")
			}
			return nil
		}, "zenml"),
		ValidArgs: []string{"zenml\tthe ZenML client's own login"},
		RunE: func(c *cobra.Command, args []string) error {
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return importRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&flag, "config", "", "zenv config file `PATH` to add the profiles to")
	fl.StringVar(&opts.ZenMLConfig, "zenml-config", "", "the ZenML client's config `DIR` (default: $ZENML_CONFIG_PATH, then the client's own default)")
	fl.StringVar(&opts.Name, "name", "", "profile `NAME` (one server only; default: the server's host)")
	fl.StringVar(&opts.Server, "server", "", "import only the server at `URL`")
	fl.BoolVar(&opts.Keyring, "keyring", false, "store each key in the OS keyring, as an item named after its profile")
	fl.StringVar(&opts.KeyFile, "api-key-file", "", "write the key to file `PATH` (mode 0600) and refer to it (one server only)")
	fl.StringVar(&opts.KeyEnv, "api-key-env", "", "refer to environment variable `NAME` for the key, which you export (one server only)")
	fl.BoolVar(&opts.Force, "force", false, "replace existing profiles of the same names, their OS keyring items, and an existing --api-key-file")
	cmd.MarkFlagsMutuallyExclusive("keyring", "api-key-file", "api-key-env")
	cmd.MarkFlagDirname("zenml-config")
	return cmd
}

// validate refuses flags import cannot honour, before any file is read.
func (o *ImportOptions) validate() error {
	if o.KeyEnv != "" {
		if err := zprofile.CheckKeyEnvName(o.KeyEnv); err != nil {
			return fmt.Errorf("--api-key-env %w", err)
		}
	}
	return nil
}

// planned is one profile an import writes.
type planned struct {
	name   string
	server zenmlimport.Server
	entry  config.Entry
}

func importRun(opts *ImportOptions) error {
	dir := opts.ZenMLConfig
	if dir == "" {
		var err error
		if dir, err = opts.ZenMLDir(); err != nil {
			return err
		}
	}
	res, err := zenmlimport.Read(dir, opts.Getenv)
	if err != nil {
		return err
	}
	want := strings.TrimRight(opts.Server, "/")
	var servers []zenmlimport.Server
	skipped := res.Skipped
	for _, s := range res.Servers {
		if opts.Server != "" && s.URL != want {
			continue
		}
		opts.Secret(s.Key.Reveal())
		// Only a key zenv env can read back becomes a profile: one line,
		// no NUL (found by the attack review: a two-line key was written).
		if err := keysource.CheckKey(s.Key.Reveal(), "the client's credentials"); err != nil {
			skipped = append(skipped, zenmlimport.Skipped{URL: s.URL, Reason: err.Error()})
			continue
		}
		servers = append(servers, s)
	}
	if opts.Server != "" {
		var mine []zenmlimport.Skipped
		for _, s := range skipped {
			if s.URL == want {
				mine = append(mine, s)
			}
		}
		skipped = mine
	}
	skippedText := func() string {
		var parts []string
		for _, s := range skipped {
			parts = append(parts, shownURL(s.URL)+": "+s.Reason)
		}
		return strings.Join(parts, "; ")
	}
	switch {
	case len(servers) == 0 && opts.Server != "":
		return fmt.Errorf("%s holds no API-key login to %s; %s", dir, shownURL(opts.Server), orNone(skippedText()))
	case len(servers) == 0:
		return fmt.Errorf("%s holds no server the client reaches with an API key; %s", dir, orNone(skippedText()))
	case len(servers) > 1 && (opts.Name != "" || opts.KeyFile != "" || opts.KeyEnv != ""):
		var urls []string
		for _, s := range servers {
			urls = append(urls, shownURL(s.URL))
		}
		return fmt.Errorf("--name, --api-key-file and --api-key-env are for one server, and %s holds %d (%s); pick one with --server URL", dir, len(servers), strings.Join(urls, ", "))
	}

	keyFile := ""
	if opts.KeyFile != "" {
		// Absolute: a relative path in the config file is relative to
		// that file, not to where import ran (found by the attack review).
		abs, err := filepath.Abs(fsutil.ExpandHome(opts.KeyFile, opts.Getenv))
		if err != nil {
			return fmt.Errorf("--api-key-file %s: %w", opts.KeyFile, err)
		}
		keyFile = abs
	}
	var plan []planned
	for _, s := range servers {
		name := opts.Name
		if name == "" {
			name = nameFor(s.URL)
		}
		if err := config.CheckName(name); err != nil {
			return err
		}
		e := config.Entry{URL: s.URL, Project: s.Project, Stack: s.Stack}
		if s.VerifySSL != "" && s.VerifySSL != "true" {
			e.VerifySSL = s.VerifySSL // true is the client's default
		}
		switch {
		case opts.Keyring:
			e.APIKey = config.KeyRef{Kind: "keyring", Ref: name}
		case keyFile != "":
			e.APIKey = config.KeyRef{Kind: "file", Ref: keyFile}
		case opts.KeyEnv != "":
			e.APIKey = config.KeyRef{Kind: "env", Ref: opts.KeyEnv}
		default:
			e.APIKey = config.KeyRef{Kind: "value", Ref: s.Key.Reveal()}
		}
		plan = append(plan, planned{name, s, e})
	}

	path, err := opts.ConfigPath()
	if err != nil {
		return err
	}
	var names []string
	for _, p := range plan {
		names = append(names, p.name)
	}
	var store KeyStore
	if opts.Keyring {
		if store, err = opts.Store(); err != nil {
			return err
		}
	}
	err = config.Edit(path, func(c *config.Doc) error {
		for _, p := range plan {
			if err := c.Add(p.name, p.entry, opts.Force); err != nil {
				return err
			}
		}
		// Keys go where the profiles point only once every profile fits
		// and no other profile's key would be replaced; the file is
		// written only once they are there.
		if store != nil {
			for _, p := range plan {
				if err := claimItem(store, c, p.name, names, opts.Force); err != nil {
					return err
				}
			}
			for _, p := range plan {
				if err := store.Set(p.name, p.server.Key.Reveal()); err != nil {
					return err
				}
			}
		}
		if keyFile != "" {
			return writeKeyFile(keyFile, plan[0].server.Key.Reveal(), opts.Force)
		}
		return nil
	}, loadsAsEnvWould(path, names, false))
	if err != nil {
		return editError(err)
	}
	for _, p := range plan {
		msg := fmt.Sprintf("imported profile %s (%s) into %s", p.name, shownURL(p.server.URL), path)
		switch p.entry.APIKey.Kind {
		case "keyring":
			msg += "; key stored as OS keyring item " + p.name
		case "file":
			msg += "; key written to " + keyFile
		case "env":
			msg += fmt.Sprintf("; it reads the key from $%s, which you must export (zenv did not store the key)", opts.KeyEnv)
		case "value":
			msg += "; the key is written in the config file itself (mode 0600): pass --keyring or --api-key-file to keep it out"
		}
		if p.server.ProKey {
			msg += "; the key is the ZenML Pro organization key"
		}
		opts.Notice(msg)
	}
	for _, s := range skipped {
		opts.Notice(fmt.Sprintf("not imported: %s: %s", shownURL(s.URL), s.Reason))
	}
	return nil
}

func writeKeyFile(path, key string, force bool) error {
	if _, err := os.Lstat(path); err == nil && !force {
		return fmt.Errorf("%s already exists; pass --force to replace it, or pick another --api-key-file", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("cannot write the key file: %w", err)
	}
	if err := cmdutil.WriteOutput(path, []byte(key+"\n"), nil); err != nil {
		return fmt.Errorf("cannot write the key file: %w", err)
	}
	return nil
}

// nameFor names a profile after the server's host (and port), in the
// characters a profile name allows: 127.0.0.1:8237 becomes 127.0.0.1-8237.
func nameFor(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "zenml"
	}
	var b strings.Builder
	for _, r := range u.Host {
		switch {
		case r == '.' || r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

func orNone(s string) string {
	if s == "" {
		return "log in with: zenml login URL --api-key"
	}
	return "skipped: " + s
}

// shownURL is a server url as profile's commands show it (import's
// messages, show): never its userinfo (redact.URL). show's url has passed
// validation, which refuses userinfo; it goes through here all the same.
func shownURL(raw string) string {
	shown, _ := redact.URL(raw)
	return shown
}
