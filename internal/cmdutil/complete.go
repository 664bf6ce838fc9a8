package cmdutil

import (
	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/config"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/textsafe"
	"github.com/zenv-dev/zenv/render"
)

// CompleteProfiles offers the profile names of the config file the
// command's --config flag (or $ZENV_CONFIG, or the default) points at,
// the default one described as such. A file that cannot be read offers
// nothing rather than an error in the middle of a command line.
func CompleteProfiles(f *Factory) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		cfg, _ := cmd.Flags().GetString("config")
		path, _ := f.ProfileSource(cfg, "").File()
		c, err := config.ReadDoc(path)
		if path == "" || err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, n := range c.Names() {
			// One line per candidate: a newline in a hand-edited url
			// would add a candidate, an escape would reach the terminal.
			n, u := textsafe.Escape(n), textsafe.Escape(displayURL(c.Field(n, "url")))
			if n == textsafe.Escape(c.Default()) {
				out = append(out, n+"\tdefault: "+u)
			} else {
				out = append(out, n+"\t"+u)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// CompleteTargets offers every target name and alias, with its
// description.
func CompleteTargets(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, t := range render.Targets {
		out = append(out, t.Name+"\t"+t.Description)
		for _, a := range t.Aliases {
			out = append(out, a+"\t"+t.Name)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// CompleteForms offers the forms of the target named by the first
// argument, or of every target when there is none yet.
func CompleteForms(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	var targets []*render.Target
	if len(args) > 0 {
		if t, err := render.Lookup(args[0]); err == nil {
			targets = append(targets, t)
		}
	} else {
		for i := range render.Targets {
			targets = append(targets, &render.Targets[i])
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range targets {
		for _, fm := range t.Forms {
			if fm.Name != "" && fm.Name != "setup" && !seen[fm.Name] {
				seen[fm.Name] = true
				out = append(out, fm.Name+"\t"+t.Name+": "+fm.Description)
			}
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// RegisterProfileCompletion completes -p/--profile on cmd.
func RegisterProfileCompletion(f *Factory, cmd *cobra.Command) {
	if cmd.Flags().Lookup("profile") != nil {
		cmd.RegisterFlagCompletionFunc("profile", CompleteProfiles(f))
	}
}

// displayURL is a profile's url as completion shows it beside the name:
// never its userinfo, nothing when it may be a secret.
func displayURL(raw string) string {
	shown, _ := redact.URL(raw)
	return shown
}
