package profile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/config"
	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/textsafe"
)

// ListOptions are `zenv profile list`'s.
type ListOptions struct {
	IO         *iostreams.IOStreams
	ConfigPath func() (string, error)
	// ConfigFlag is the --config given, "" for none; Explicit says whether
	// --config or $ZENV_CONFIG named the file (a missing one is an error).
	ConfigFlag func() string
	Explicit   func() bool
	Notice     func(string)
	JSON       bool
}

// NewCmdList builds `zenv profile list`; runF replaces listRun in tests.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	var flag string
	opts := &ListOptions{IO: f.IOStreams, ConfigPath: configPathOf(f, &flag), Notice: f.Notice,
		ConfigFlag: func() string { return flag },
		Explicit:   func() bool { _, e := f.ProfileSource(flag, "").File(); return e }}
	cmd := &cobra.Command{
		Use: "list", Short: "List the profiles; * marks the default",
		Example: "  zenv profile list\n  zenv profile list --json",
		Args:    cmdutil.ExactArgs(nil),
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return listRun(opts)
		},
	}
	configFlag(cmd, &flag)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print a JSON array of {name, default, url}")
	return cmd
}

type listEntry struct {
	Name    string `json:"name"`
	Default bool   `json:"default"`
	URL     string `json:"url"`
}

func listRun(opts *ListOptions) error {
	path, err := opts.ConfigPath()
	if err != nil {
		return err
	}
	addHint := profile.AddHint("")
	if opts.ConfigFlag != nil {
		addHint = profile.AddHint(opts.ConfigFlag())
	}
	if opts.Explicit != nil && opts.Explicit() {
		// A file named and missing is a typo or a wrong directory, not a
		// new user: say so, as check and env do.
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("config file %s does not exist; create it with %s", path, addHint)
		}
	}
	c, err := config.ReadDoc(path)
	if err != nil {
		return err
	}
	entries := []listEntry{}
	for _, n := range c.Names() {
		// Never the url's userinfo: a password or key pasted into it.
		shown, _ := redact.URL(c.Field(n, "url"))
		entries = append(entries, listEntry{Name: n, Default: n == c.Default(), URL: shown})
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
			// A hand-edited file may hold escapes (YAML "\e"): a terminal
			// reads the text output, so they are shown, not sent.
			fmt.Fprintf(tw, "%s %s\t%s\n", mark, textsafe.Escape(e.Name), textsafe.Escape(e.URL))
		}
		tw.Flush()
		switch {
		case len(entries) == 0:
			opts.Notice(fmt.Sprintf("%s has no profiles; add one with %s", path, addHint))
		case len(entries) > 1 && c.Default() == "":
			opts.Notice(fmt.Sprintf("%s has no default profile; pick one with zenv profile use NAME", path))
		}
	}
	if _, err := opts.IO.Out.Write([]byte(out.String())); err != nil {
		return cmdutil.WriteError(err)
	}
	return nil
}
