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
// GitHub Actions docs on default variables, and Prefect's run_step and
// settings. The tests apply every refused name's neighbours in the real
// shells, and show that refused names are special there where a test can.
//
// The package is pure data: it imports nothing from zenv.
package names

import (
	"strings"
	"sync"
)

// Table is the names one target treats specially.
type Table struct {
	// Target names the target in reasons ("bash", "github").
	Target string
	// FoldCase: the target compares names without case (Windows, GitHub),
	// so PATH, Path and path are one name.
	FoldCase bool
	rules    []rule

	// Built on first use: zenv env links this package, and a map built at
	// start-up would cost every .bashrc a tenth of a millisecond.
	once     sync.Once
	exact    map[string]string
	prefixes []prefix
}

type prefix struct{ p, why string }

// Why returns why the table's target treats name specially, or "".
func (t *Table) Why(name string) string {
	if t == nil {
		return ""
	}
	t.once.Do(t.build)
	key := name
	if t.FoldCase {
		key = strings.ToUpper(name)
	}
	if why, ok := t.exact[key]; ok {
		return why
	}
	for _, p := range t.prefixes {
		if strings.HasPrefix(key, p.p) {
			return p.why
		}
	}
	return ""
}

// Names lists the table's exact names and prefixes (a prefix ends in "*"),
// for tests and documentation.
func (t *Table) Names() []string {
	t.once.Do(t.build)
	var out []string
	for n := range t.exact {
		out = append(out, n)
	}
	for _, p := range t.prefixes {
		out = append(out, p.p+"*")
	}
	return out
}

// rule is one group of names with one reason. A name ending in "*" is a
// prefix.
type rule struct {
	why   string
	names []string
}

func newTable(target string, fold bool, rules ...rule) *Table {
	return &Table{Target: target, FoldCase: fold, rules: rules}
}

func (t *Table) build() {
	t.exact = map[string]string{}
	fold := t.FoldCase
	for _, r := range t.rules {
		for _, n := range r.names {
			if fold {
				n = strings.ToUpper(n)
			}
			if p, ok := strings.CutSuffix(n, "*"); ok {
				t.prefixes = append(t.prefixes, prefix{p, r.why})
				continue
			}
			if _, dup := t.exact[n]; !dup {
				t.exact[n] = r.why
			}
		}
	}
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

// LoadsCode returns why name makes a program load or run code, or change
// where programs come from, or "". Names are compared exactly, as Unix
// does; Refused folds case for Windows and GitHub.
func LoadsCode(name string) string { return Code.Why(name) }

// Special returns why target (a zenv target name, or "prefect-pull-step"
// for that form) treats name specially, or "" for an ordinary name or an
// unknown target. It does not include LoadsCode.
func Special(target, name string) string { return ByTarget[target].Why(name) }

// Process is the table for variables zenv passes straight into a
// program's environment (zenv run): no shell reads them, so only the names
// that load code count. ProcessFoldCase is the same for Windows.
var (
	Process         = newTable("zenv run", false)
	ProcessFoldCase = newTable("zenv run", true)
)

// ByTarget maps zenv's target names (and "prefect-pull-step") to tables.
var ByTarget = map[string]*Table{
	"bash":              Bash,
	"zsh":               Zsh,
	"sh":                POSIX,
	"fish":              Fish,
	"powershell":        PowerShell,
	"cmd":               Cmd,
	"github":            GitHub,
	"gitlab":            GitLab,
	"prefect":           Prefect,
	"prefect-pull-step": PrefectPullStep,
	"nu":                Nu,
}
