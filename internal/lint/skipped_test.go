package lint

import (
	"bufio"
	"fmt"
	"io"

	"github.com/zenv-dev/zenv/internal/textsafe"
)

// WriteSkipped writes one line per skipped file, path: reason; the command
// sends these to stderr.
func WriteSkipped(w io.Writer, r Report) error {
	b := bufio.NewWriter(w)
	for _, s := range r.Skipped {
		fmt.Fprintf(b, "%s: %s\n", textsafe.Escape(s.Path), textsafe.Escape(s.Reason))
	}
	return b.Flush()
}
