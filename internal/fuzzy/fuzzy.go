// Package fuzzy finds the known word a user most likely meant, for "did you
// mean" hints: targets, forms, config keys, profile names, variable names.
package fuzzy

import (
	"sort"
	"strings"
)

// Closest returns the candidate nearest to word, or "" when none is close
// enough to be a plausible typo. Ties go to the alphabetically first, so
// the hint is the same on every run. Case is ignored. A plausible typo
// keeps the first letter and is about one edit in four letters: csh is not
// sh, gitlab is not github, and json is not ps.
func Closest(word string, candidates []string) string {
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	w := strings.ToLower(strings.TrimSpace(word))
	best, bestDist := "", -1
	for _, c := range sorted {
		if d := Distance(w, strings.ToLower(c)); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist < 0 || w == "" || w[0] != strings.ToLower(best)[0] || bestDist > max(1, (len(w)+1)/4) {
		return ""
	}
	return best
}

// Nearest returns the candidate nearest to word with no cut-off: for when
// the user surely meant one of them (a misspelt ZENML_STORE_ name).
func Nearest(word string, candidates []string) string {
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	best, bestDist := "", -1
	for _, c := range sorted {
		if d := Distance(word, c); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// Distance is the optimal-string-alignment edit distance between a and b:
// insertions, deletions, substitutions and swaps of two neighbours (evn
// for env) each cost one.
func Distance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
