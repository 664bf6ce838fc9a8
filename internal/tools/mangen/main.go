// Command mangen writes zenv's man pages (section 1), one per command,
// from the command tree with cobra/doc, and zenv's shell completion scripts
// beside them; and the command reference in Markdown that docs/commands
// holds. It is a separate program so cobra/doc and its markdown renderer
// stay out of the zenv binary. `make man` and goreleaser's before hook run
// the first, `make docs` the second:
//
//	go run ./internal/tools/mangen -man DIR -completions DIR
//	go run ./internal/tools/mangen -markdown docs/commands
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/zenv-dev/zenv/internal/cmd/completion"
	"github.com/zenv-dev/zenv/internal/cmd/root"
	"github.com/zenv-dev/zenv/internal/cmdutil"
)

func main() {
	manDir := flag.String("man", "", "write the man pages to `DIR`")
	compDir := flag.String("completions", "", "write the completion scripts to `DIR`")
	mdDir := flag.String("markdown", "", "write the command reference in Markdown to `DIR` (its old pages removed)")
	flag.Parse()
	if flag.NArg() > 0 || (*manDir == "" && *compDir == "" && *mdDir == "") {
		fmt.Fprintln(os.Stderr, "usage: mangen [-man DIR] [-completions DIR] [-markdown DIR]")
		os.Exit(2)
	}
	cmd := root.NewCmdRoot(cmdutil.New())
	if *mdDir != "" {
		if err := Markdown(cmd, *mdDir); err != nil {
			fmt.Fprintf(os.Stderr, "mangen: %v\n", err)
			os.Exit(1)
		}
	}
	if *manDir != "" {
		if err := Man(cmd, *manDir); err != nil {
			fmt.Fprintf(os.Stderr, "mangen: %v\n", err)
			os.Exit(1)
		}
	}
	if *compDir != "" {
		if err := Completions(cmd, *compDir); err != nil {
			fmt.Fprintf(os.Stderr, "mangen: %v\n", err)
			os.Exit(1)
		}
	}
}

// Man writes DIR/zenv.1, DIR/zenv-env.1, ... for every available command.
// The root page gains ENVIRONMENT and EXIT STATUS sections, from the same
// text as `zenv --help`.
func Man(cmd *cobra.Command, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// The page date: $SOURCE_DATE_EPOCH when set (make man and goreleaser
	// set the commit time), so pages reproduce.
	date := time.Now()
	if epoch := os.Getenv("SOURCE_DATE_EPOCH"); epoch != "" {
		sec, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", epoch)
		}
		date = time.Unix(sec, 0).UTC()
	}
	header := &doc.GenManHeader{Title: "ZENV", Section: "1", Source: "zenv", Manual: "zenv manual", Date: &date}
	cmd.DisableAutoGenTag = true
	if err := doc.GenManTree(cmd, header, dir); err != nil {
		return err
	}
	page := filepath.Join(dir, "zenv.1")
	b, err := os.ReadFile(page)
	if err != nil {
		return err
	}
	extra := ".SH ENVIRONMENT\n.PP\n.nf\n" + roff(root.Environment) + ".fi\n" +
		".SH EXIT STATUS\n.PP\n.nf\n" + roff(root.ExitCodes) + ".fi\n"
	// Before SEE ALSO, where man-pages(7) puts them.
	if i := bytes.Index(b, []byte(".SH SEE ALSO")); i >= 0 {
		b = append(b[:i:i], append([]byte(extra), b[i:]...)...)
	} else {
		b = append(b, extra...)
	}
	if err := os.WriteFile(page, b, 0o644); err != nil {
		return err
	}
	return topicPages(header, dir)
}

// topicPages writes a section 5 page for each help topic (zenv-config.5
// for `zenv help config`: the profile file's format).
func topicPages(header *doc.GenManHeader, dir string) error {
	date := header.Date
	for _, name := range root.TopicNames() {
		text, _ := root.Topic(name)
		title := "ZENV-" + strings.ToUpper(name)
		var b bytes.Buffer
		fmt.Fprintf(&b, ".TH %q \"5\" %q %q %q\n", title, date.Format("Jan 2006"), header.Source, header.Manual)
		fmt.Fprintf(&b, ".SH NAME\nzenv-%s \\- zenv help %s\n", name, name)
		fmt.Fprintf(&b, ".SH DESCRIPTION\n.PP\n.nf\n%s.fi\n", roff(text))
		fmt.Fprintf(&b, ".SH SEE ALSO\n.BR zenv (1)\n")
		if err := os.WriteFile(filepath.Join(dir, "zenv-"+name+".5"), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Markdown writes the command reference, one page per available command
// (zenv.md, zenv_env.md, ...), into dir, after removing the pages a
// previous run wrote, so a removed command loses its page. The pages carry
// no date, so they change only when the command tree does
// (TestCommandReferenceIsCurrent compares them with docs/commands).
func Markdown(cmd *cobra.Command, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	old, err := filepath.Glob(filepath.Join(dir, "zenv*.md"))
	if err != nil {
		return err
	}
	for _, p := range old {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	cmd.DisableAutoGenTag = true
	return doc.GenMarkdownTree(cmd, dir)
}

// Completions writes zenv.bash, _zenv (zsh), zenv.fish and zenv.ps1.
func Completions(cmd *cobra.Command, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for shell, name := range map[string]string{"bash": "zenv.bash", "zsh": "_zenv", "fish": "zenv.fish", "powershell": "zenv.ps1"} {
		var b bytes.Buffer
		if err := completion.Write(&b, cmd, shell); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// roff escapes text for a no-fill block: a backslash is \e, and a line
// starting with . or ' would be read as a request.
func roff(s string) string {
	var b bytes.Buffer
	for _, line := range bytes.SplitAfter([]byte(s), []byte("\n")) {
		if len(line) > 0 && (line[0] == '.' || line[0] == '\'') {
			b.WriteString(`\&`)
		}
		b.Write(bytes.ReplaceAll(line, []byte(`\`), []byte(`\e`)))
	}
	return b.String()
}
