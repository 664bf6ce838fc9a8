package names

import (
	"sort"
	"strings"
)

// Neighbours returns, for every name t refuses (and every name Code
// refuses), names one step away that neither refuses: NAME_X, XNAME, and a
// trailing digit moved on (PS4 -> PS5); for a prefix P*, P without its
// last character plus X, and XP plus a letter. Tests apply them in the real
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
