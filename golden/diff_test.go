package golden

import (
	"fmt"
	"strings"
)

// Diff shows the lines where want and got differ, with their line numbers
// and with control characters made visible.
func Diff(want, got string) string {
	w, g := strings.SplitAfter(want, "\n"), strings.SplitAfter(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 20; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl == gl {
			continue
		}
		fmt.Fprintf(&b, "line %d:\n  - want %q\n  + got  %q\n", i+1, wl, gl)
		shown++
	}
	return b.String()
}
