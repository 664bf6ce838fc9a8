package profile

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/internal/keysource"
	zprofile "github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/textsafe"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// ShowOptions are `zenv profile show [NAME]`'s.
type ShowOptions struct {
	IO *iostreams.IOStreams
	// Source is where the profile named name ("" for the default) is read.
	Source func(name string) zprofile.Source
	// KeyID returns the id the key of p carries, "" when it cannot be read
	// without side effects; it adds the key to the redactor.
	KeyID func(p *zprofile.Profile) string
	Warn  func(...string)
	Name  string
	JSON  bool
}

// NewCmdShow builds `zenv profile show`; runF replaces showRun in tests.
func NewCmdShow(f *cmdutil.Factory, runF func(*ShowOptions) error) *cobra.Command {
	var flag string
	opts := &ShowOptions{
		IO:     f.IOStreams,
		Source: func(name string) zprofile.Source { return f.ProfileSource(flag, name) },
		KeyID:  func(p *zprofile.Profile) string { return keyID(f, p) },
		Warn:   f.Warn,
	}
	cmd := &cobra.Command{
		Use:   "show [NAME]",
		Short: "Show a profile (the default one without NAME); the key's source, never the key",
		Example: `  zenv profile show
  zenv profile show prod --json`,
		Args:              cmdutil.RangeArgs(0, nil, "NAME"),
		ValidArgsFunction: CompleteProfileArg(f),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				opts.Name = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return showRun(opts)
		},
	}
	configFlag(cmd, &flag)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the profile as a JSON object")
	return cmd
}

// cheapKinds are the key sources read for show's key id: reading them
// has no side effect and cannot prompt or hang.
var cheapKinds = map[string]bool{"env": true, "file": true, "value": true}

func keyID(f *cmdutil.Factory, p *zprofile.Profile) string {
	if p.Key == nil || !cheapKinds[p.Key.Kind()] {
		return ""
	}
	key, _, err := keysource.ReadKey(context.Background(), p.Key, keysource.System{Getenv: f.Getenv})
	if err != nil {
		return ""
	}
	f.Redactor.Add(key)
	k, _ := zenml.ParseKey(key)
	return k.ID
}

// shown is a profile as show prints it: where the key lives, never the
// key, and credentials among the extras masked.
type shown struct {
	Profile   string            `json:"profile"`
	File      string            `json:"file,omitempty"`
	URL       string            `json:"url"`
	APIKey    *shownKey         `json:"api_key"`
	VerifySSL string            `json:"verify_ssl,omitempty"`
	Project   string            `json:"project,omitempty"`
	Stack     string            `json:"stack,omitempty"`
	Env       map[string]string `json:"env,omitempty"`
	Settings  map[string]string `json:"settings,omitempty"`
	// Push describes each destination of zenv push: where its token is
	// read from, never a token.
	Push []string `json:"push,omitempty"`
}

type shownKey struct {
	Kind   string `json:"kind"`
	Source string `json:"source"`
	Origin string `json:"origin"`
	ID     string `json:"id,omitempty"`
}

func showRun(opts *ShowOptions) error {
	src := opts.Source(opts.Name)
	if opts.Name == "" {
		// Without a name, the profile zenv env would use: it must exist.
		if _, err := zprofile.Names(src); err != nil {
			return err
		}
	}
	p, warnings, err := zprofile.Load(src, zprofile.Overrides{})
	if err != nil {
		return err
	}
	opts.Warn(warnings...)
	s := shown{Profile: p.Name, File: p.Path, URL: shownURL(p.URL), VerifySSL: p.VerifySSL, Project: p.Project, Stack: p.Stack, Settings: p.Settings}
	if p.Key != nil {
		s.APIKey = &shownKey{Kind: p.Key.Kind(), Source: p.Key.Describe(), Origin: p.Key.Origin(), ID: opts.KeyID(p)}
	}
	for _, d := range p.Push {
		s.Push = append(s.Push, d.Summary())
	}
	if len(p.Env) > 0 {
		s.Env = map[string]string{}
		for n, v := range p.Env {
			if zenml.Name(n).Secret {
				v = redact.Mark // ZENML_STORE_PASSWORD is a credential like the key
			}
			s.Env[n] = v
		}
	}
	var b strings.Builder
	if opts.JSON {
		out, _ := json.MarshalIndent(s, "", "  ")
		b.Write(append(out, '\n'))
	} else {
		tw := tabwriter.NewWriter(&b, 0, 4, 1, ' ', 0)
		// Every field may come from a hand-edited file (a YAML "\e" in
		// an env value): escaped, so the terminal shows it, never runs it.
		row := func(k, v string) {
			if v != "" {
				fmt.Fprintf(tw, "%s:\t%s\n", textsafe.Escape(k), textsafe.Escape(v))
			}
		}
		row("profile", s.Profile)
		row("file", s.File)
		row("url", s.URL)
		if s.APIKey == nil {
			row("api_key", "none (pass "+keysource.FlagHelp()+")")
		} else {
			row("api_key", s.APIKey.Source+" ("+s.APIKey.Origin+")")
			row("api key id", s.APIKey.ID)
		}
		row("verify_ssl", s.VerifySSL)
		row("project", s.Project)
		row("stack", s.Stack)
		for _, n := range slices.Sorted(maps.Keys(s.Env)) {
			row("env."+n, s.Env[n])
		}
		for _, k := range slices.Sorted(maps.Keys(s.Settings)) {
			row(k, s.Settings[k])
		}
		for _, d := range s.Push {
			row("push", d)
		}
		tw.Flush()
	}
	if _, err := opts.IO.Out.Write([]byte(b.String())); err != nil {
		return cmdutil.WriteError(err)
	}
	return nil
}
