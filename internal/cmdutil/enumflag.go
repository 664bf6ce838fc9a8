package cmdutil

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/fuzzy"
)

// EnumFlag defines --name on cmd, a string that takes one of values
// (default def): any other value is refused while the flags are parsed,
// with the nearest value proposed, and shell completion offers the values.
// Every --format flag is one.
func EnumFlag(cmd *cobra.Command, p *string, name, def string, values []string, usage string) {
	*p = def
	cmd.Flags().Var(&enumValue{p: p, name: name, values: values}, name, usage)
	_ = cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// EnumError is a value outside an enum flag's values. The root command
// prints it alone, without pflag's "invalid argument ... for ... flag".
type EnumError struct {
	Name, Value string
	Values      []string
}

func (e *EnumError) Error() string {
	hint := ""
	if near := fuzzy.Closest(e.Value, e.Values); near != "" {
		hint = fmt.Sprintf(" did you mean %q?", near)
	}
	return fmt.Sprintf("unknown %s %q;%s use one of %s", e.Name, e.Value, hint, strings.Join(e.Values, ", "))
}

type enumValue struct {
	p      *string
	name   string
	values []string
}

func (v *enumValue) String() string { return *v.p }
func (v *enumValue) Type() string   { return "string" }

func (v *enumValue) Set(s string) error {
	if !slices.Contains(v.values, s) {
		return &EnumError{Name: v.name, Value: s, Values: v.values}
	}
	*v.p = s
	return nil
}
