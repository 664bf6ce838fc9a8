// Package targets is `zenv targets`: what each target of the registry is,
// its aliases and forms, and whether it can --unset, as a table or JSON.
package targets

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/render"
)

// TargetsOptions are what `zenv targets` was asked to do.
type TargetsOptions struct {
	IO   *iostreams.IOStreams
	JSON bool
}

// NewCmdTargets builds `zenv targets`. runF does the work; tests pass their
// own to check what the flags fill in.
func NewCmdTargets(f *cmdutil.Factory, runF func(*TargetsOptions) error) *cobra.Command {
	opts := &TargetsOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "targets",
		Short: "List the targets zenv env can print, with their forms",
		Long: `List every target of zenv env: its name and aliases, its forms
(--form), whether it can print removal commands (--unset), whether it
references secrets instead of writing the key (--inline-secrets writes it),
the settings it reads from the profile, and what it is.`,
		Example: `  zenv targets
  zenv targets --json | jq -r '.[] | select(.unset) | .name'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return targetsRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print a JSON array, one object per target")
	return cmd
}

// Target is one target as `zenv targets --json` prints it.
type Target struct {
	Name        string    `json:"name"`
	Aliases     []string  `json:"aliases"`
	Description string    `json:"description"`
	Forms       []Form    `json:"forms"`
	Unset       bool      `json:"unset"` // the default form can --unset
	Settings    []Setting `json:"settings"`
}

// Form is one form of a target; Name is "" for the default.
type Form struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Unset       bool   `json:"unset"`
	// References: the form writes secrets as references (a CI secret, a
	// Secret block), so --inline-secrets applies.
	References bool `json:"references"`
}

// Setting is a profile setting a target reads: config key and flag.
type Setting struct {
	Key     string `json:"key"`
	Flag    string `json:"flag"`
	Default string `json:"default,omitempty"`
}

// List describes the registry's targets, in its order.
func List() []Target {
	var out []Target
	for _, t := range render.Targets {
		e := Target{Name: t.Name, Aliases: append([]string{}, t.Aliases...), Description: t.Description,
			Unset: t.Forms[0].Unset, Forms: []Form{}, Settings: []Setting{}}
		for _, f := range t.Forms {
			e.Forms = append(e.Forms, Form{Name: f.Name, Description: f.Description, Unset: f.Unset,
				References: f.Ref != nil && !f.NoKey})
		}
		for _, s := range t.Settings {
			e.Settings = append(e.Settings, Setting{Key: s.Key, Flag: "--" + s.Flag, Default: s.Default})
		}
		out = append(out, e)
	}
	return out
}

func targetsRun(opts *TargetsOptions) error {
	list := List()
	if opts.JSON {
		b, err := json.MarshalIndent(list, "", "  ")
		if err != nil {
			return err
		}
		_, err = opts.IO.Out.Write(append(b, '\n'))
		return err
	}
	w := tabwriter.NewWriter(opts.IO.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "TARGET\tALIASES\tFORMS\tUNSET\tDESCRIPTION")
	for _, t := range list {
		var forms []string
		for _, f := range t.Forms {
			name := f.Name
			if name == "" {
				name = render.DefaultForm
			}
			forms = append(forms, name)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", t.Name, orDash(strings.Join(t.Aliases, ", ")),
			strings.Join(forms, ", "), yesNo(t.Unset), t.Description)
	}
	return w.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
