package root

import (
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
