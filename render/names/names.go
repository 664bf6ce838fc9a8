// Package names knows which environment variable names are not ordinary
// strings somewhere zenv's output goes: names a shell or CI system treats
// specially (read-only, evaluated, run, held as an array, set by itself),
// and names that make a program load or run code, or change where programs
// come from. Each answer is a reason, lower-case, fit to follow "NAME: ";
// "" means the name is ordinary.
//
// The tables come from each target's own documentation: bash(1) "Shell
// Variables", zshparam(1) (and the special parameters of zsh's modules),
// fish's "Special variables" (help language), POSIX "Shell Variables", the
// GitHub Actions docs on default variables, Prefect's run_step and
// settings, and systemd.exec(5). The tests apply every refused name's
// neighbours in the real shells, and show that refused names are special
// there where a test can.
//
// The package is pure data: it imports nothing from zenv.
package names

import "strings"

// Table is the names one target treats specially.
type Table struct {
	// Target names the target in reasons ("bash", "github").
	Target string
	// FoldCase: the target compares names without case (Windows, GitHub),
	// so PATH, Path and path are one name.
	FoldCase bool
	// Rules are the names, each group with its reason. A name ending in
	// "*" is a prefix, one starting with "*" a suffix.
	Rules []Rule
	// AnyCase are rules whose names a program reads in any case even on
	// Unix (Python reads Http_Proxy as http_proxy), matched without case
	// whatever FoldCase says.
	AnyCase []Rule
}

// Why returns why the table's target treats name specially, or "". The
// rules are scanned, not indexed: a run looks up a handful of names, and
// building an index at every start costs more than the scans.
func (t *Table) Why(name string) string {
	if t == nil {
		return ""
	}
	if why := find(t.Rules, name, t.FoldCase); why != "" {
		return why
	}
	return find(t.AnyCase, name, true)
}

// find returns the reason of the first rule that names name exactly, else
// of the first whose prefix (P*) or suffix (*S) matches it.
func find(rules []Rule, name string, fold bool) string {
	eq := func(a, b string) bool { return a == b || fold && strings.EqualFold(a, b) }
	for _, r := range rules {
		for _, n := range r.Names {
			if eq(n, name) {
				return r.Why
			}
		}
	}
	for _, r := range rules {
		for _, n := range r.Names {
			if p, ok := strings.CutSuffix(n, "*"); ok && len(name) >= len(p) && eq(name[:len(p)], p) {
				return r.Why
			}
			if sfx, ok := strings.CutPrefix(n, "*"); ok && len(name) >= len(sfx) && eq(name[len(name)-len(sfx):], sfx) {
				return r.Why
			}
		}
	}
	return ""
}

// Rule is one group of names with one reason, fit to follow "NAME: ".
type Rule struct {
	Why   string
	Names []string
}

func newTable(target string, fold bool, rules ...Rule) *Table {
	return &Table{Target: target, FoldCase: fold, Rules: rules}
}

// Refused returns why zenv refuses name for a target with table t (which
// may be nil): the target's own special names first, then the names that
// load code, compared the way the target compares names.
func Refused(t *Table, name string) string {
	if why := t.Why(name); why != "" {
		return why
	}
	if t != nil && t.FoldCase {
		return codeFolded.Why(name)
	}
	return Code.Why(name)
}

// Process is the table for variables zenv passes straight into a
// program's environment (zenv run): no shell reads them, so only the names
// that load code count. ProcessFoldCase is the same for Windows.
var (
	Process         = newTable("zenv run", false)
	ProcessFoldCase = newTable("zenv run", true)
)
