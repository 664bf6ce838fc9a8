package names

import (
	"sort"
	"strings"
)

// Neighbours returns, for every name t refuses (and every name Code
// refuses), names one step away that neither refuses: NAME_X, XNAME, and a
// trailing digit moved on (PS4 -> PS5); for a prefix P*, P without its
// last character plus X, and XP plus a letter; for a suffix *S, AS plus X
// and A plus S without its first character. Tests apply them in the real
// target to show that the refusals are exactly as wide as they must be.
func Neighbours(t *Table) []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if !IsVarName(n) || seen[n] || Refused(t, n) != "" {
			return
		}
		seen[n] = true
		out = append(out, n)
	}
	for _, tb := range []*Table{t, Code} {
		if tb == nil {
			continue
		}
		for _, n := range tb.Names() {
			if p, ok := strings.CutSuffix(n, "*"); ok {
				add(p[:len(p)-1] + "X")
				add("X" + p + "A")
				continue
			}
			if s, ok := strings.CutPrefix(n, "*"); ok {
				add("A" + s + "X")
				add("A" + s[1:])
				continue
			}
			add(n + "_X")
			add("X" + n)
			if last := n[len(n)-1]; last >= '0' && last <= '8' {
				add(n[:len(n)-1] + string(last+1))
			}
		}
	}
	sort.Strings(out)
	return out
}

// Names lists the table's exact names and patterns (a prefix ends in "*",
// a suffix starts with one), for tests; names matched in any case are
// listed in upper case.
func (t *Table) Names() []string {
	var out []string
	for _, r := range t.Rules {
		for _, n := range r.Names {
			if t.FoldCase {
				n = strings.ToUpper(n)
			}
			out = append(out, n)
		}
	}
	for _, r := range t.AnyCase {
		for _, n := range r.Names {
			out = append(out, strings.ToUpper(n))
		}
	}
	return out
}

// ByTarget maps zenv's target names (and "prefect-pull-step") to tables,
// for tests; the render registry gives each target its table.
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
	"systemd":           Systemd,
}
