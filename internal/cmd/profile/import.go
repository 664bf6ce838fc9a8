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
	"github.com/zenv-dev/zenv/internal/configedit"
	"github.com/zenv-dev/zenv/internal/keysource"
	"github.com/zenv-dev/zenv/internal/zenmlimport"
)

// ImportOptions are `zenv profile import zenml`'s own.
type ImportOptions struct {
	ZenMLConfig string // --zenml-config DIR
	Name        string // --name: the profile name, for one server
	Server      string // --server URL: import only this one
	KeyEnv      string // --api-key-env NAME: refer to this variable
	KeyFile     string // --api-key-file PATH: write the key there, refer to it
	Keyring     bool   // --keyring: store the key in the OS keyring
	Force       bool
}

func newCmdImport(f *cmdutil.Factory, run func(*ProfileOptions) error) *cobra.Command {
	opts := &ProfileOptions{IO: f.IOStreams, Factory: f, Action: "import"}
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
are listed with the reason and skipped.`,
		Example: `  zenv profile import zenml --keyring
  zenv profile import zenml --server https://zenml.example.com --name prod --api-key-file ~/.config/zenv/prod.key
  ZENML_CONFIG_PATH=/ci/zenml zenv profile import zenml --api-key-env ZENML_STORE_API_KEY`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 || args[0] != "zenml" {
				return errors.New("zenv profile import takes one source: zenml")
			}
			return nil
		},
		ValidArgs: []string{"zenml\tthe ZenML client's own login"},
		RunE: func(c *cobra.Command, args []string) error {
			opts.Args = args
			return run(opts)
		},
	}
	fl := cmd.Flags()
	io := &opts.Import
	fl.StringVar(&opts.Config, "config", "", "zenv config file `PATH` to add the profiles to")
	fl.StringVar(&io.ZenMLConfig, "zenml-config", "", "the ZenML client's config `DIR` (default: $ZENML_CONFIG_PATH, then the client's own default)")
	fl.StringVar(&io.Name, "name", "", "profile `NAME` (one server only; default: the server's host)")
	fl.StringVar(&io.Server, "server", "", "import only the server at `URL`")
	fl.BoolVar(&io.Keyring, "keyring", false, "store each key in the OS keyring, as an item named after its profile")
	fl.StringVar(&io.KeyFile, "api-key-file", "", "write the key to file `PATH` (mode 0600) and refer to it (one server only)")
	fl.StringVar(&io.KeyEnv, "api-key-env", "", "refer to environment variable `NAME` for the key, which you export (one server only)")
	fl.BoolVar(&io.Force, "force", false, "replace existing profiles of the same names, and an existing --api-key-file")
	cmd.MarkFlagsMutuallyExclusive("keyring", "api-key-file", "api-key-env")
	cmd.MarkFlagDirname("zenml-config")
	return cmd
}

// planned is one profile an import writes.
type planned struct {
	name   string
	server zenmlimport.Server
	entry  configedit.Profile
}

func importRun(opts *ProfileOptions) error {
	f, io := opts.Factory, opts.Import
	dir := io.ZenMLConfig
	if dir == "" {
		var err error
		if dir, err = zenmlimport.Dir(f.Getenv, os.UserConfigDir); err != nil {
			return err
		}
	}
	res, err := zenmlimport.Read(dir, f.Getenv)
	if err != nil {
		return err
	}
	servers := res.Servers
	if io.Server != "" {
		want := strings.TrimRight(io.Server, "/")
		servers = nil
		for _, s := range res.Servers {
			if s.URL == want {
				servers = append(servers, s)
			}
		}
	}
	for _, s := range servers {
		f.Redactor.Add(s.Key.Reveal())
	}
	skipped := func() string {
		var parts []string
		for _, s := range res.Skipped {
			parts = append(parts, s.URL+": "+s.Reason)
		}
		return strings.Join(parts, "; ")
	}
	switch {
	case len(servers) == 0 && io.Server != "":
		return fmt.Errorf("%s holds no API-key login to %s; %s", dir, io.Server, orNone(skipped()))
	case len(servers) == 0:
		return fmt.Errorf("%s holds no server the client reaches with an API key; %s", dir, orNone(skipped()))
	case len(servers) > 1 && (io.Name != "" || io.KeyFile != "" || io.KeyEnv != ""):
		var urls []string
		for _, s := range servers {
			urls = append(urls, s.URL)
		}
		return fmt.Errorf("--name, --api-key-file and --api-key-env are for one server, and %s holds %d (%s); pick one with --server URL", dir, len(servers), strings.Join(urls, ", "))
	}

	var plan []planned
	for _, s := range servers {
		name := io.Name
		if name == "" {
			name = nameFor(s.URL)
		}
		if err := configedit.CheckName(name); err != nil {
			return err
		}
		e := configedit.Profile{URL: s.URL, Project: s.Project, Stack: s.Stack}
		if s.VerifySSL != "" && s.VerifySSL != "true" {
			e.VerifySSL = s.VerifySSL // true is the client's default
		}
		switch {
		case io.Keyring:
			e.APIKey = configedit.KeyRef{Kind: "keyring", Ref: name}
		case io.KeyFile != "":
			// Absolute: a relative path in the config file is relative to
			// that file, not to where import ran (found by the attack review).
			abs, err := filepath.Abs(keysource.ExpandHome(io.KeyFile, f.Getenv))
			if err != nil {
				return fmt.Errorf("--api-key-file %s: %w", io.KeyFile, err)
			}
			io.KeyFile = abs
			e.APIKey = configedit.KeyRef{Kind: "file", Ref: abs}
		case io.KeyEnv != "":
			e.APIKey = configedit.KeyRef{Kind: "env", Ref: io.KeyEnv}
		default:
			e.APIKey = configedit.KeyRef{Kind: "value", Ref: s.Key.Reveal()}
		}
		plan = append(plan, planned{name, s, e})
	}

	path, err := configFile(f, opts.Config)
	if err != nil {
		return err
	}
	var names []string
	for _, p := range plan {
		names = append(names, p.name)
	}
	err = configedit.EditChecked(path, func(c *configedit.Config) error {
		for _, p := range plan {
			if err := c.Add(p.name, p.entry, io.Force); err != nil {
				return err
			}
		}
		// Keys go where the profiles point only once every profile fits;
		// the file is written only once they are there.
		return storeKeys(f, io, plan)
	}, loadsAsEnvWould(path, names, false))
	if err != nil {
		return editError(err)
	}
	for _, p := range plan {
		msg := fmt.Sprintf("imported profile %s (%s) into %s", p.name, p.server.URL, path)
		switch p.entry.APIKey.Kind {
		case "keyring":
			msg += "; key stored as OS keyring item " + p.name
		case "file":
			msg += "; key written to " + io.KeyFile
		case "env":
			msg += fmt.Sprintf("; it reads the key from $%s, which you must export (zenv did not store the key)", io.KeyEnv)
		case "value":
			msg += "; the key is written in the config file itself (mode 0600): pass --keyring or --api-key-file to keep it out"
		}
		if p.server.ProKey {
			msg += "; the key is the ZenML Pro organization key"
		}
		f.Notice(msg)
	}
	for _, s := range res.Skipped {
		if io.Server == "" || s.URL == strings.TrimRight(io.Server, "/") {
			f.Notice(fmt.Sprintf("not imported: %s: %s", s.URL, s.Reason))
		}
	}
	return nil
}

func storeKeys(f *cmdutil.Factory, io ImportOptions, plan []planned) error {
	switch {
	case io.Keyring:
		store, err := f.Keyring()
		if err != nil {
			return err
		}
		for _, p := range plan {
			if err := store.Set(p.name, p.server.Key.Reveal()); err != nil {
				return err
			}
		}
	case io.KeyFile != "":
		path := keysource.ExpandHome(io.KeyFile, f.Getenv)
		if _, err := os.Lstat(path); err == nil && !io.Force {
			return fmt.Errorf("%s already exists; pass --force to replace it, or pick another --api-key-file", path)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return fmt.Errorf("cannot write the key file: %w", err)
		}
		if err := cmdutil.WriteOutput(path, []byte(plan[0].server.Key.Reveal()+"\n"), nil); err != nil {
			return fmt.Errorf("cannot write the key file: %w", err)
		}
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
