package lint

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/zenv-dev/zenv/internal/textsafe"
)

// Formats are the output formats, in the order --help lists them.
var Formats = []string{"text", "json", "sarif"}

// Tool names the program in machine-readable output.
type Tool struct {
	Name    string // "zenv"
	Version string // may be empty
	URI     string // the project's home page; may be empty
}

// Write writes r in format: "text", "json" or "sarif".
func Write(w io.Writer, format string, r Report, t Tool) error {
	switch format {
	case "text":
		return WriteText(w, r)
	case "json":
		return WriteJSON(w, r)
	case "sarif":
		return WriteSARIF(w, r, t)
	}
	return fmt.Errorf("unknown format %q; use text, json or sarif", format)
}

// WriteText writes one line per finding, path:line:col: RULE message, the
// form editors and CI problem matchers read. Paths and messages are
// escaped (textsafe): a file named "x\n::error file=y::" must not become a
// GitHub annotation, nor a name's escape sequences reach the terminal.
func WriteText(w io.Writer, r Report) error {
	b := bufio.NewWriter(w)
	for _, f := range r.Findings {
		fmt.Fprintf(b, "%s:%d:%d: %s %s\n", textsafe.Escape(f.Path), f.Line, f.Col, f.Rule, textsafe.Escape(f.Message))
	}
	return b.Flush()
}

// WriteJSON writes the report as one indented JSON object:
// {"findings": [...], "skipped": [...], "files": N}.
func WriteJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
