package cmdutil

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// ExactArgs accepts exactly one argument per name and otherwise says which
// the command takes: "zenv profile rename takes 2 arguments (OLD NEW), got
// 1". check, when not nil, then vets the arguments (a name's characters).
func ExactArgs(check func([]string) error, names ...string) cobra.PositionalArgs {
	return RangeArgs(len(names), check, names...)
}

// RangeArgs accepts min to len(names) arguments: the first min are
// required, the rest optional ("show [NAME]").
func RangeArgs(min int, check func([]string) error, names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < min || len(args) > len(names) {
			return fmt.Errorf("%s takes %s, got %d", cmd.CommandPath(), spellArgs(min, names), len(args))
		}
		if check != nil {
			return check(args)
		}
		return nil
	}
}

func spellArgs(min int, names []string) string {
	switch {
	case len(names) == 0:
		return "no arguments"
	case min == len(names) && len(names) == 1:
		return "one argument (" + names[0] + ")"
	case min == 0 && len(names) == 1:
		return "at most one argument ([" + names[0] + "])"
	case min == len(names):
		return fmt.Sprintf("%d arguments (%s)", len(names), strings.Join(names, " "))
	}
	opt := make([]string, len(names))
	for i, n := range names {
		if i >= min {
			n = "[" + n + "]"
		}
		opt[i] = n
	}
	return fmt.Sprintf("%d to %d arguments (%s)", min, len(names), strings.Join(opt, " "))
}
