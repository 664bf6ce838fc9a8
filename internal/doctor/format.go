package doctor

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/zenv-dev/zenv/internal/textsafe"
	rquote "github.com/zenv-dev/zenv/render/quote"
)

// Formats lists the output formats, for --format and its error.
var Formats = []string{"text", "json", "github"}

// Write prints results in format: "text" (colour when color is true),
// "json", or "github" (workflow annotations).
func Write(w io.Writer, format string, results []Result, color bool) error {
	// The net under Run's redaction: results built elsewhere (doctor --all
	// across profiles, a test) pass the key-shaped filter too.
	if results != nil {
		clean := make([]Result, len(results))
		for i, r := range results {
			clean[i] = redactResult(r, nil)
		}
		results = clean
	}
	switch format {
	case "text", "":
		return WriteText(w, results, color)
	case "json":
		return WriteJSON(w, results)
	case "github":
		return WriteGitHub(w, results)
	}
	return fmt.Errorf("unknown format %q; use one of %s", format, strings.Join(Formats, ", "))
}

// ColorWanted: colour on a terminal, unless NO_COLOR is set to anything
// (no-color.org) or TERM is dumb.
func ColorWanted(terminal bool, getenv func(string) string) bool {
	return terminal && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

// glyph is a status's mark and its ANSI colour. (A switch, not a map: a
// package-level map is built at every start of zenv.)
func glyph(s Status) (mark, color string) {
	switch s {
	case Pass:
		return "✓", "\x1b[32m"
	case Warn:
		return "!", "\x1b[33m"
	case Fail:
		return "✗", "\x1b[31m"
	}
	return "-", "\x1b[2m"
}

// WriteText prints one line per check: glyph, check, what was found and
// what to do; a line per profile when results span several; a summary.
func WriteText(w io.Writer, results []Result, color bool) error {
	var b strings.Builder
	profile := ""
	for _, r := range results {
		if r.Profile != profile {
			profile = r.Profile
			if profile != "" {
				fmt.Fprintf(&b, "profile %s\n", textsafe.Escape(profile))
			} else {
				b.WriteString("across profiles\n")
			}
		}
		mark, c := glyph(r.Status)
		if color {
			mark = c + mark + "\x1b[0m"
		}
		indent := ""
		if r.Profile != "" {
			indent = "  "
		}
		fmt.Fprintf(&b, "%s%s %s: %s", indent, mark, textsafe.Escape(r.Title), textsafe.Escape(r.Detail))
		if r.Fix != "" && (r.Status == Fail || r.Status == Warn) {
			fmt.Fprintf(&b, " → %s", textsafe.Escape(r.Fix))
		}
		b.WriteByte('\n')
	}
	b.WriteString(summary(results) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func summary(results []Result) string {
	n := map[Status]int{}
	for _, r := range results {
		n[r.Status]++
	}
	return fmt.Sprintf("%d failed, %d warning(s), %d passed, %d skipped", n[Fail], n[Warn], n[Pass], n[Skip])
}

// WriteJSON prints {"status": "pass"|"fail", "checks": [...]}.
func WriteJSON(w io.Writer, results []Result) error {
	status := Pass
	if ExitCode(results) != 0 {
		status = Fail
	}
	if results == nil {
		results = []Result{}
	}
	b, err := json.MarshalIndent(struct {
		Status Status   `json:"status"`
		Checks []Result `json:"checks"`
	}{status, results}, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteGitHub prints a failure as ::error and a warning as ::warning, so a
// CI step's summary shows them; passes and skips stay plain log lines,
// which start with a glyph and so are never read as a command.
func WriteGitHub(w io.Writer, results []Result) error {
	var b strings.Builder
	for _, r := range results {
		title := "zenv doctor: " + r.Title
		if r.Profile != "" {
			title = "zenv doctor (" + r.Profile + "): " + r.Title
		}
		msg := r.Detail
		if r.Fix != "" {
			msg += " → " + r.Fix
		}
		switch r.Status {
		case Fail, Warn:
			cmd := "error"
			if r.Status == Warn {
				cmd = "warning"
			}
			fmt.Fprintf(&b, "::%s title=%s::%s\n", cmd, rquote.GitHubCommandProperty(textsafe.Escape(title)), rquote.GitHubCommandData(msg))
		default:
			mark, _ := glyph(r.Status)
			fmt.Fprintf(&b, "%s %s: %s\n", mark, textsafe.Escape(title), textsafe.Escape(r.Detail))
		}
	}
	b.WriteString(summary(results) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}
