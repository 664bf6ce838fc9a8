package profile

import (
	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
)

// CompleteProfileArg completes the first argument with the config file's
// profile names.
func CompleteProfileArg(f *cmdutil.Factory) cobra.CompletionFunc {
	names := cmdutil.CompleteProfiles(f)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return names(cmd, args, toComplete)
	}
}
