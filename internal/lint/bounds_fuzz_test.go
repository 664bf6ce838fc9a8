package lint

import (
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

// astDepth is the depth of the tree the parser built (syntax.Walk calls
// f(nil) after a node's children).
func astDepth(f *syntax.File) int {
	depth, most := 0, 0
	syntax.Walk(f, func(n syntax.Node) bool {
		if n == nil {
			depth--
			return true
		}
		depth++
		most = max(most, depth)
		return true
	})
	return most
}

// FuzzNestingScanBoundsTheParser: whatever the pre-scan lets through at
// a limit, the parser's tree is no deeper than a fixed multiple of it.
// The parser and syntax.Walk recurse once per tree level, so this bounds
// their stacks; a counterexample is a way past the scan.
func FuzzNestingScanBoundsTheParser(f *testing.F) {
	for _, s := range []string{
		"( ( ( a ) ) )", "a | b | c && d || e", "if a; then if b; then c; fi; fi", "echo $(( 1 + 2 * (3 - 4) ))",
		`echo "$( echo "$( echo ")" )" )"`, "case x in a) ( b ) ;; esac", "{ echo }; }", "cat <<E\n$(\nE\n", "cat <<< x",
		"f() { g() { h; }; }", "[[ ! ( a && b ) ]]", "echo ${a:-${b:-${c}}}", "a=(1 (2) 3)", "time ! a | b", "echo `a \\`b\\``",
		"for i in 1; do while a; do until b; do :; done; done; done", "echo $'\\'(' \"(\" '('", "x=$[1+[2]]", "coproc a",
	} {
		f.Add(s)
	}
	const limit = 12
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		if shellTooDeep(s, limit) != 0 {
			return
		}
		file, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(s), "")
		if err != nil {
			return
		}
		if d := astDepth(file); d > 8*(limit+2) {
			t.Fatalf("the scan let through a tree %d deep (limit %d): %q", d, limit, s)
		}
	})
}
