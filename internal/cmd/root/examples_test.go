package root

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
)

// TestEveryHelpExampleParses walks the command tree and, for each command's
// examples, finds every zenv invocation (inside $(...) and pipelines too)
// and checks that it names a command that exists, with flags it has and
// arguments it accepts. Examples in --help and the man pages cannot rot.
func TestEveryHelpExampleParses(t *testing.T) {
	io, _, _, _ := teststreams.New()
	tree := NewCmdRoot(&cmdutil.Factory{IOStreams: io})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Example != "" {
			calls := zenvCalls(c.Example)
			if len(calls) == 0 {
				t.Errorf("%s: its examples hold no zenv command", c.CommandPath())
			}
			for _, args := range calls {
				checkInvocation(t, c.CommandPath(), args)
			}
		}
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				walk(sub)
			}
		}
	}
	walk(tree)
}

// zenvCalls returns the arguments of each `zenv ...` call in the example
// text, read as bash; a line bash cannot parse (cmd's FOR /f) is skipped.
func zenvCalls(example string) [][]string {
	var calls [][]string
	parser := syntax.NewParser(syntax.Variant(syntax.LangBash))
	for _, line := range strings.Split(example, "\n") {
		f, err := parser.Parse(strings.NewReader(line), "")
		if err != nil {
			continue
		}
		syntax.Walk(f, func(n syntax.Node) bool {
			call, ok := n.(*syntax.CallExpr)
			if !ok || len(call.Args) == 0 || call.Args[0].Lit() != "zenv" {
				return true
			}
			var args []string
			for _, w := range call.Args[1:] {
				// Quotes removed, parameters empty: what zenv's argv
				// would hold, give or take a variable's value.
				s, err := expand.Literal(nil, w)
				if err != nil {
					s = w.Lit()
				}
				args = append(args, s)
			}
			calls = append(calls, args)
			return true
		})
	}
	return calls
}

// checkInvocation parses args as zenv would, on a fresh tree, and reports
// an unknown command, an unknown flag or arguments the command refuses.
func checkInvocation(t *testing.T, where string, args []string) {
	t.Helper()
	io, _, _, _ := teststreams.New()
	tree := NewCmdRoot(&cmdutil.Factory{IOStreams: io})
	tree.InitDefaultHelpCmd() // cobra adds help when it executes
	shown := "zenv " + strings.Join(args, " ")
	c, rest, err := tree.Find(args)
	if err != nil {
		t.Errorf("%s example %q: %v", where, shown, err)
		return
	}
	if c == tree && len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		t.Errorf("%s example %q: no command %q", where, shown, rest[0])
		return
	}
	if err := c.ParseFlags(rest); err != nil {
		t.Errorf("%s example %q: %v", where, shown, err)
		return
	}
	if help, _ := c.Flags().GetBool("help"); help {
		return
	}
	if err := c.ValidateArgs(c.Flags().Args()); err != nil {
		t.Errorf("%s example %q: %v", where, shown, err)
	}
}
