package root

import (
	"errors"
	"testing"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
	"github.com/zenv-dev/zenv/render"
)

// TestTargetSettingsAreFlagsOnlyWhereTheyShapeTheOutput: --github-secret,
// --k8s-secret, --prefect-block ... change what zenv env prints and what
// zenv profile add stores; on any other command (run, doctor) they would be
// accepted and do nothing, so they are not there.
func TestTargetSettingsAreFlagsOnlyWhereTheyShapeTheOutput(t *testing.T) {
	io, _, _, _ := teststreams.New()
	tree := NewCmdRoot(&cmdutil.Factory{IOStreams: io})
	want := map[string]bool{"zenv env": true, "zenv profile add": true}
	found := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, s := range render.Settings() {
			has := c.Flags().Lookup(s.Flag) != nil
			if has != want[c.CommandPath()] {
				t.Errorf("%s has --%s: %v, want %v", c.CommandPath(), s.Flag, has, want[c.CommandPath()])
			}
			if has {
				found[c.CommandPath()] = true
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(tree)
	if len(found) != len(want) {
		t.Errorf("the settings are flags of %v, want %v", found, want)
	}
}

// TestEveryFormatFlagIsTheSharedEnumFlag: each --format in the tree refuses
// an unknown value while flags are parsed (exit 2, with did-you-mean) and
// is completed by the shell, because all are cmdutil.EnumFlag.
func TestEveryFormatFlagIsTheSharedEnumFlag(t *testing.T) {
	io, _, _, _ := teststreams.New()
	tree := NewCmdRoot(&cmdutil.Factory{IOStreams: io})
	n := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if fl := c.Flags().Lookup("format"); fl != nil {
			n++
			err := fl.Value.Set("no-such-format")
			var enum *cmdutil.EnumError
			if !errors.As(err, &enum) {
				t.Errorf("%s --format no-such-format: %v, want the shared enum flag's refusal", c.CommandPath(), err)
			}
			if _, ok := c.GetFlagCompletionFunc("format"); !ok {
				t.Errorf("%s --format has no completion", c.CommandPath())
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(tree)
	if n < 4 {
		t.Errorf("found %d --format flags; the walk missed doctor, lint, push or rotate", n)
	}
}
