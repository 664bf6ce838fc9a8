package cmdutil

import (
	"errors"
	"testing"

	"github.com/spf13/cobra"
)

func TestArgErrorsNameWhatTheCommandTakes(t *testing.T) {
	root := &cobra.Command{Use: "zenv"}
	cmd := &cobra.Command{Use: "rename"}
	root.AddCommand(cmd)
	bad := errors.New("bad name")
	tests := []struct {
		args cobra.PositionalArgs
		in   []string
		want string
	}{
		{ExactArgs(nil, "OLD", "NEW"), []string{"a"}, "zenv rename takes 2 arguments (OLD NEW), got 1"},
		{ExactArgs(nil, "NAME"), nil, "zenv rename takes one argument (NAME), got 0"},
		{ExactArgs(nil), []string{"x"}, "zenv rename takes no arguments, got 1"},
		{RangeArgs(0, nil, "NAME"), []string{"a", "b"}, "zenv rename takes at most one argument ([NAME]), got 2"},
		{RangeArgs(0, nil, "NAME"), nil, ""},
		{ExactArgs(func([]string) error { return bad }, "NAME"), []string{"a"}, "bad name"},
	}
	for _, tt := range tests {
		err := tt.args(cmd, tt.in)
		if got := ""; err != nil {
			got = err.Error()
			if got != tt.want {
				t.Errorf("%v: %q, want %q", tt.in, got, tt.want)
			}
		} else if tt.want != "" {
			t.Errorf("%v: accepted, want %q", tt.in, tt.want)
		}
	}
}
