package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmd/root"
	"github.com/zenv-dev/zenv/internal/cmdutil"
)

// TestEveryCommandHasAManPageWithItsExamples walks the command tree, so a
// command added tomorrow is covered without touching this test.
func TestEveryCommandHasAManPageWithItsExamples(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	tree := root.NewCmdRoot(cmdutil.New())
	if err := Man(tree, dir); err != nil {
		t.Fatal(err)
	}
	var walk func(c *cobra.Command)
	seen := 0
	walk = func(c *cobra.Command) {
		if !c.IsAvailableCommand() && c.HasParent() {
			return
		}
		seen++
		name := strings.ReplaceAll(c.CommandPath(), " ", "-") + ".1"
		page, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: no man page: %v", c.CommandPath(), err)
		} else if c.Example != "" && !strings.Contains(string(page), ".SH EXAMPLE") {
			t.Errorf("%s has examples, its man page %s has no EXAMPLE section", c.CommandPath(), name)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(tree)
	if seen < 3 {
		t.Fatalf("walked %d commands; the tree is not what this test thinks", seen)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "*.1"))
	if len(pages) != seen {
		t.Errorf("%d man pages for %d commands: %v", len(pages), seen, pages)
	}
	for _, topic := range root.TopicNames() {
		page, err := os.ReadFile(filepath.Join(dir, "zenv-"+topic+".5"))
		text, _ := root.Topic(topic)
		firstLine, _, _ := strings.Cut(text, "\n")
		if err != nil || !strings.Contains(string(page), roff(firstLine)) {
			t.Errorf("zenv help %s: no section 5 page holding its text (%v)", topic, err)
		}
	}
	rootPage, _ := os.ReadFile(filepath.Join(dir, "zenv.1"))
	for _, section := range []string{".SH ENVIRONMENT", ".SH EXIT STATUS", "ZENV_CONFIG", "NO_COLOR"} {
		if !strings.Contains(string(rootPage), section) {
			t.Errorf("zenv.1 lacks %q", section)
		}
	}
}

// TestCompletionsAreWrittenForEveryShell: the archive holds one script per
// shell, each naming zenv.
func TestCompletionsAreWrittenForEveryShell(t *testing.T) {
	dir := t.TempDir()
	if err := Completions(root.NewCmdRoot(cmdutil.New()), dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"zenv.bash", "_zenv", "zenv.fish", "zenv.ps1"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !strings.Contains(string(b), "zenv") {
			t.Errorf("%s: %v, %d bytes", name, err, len(b))
		}
	}
}

// TestRoffEscapesRequestsAndBackslashes: environment text is copied into
// the page verbatim, so a line starting with a dot must not become a
// request.
func TestRoffEscapesRequestsAndBackslashes(t *testing.T) {
	for in, want := range map[string]string{
		".SH X\n":      `\&.SH X` + "\n",
		"a\\b\n":       `a\eb` + "\n",
		"'quote\nok\n": `\&'quote` + "\nok\n",
	} {
		if got := roff(in); got != want {
			t.Errorf("roff(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCommandReferenceIsCurrent: docs/commands is what `make docs` writes
// from today's command tree, page for page, so a new command, flag or help
// text cannot leave the reference behind.
func TestCommandReferenceIsCurrent(t *testing.T) {
	dir := t.TempDir()
	if err := Markdown(root.NewCmdRoot(cmdutil.New()), dir); err != nil {
		t.Fatal(err)
	}
	checked := filepath.Join("..", "..", "..", "docs", "commands")
	want, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	have, _ := filepath.Glob(filepath.Join(checked, "*.md"))
	if len(want) < 3 {
		t.Fatalf("generated %d pages", len(want))
	}
	names := map[string]bool{}
	for _, p := range want {
		name := filepath.Base(p)
		names[name] = true
		gen, _ := os.ReadFile(p)
		in, err := os.ReadFile(filepath.Join(checked, name))
		if err != nil || string(in) != string(gen) {
			t.Errorf("docs/commands/%s is stale or missing; run make docs (go run ./internal/tools/mangen -markdown docs/commands)", name)
		}
	}
	for _, p := range have {
		if !names[filepath.Base(p)] {
			t.Errorf("docs/commands/%s documents no command; run make docs", filepath.Base(p))
		}
	}
}
