// Package profile is `zenv profile`: list, show, add, remove, use, rename
// and import the profiles of zenv's config file. Edits go through
// internal/configedit, which keeps a hand-kept file's comments, order and
// blank lines, writes atomically with mode 0600 under a lock, and never
// rewrites a file it could not parse.
package profile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/configedit"
	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/internal/keysource"
	zprofile "github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// ProfileOptions are what a `zenv profile` subcommand was asked to do.
type ProfileOptions struct {
	IO      *iostreams.IOStreams
	Factory *cmdutil.Factory

	Action string // list, show, use, remove, rename, add, import
	Config string // --config
	Args   []string
	JSON   bool // list --json

	Add    AddOptions
	Import ImportOptions
}

// NewCmdProfile builds `zenv profile` and its subcommands. runF does the
// work; tests pass their own.
func NewCmdProfile(f *cmdutil.Factory, runF func(*ProfileOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "profile",
		Short: "List, add, change and import profiles",
		Long: `Manage the profiles of zenv's config file (--config, $ZENV_CONFIG, or
<user config dir>/zenv/config.yaml). Edits keep the file's comments, order and
blank lines, replace it atomically with mode 0600, and wait for any other zenv
editing it at the same time.`,
		Example: `  zenv profile list
  zenv profile add prod --url https://zenml.example.com --api-key-env ZENML_PROD_KEY
  printenv ZENML_PROD_KEY | zenv profile add prod --url https://zenml.example.com --api-key-stdin --keyring
  zenv profile use prod
  zenv profile import zenml --keyring`,
	}
	run := func(opts *ProfileOptions) error {
		if runF != nil {
			return runF(opts)
		}
		return profileRun(opts)
	}
	sub := func(use, action, short, example string, nargs int) (*cobra.Command, *ProfileOptions) {
		opts := &ProfileOptions{IO: f.IOStreams, Factory: f, Action: action}
		c := &cobra.Command{
			Use: use, Short: short, Example: example,
			Args: func(c *cobra.Command, args []string) error {
				if len(args) != nargs {
					return fmt.Errorf("zenv profile %s takes %d argument(s) (%s), got %d", action, nargs, strings.TrimPrefix(use, action+" "), len(args))
				}
				return nil
			},
			RunE: func(c *cobra.Command, args []string) error {
				opts.Args = args
				return run(opts)
			},
		}
		if action != "add" {
			c.Flags().StringVar(&opts.Config, "config", "", "config file `PATH` (default: $ZENV_CONFIG, then <user config dir>/zenv/config.yaml)")
		}
		return c, opts
	}

	list, listOpts := sub("list", "list", "List the profiles; * marks the default", "  zenv profile list\n  zenv profile list --json", 0)
	list.Flags().BoolVar(&listOpts.JSON, "json", false, "print a JSON array of {name, default, url}")
	show, _ := sub("show NAME", "show", "Show a profile; the key's source, never the key", "  zenv profile show prod", 1)
	use, _ := sub("use NAME", "use", "Make a profile the default", "  zenv profile use prod", 1)
	remove, _ := sub("remove NAME", "remove", "Remove a profile", "  zenv profile remove old", 1)
	rename, _ := sub("rename OLD NEW", "rename", "Rename a profile (default: follows)", "  zenv profile rename prod production", 2)
	for _, c := range []*cobra.Command{show, use, remove, rename} {
		c.ValidArgsFunction = CompleteProfileArg(f)
	}
	remove.Aliases = []string{"rm"}
	add := newCmdAdd(f, run)
	imp := newCmdImport(f, run)
	cmd.AddCommand(list, show, add, remove, use, rename, imp)
	return cmd
}

func profileRun(opts *ProfileOptions) error {
	switch opts.Action {
	case "list":
		return listRun(opts)
	case "show":
		return showRun(opts)
	case "add":
		return addRun(opts)
	case "import":
		return importRun(opts)
	}
	path, err := configFile(opts.Factory, opts.Config)
	if err != nil {
		return err
	}
	f := opts.Factory
	switch opts.Action {
	case "use":
		err = configedit.Edit(path, func(c *configedit.Config) error { return c.SetDefault(opts.Args[0]) })
		if err == nil {
			f.Notice(fmt.Sprintf("profile %s is the default in %s", opts.Args[0], path))
		}
	case "remove":
		var ref configedit.KeyRef
		var dropped bool
		err = configedit.Edit(path, func(c *configedit.Config) error {
			ref = c.APIKey(opts.Args[0])
			dropped, err = c.Remove(opts.Args[0])
			return err
		})
		if err == nil {
			msg := fmt.Sprintf("removed profile %s from %s", opts.Args[0], path)
			if dropped {
				msg += "; it was the default, so the file has none now (pick one with zenv profile use NAME)"
			}
			if ref.Kind == "keyring" {
				msg += fmt.Sprintf("; its key stays in the OS keyring (zenv key rm %s removes it)", ref.Ref)
			}
			f.Notice(msg)
		}
	case "rename":
		err = configedit.Edit(path, func(c *configedit.Config) error { return c.Rename(opts.Args[0], opts.Args[1]) })
		if err == nil {
			f.Notice(fmt.Sprintf("renamed profile %s to %s in %s", opts.Args[0], opts.Args[1], path))
		}
	default:
		return errors.New("unknown profile action " + opts.Action)
	}
	return err
}

