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
// settings, and systemd.exec(5). The tests apply every refused name's neighbours in the real
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
	// Rules are the names, each group with its reason. A name ending in
	// "*" is a prefix, one starting with "*" a suffix.
	Rules []Rule
	// AnyCase are rules whose names a program reads in any case even on
	// Unix (Python reads Http_Proxy as http_proxy), matched without case
	// whatever FoldCase says.
	AnyCase []Rule

	// Built on first use, not at start-up: zenv env runs in every new
	// shell, and most runs look up a handful of names in one table.
	once   sync.Once
	exact  matcher // names compared as the target compares them
	folded matcher // anyCase, compared in upper case
}

// matcher holds exact names and "*" patterns: a prefix (P*) or a suffix
// (*S).
type matcher struct {
	exact    map[string]string
	patterns []pattern
}

type pattern struct {
	s      string
	suffix bool
	why    string
}

func (m *matcher) add(n, why string) {
	if m.exact == nil {
		m.exact = map[string]string{}
	}
	if p, ok := strings.CutSuffix(n, "*"); ok {
		m.patterns = append(m.patterns, pattern{s: p, why: why})
		return
	}
	if s, ok := strings.CutPrefix(n, "*"); ok {
		m.patterns = append(m.patterns, pattern{s: s, suffix: true, why: why})
		return
	}
	if _, dup := m.exact[n]; !dup {
		m.exact[n] = why
	}
}

func (m *matcher) why(key string) string {
	if why, ok := m.exact[key]; ok {
		return why
	}
	for _, p := range m.patterns {
		if !p.suffix && strings.HasPrefix(key, p.s) || p.suffix && strings.HasSuffix(key, p.s) {
			return p.why
		}
	}
	return ""
}

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
	if why := t.exact.why(key); why != "" {
		return why
	}
	return t.folded.why(strings.ToUpper(name))
}

// Rule is one group of names with one reason, fit to follow "NAME: ".
type Rule struct {
	Why   string
	Names []string
}

func newTable(target string, fold bool, rules ...Rule) *Table {
	return &Table{Target: target, FoldCase: fold, Rules: rules}
}

func (t *Table) build() {
	for _, r := range t.Rules {
		for _, n := range r.Names {
			if t.FoldCase {
				n = strings.ToUpper(n)
			}
			t.exact.add(n, r.Why)
		}
	}
	for _, r := range t.AnyCase {
		for _, n := range r.Names {
			t.folded.add(strings.ToUpper(n), r.Why)
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

// Process is the table for variables zenv passes straight into a
// program's environment (zenv run): no shell reads them, so only the names
// that load code count. ProcessFoldCase is the same for Windows.
var (
	Process         = newTable("zenv run", false)
	ProcessFoldCase = newTable("zenv run", true)
)
