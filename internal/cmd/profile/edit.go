package profile

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/config"
)

// UseOptions are `zenv profile use NAME`'s.
type UseOptions struct {
	ConfigPath func() (string, error)
	Notice     func(string)
	Name       string
}

// NewCmdUse builds `zenv profile use`; runF replaces useRun in tests.
func NewCmdUse(f *cmdutil.Factory, runF func(*UseOptions) error) *cobra.Command {
	var flag string
	opts := &UseOptions{ConfigPath: configPathOf(f, &flag), Notice: f.Notice}
	cmd := &cobra.Command{
		Use: "use NAME", Short: "Make a profile the default", Example: "  zenv profile use prod",
		Args:              cmdutil.ExactArgs(nil, "NAME"),
		ValidArgsFunction: CompleteProfileArg(f),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return useRun(opts)
		},
	}
	configFlag(cmd, &flag)
	return cmd
}

func useRun(opts *UseOptions) error {
	path, err := opts.ConfigPath()
	if err != nil {
		return err
	}
	if err := config.Edit(path, func(c *config.Doc) error { return c.SetDefault(opts.Name) }, nil); err != nil {
		return err
	}
	opts.Notice(fmt.Sprintf("profile %s is the default in %s", opts.Name, path))
	return nil
}

// RemoveOptions are `zenv profile remove NAME`'s.
type RemoveOptions struct {
	ConfigPath func() (string, error)
	Notice     func(string)
	Name       string
}

// NewCmdRemove builds `zenv profile remove`; runF replaces removeRun in tests.
func NewCmdRemove(f *cmdutil.Factory, runF func(*RemoveOptions) error) *cobra.Command {
	var flag string
	opts := &RemoveOptions{ConfigPath: configPathOf(f, &flag), Notice: f.Notice}
	cmd := &cobra.Command{
		Use: "remove NAME", Aliases: []string{"rm"}, Short: "Remove a profile", Example: "  zenv profile remove old",
		Args:              cmdutil.ExactArgs(nil, "NAME"),
		ValidArgsFunction: CompleteProfileArg(f),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return removeRun(opts)
		},
	}
	configFlag(cmd, &flag)
	return cmd
}

func removeRun(opts *RemoveOptions) error {
	path, err := opts.ConfigPath()
	if err != nil {
		return err
	}
	var ref config.KeyRef
	var dropped bool
	var sharers []string
	err = config.Edit(path, func(c *config.Doc) error {
		ref = c.APIKey(opts.Name)
		dropped, err = c.Remove(opts.Name)
		if ref.Kind == "keyring" {
			sharers = c.KeyringUsers(ref.Ref)
		}
		return err
	}, nil)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("removed profile %s from %s", opts.Name, path)
	if dropped {
		msg += "; it was the default, so the file has none now (pick one with zenv profile use NAME)"
	}
	switch {
	case ref.Kind == "keyring" && len(sharers) == 0:
		msg += fmt.Sprintf("; its key stays in the OS keyring (zenv key rm %s removes it)", ref.Ref)
	case ref.Kind == "keyring":
		msg += fmt.Sprintf("; its key stays in the OS keyring, where %s still %s it", joinNames(sharers), plural(len(sharers), "uses", "use"))
	}
	opts.Notice(msg)
	return nil
}

// RenameOptions are `zenv profile rename OLD NEW`'s.
type RenameOptions struct {
	ConfigPath func() (string, error)
	Notice     func(string)
	Old, New   string
}

// NewCmdRename builds `zenv profile rename`; runF replaces renameRun in tests.
func NewCmdRename(f *cmdutil.Factory, runF func(*RenameOptions) error) *cobra.Command {
	var flag string
	opts := &RenameOptions{ConfigPath: configPathOf(f, &flag), Notice: f.Notice}
	cmd := &cobra.Command{
		Use: "rename OLD NEW", Short: "Rename a profile (default: follows)", Example: "  zenv profile rename prod production",
		Args:              cmdutil.ExactArgs(func(a []string) error { return config.CheckName(a[1]) }, "OLD", "NEW"),
		ValidArgsFunction: CompleteProfileArg(f),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Old, opts.New = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return renameRun(opts)
		},
	}
	configFlag(cmd, &flag)
	return cmd
}

func renameRun(opts *RenameOptions) error {
	path, err := opts.ConfigPath()
	if err != nil {
		return err
	}
	if err := config.Edit(path, func(c *config.Doc) error { return c.Rename(opts.Old, opts.New) }, nil); err != nil {
		return err
	}
	opts.Notice(fmt.Sprintf("renamed profile %s to %s in %s", opts.Old, opts.New, path))
	return nil
}

// joinNames spells a list of profiles: "profile a", "profiles a, b".
func joinNames(names []string) string {
	s := plural(len(names), "profile ", "profiles ")
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s
}