// editError adds the next step to configedit's errors.
func editError(err error) error {
	if errors.Is(err, configedit.ErrExists) {
		return fmt.Errorf("%w; pass --force to replace it, or pick another name", err)
	}
	return err
}

// configFile is the config file the profile commands read and edit.
func configFile(f *cmdutil.Factory, flag string) (string, error) {
	path, _ := zprofile.ConfigPath(f.ProfileSource(flag, ""))
	if path == "" {
		return "", errors.New("cannot find the user config directory; pass --config PATH or set $ZENV_CONFIG")
	}
	return path, nil
}

type listEntry struct {
	Name    string `json:"name"`
	Default bool   `json:"default"`
	URL     string `json:"url"`
}

func listRun(opts *ProfileOptions) error {
	path, err := configFile(opts.Factory, opts.Config)
	if err != nil {
		return err
	}
	c, err := configedit.Read(path)
	if err != nil {
		return err
	}
	entries := []listEntry{}
	for _, n := range c.Names() {
		entries = append(entries, listEntry{Name: n, Default: n == c.Default(), URL: c.Field(n, "url")})
	}
	var out strings.Builder
	if opts.JSON {
		b, _ := json.MarshalIndent(entries, "", "  ")
		out.Write(append(b, '\n'))
	} else {
		tw := tabwriter.NewWriter(&out, 0, 4, 2, ' ', 0)
		for _, e := range entries {
			mark := " "
			if e.Default {
				mark = "*"
			}
			fmt.Fprintf(tw, "%s %s\t%s\n", mark, e.Name, e.URL)
		}
		tw.Flush()
		if len(entries) == 0 {
			opts.Factory.Notice(fmt.Sprintf("%s has no profiles; add one with zenv profile add NAME --url URL ...", path))
		}
	}
	if _, err := opts.IO.Out.Write([]byte(out.String())); err != nil {
		return cmdutil.WriteError(err)
	}
	return nil
}

// cheapKinds are the key sources read for show's key id: reading them
// has no side effect and cannot prompt or hang.
var cheapKinds = map[string]bool{"env": true, "file": true, "value": true}

func showRun(opts *ProfileOptions) error {
	f := opts.Factory
	p, warnings, err := zprofile.Load(f.ProfileSource(opts.Config, opts.Args[0]), zprofile.Overrides{})
	if err != nil {
		return err
	}
	f.Warn(warnings...)
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 1, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s:\t%s\n", k, v)
		}
	}
	row("profile", p.Name)
	row("file", p.Path)
	row("url", p.URL)
	if p.Key == nil {
		row("api_key", "none (pass "+keysource.FlagHelp()+")")
	} else {
		row("api_key", p.Key.Describe()+" ("+p.Key.Origin()+")")
		if cheapKinds[p.Key.Kind()] {
			if key, _, err := keysource.ReadKey(context.Background(), p.Key, keysource.System{Getenv: f.Getenv}); err == nil {
				f.Redactor.Add(key)
				row("api key id", keyID(key))
			}
		}
	}
	row("verify_ssl", p.VerifySSL)
	row("project", p.Project)
	row("stack", p.Stack)
	for _, n := range p.EnvNames() {
		v := p.Env[n]
		if zenml.Name(n).Secret {
			v = redact.Mark // ZENML_STORE_PASSWORD is a credential like the key
		}
		row("env."+n, v)
	}
	for _, k := range slices.Sorted(maps.Keys(p.Settings)) {
		row(k, p.Settings[k])
	}
	for _, d := range p.Push { // where tokens are read from, never a token
		row("push", d.Summary())
	}
	tw.Flush()
	if _, err := opts.IO.Out.Write([]byte(b.String())); err != nil {
		return cmdutil.WriteError(err)
	}
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

// keyID is the id a ZenML API key carries (shown by ZenML beside the
// service account; not secret), "" when it carries none.
func keyID(key string) string {
	k, _ := zenml.ParseKey(key)
	return k.ID
}
