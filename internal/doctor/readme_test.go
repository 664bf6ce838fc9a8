package doctor

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestReadmeListsEveryCheck: docs/doctor.md's tables of checks have a row for
// each check of the table (checks.go), named by its title; a row's first
// cell may name several ("project id, stack id").
func TestReadmeListsEveryCheck(t *testing.T) {
	f, err := os.Open("../../docs/doctor.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var titles []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		cell, _, _ := strings.Cut(strings.TrimPrefix(line, "| "), " |")
		cell, _, _ = strings.Cut(cell, " (")
		for _, title := range strings.Split(cell, ", ") {
			titles = append(titles, strings.TrimSpace(title))
		}
	}
	for _, c := range Checks() {
		if !slices.Contains(titles, c.Title) {
			t.Errorf("docs/doctor.md has no row for the check %q (%s)", c.Title, c.ID)
		}
	}
}

// TestEveryCheckRunsInTheTablesOrder: what a report lists follows the
// table, so the README, the code and the output agree on one order.
func TestEveryCheckRunsInTheTablesOrder(t *testing.T) {
	_, srv := newFake(t)
	results := Run(t.Context(), input(env(srv.URL, "ZENML_URL=x", "ZENML_DEBUG=on", "ZENML_STORE_VERIFY_SSL=false",
		"ZENML_STORE_API_KEY="+goodKey+"\n")))
	var order [][]string
	for _, c := range Checks() {
		order = append(order, append([]string{c.ID}, c.Parts...))
	}
	last := -1
	for _, r := range results {
		i := slices.IndexFunc(order, func(ids []string) bool { return slices.Contains(ids, r.ID) })
		if i < 0 {
			t.Errorf("result %q is no check of the table", r.ID)
			continue
		}
		if i < last {
			t.Errorf("result %q comes after %q", r.ID, order[last][0])
		}
		last = i
	}
}
