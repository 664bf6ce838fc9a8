package textsafe

import (
	"strings"
	"testing"
)

// TestEscapeLeavesNothingATerminalOrRunnerActsOn: every kind of control
// comes out as a visible escape, ordinary text (non-ASCII letters, a
// Windows path's backslashes, emoji) as it went in.
func TestEscapeLeavesNothingATerminalOrRunnerActsOn(t *testing.T) {
	tests := []struct{ in, want string }{
		{"deploy/prefect.yaml", "deploy/prefect.yaml"},
		{`C:\work\prefect.yaml`, `C:\work\prefect.yaml`},
		{"déjà vu/日本.env 🙂", "déjà vu/日本.env 🙂"},
		{"a\n::error file=x::pwned", `a\n::error file=x::pwned`},
		{"a\r\n::add-mask::x", `a\r\n::add-mask::x`},
		{"\x1b]0;title\x07\x1b[2J", `\x1b]0;title\x07\x1b[2J`},
		{"tab\there", `tab\there`},
		{"del\x7f", `del\x7f`},
		{"nel\u0085csi\u009b", `nel\u0085csi\u009b`},
		{"ls\u2028ps\u2029", `ls\u2028ps\u2029`},
		{"evil\u202egnp.sh", `evil\u202egnp.sh`},
		{"\u2066\u2067\u2068\u2069\u200e\u200f\u061c", `\u2066\u2067\u2068\u2069\u200e\u200f\u061c`},
		{"bad\xffutf8\xc3", `bad\xffutf8\xc3`},
		{"nul\x00", `nul\x00`},
	}
	for _, tt := range tests {
		got := Escape(tt.in)
		if got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if Escape(got) != got {
			t.Errorf("Escape(%q) = %q is not safe itself", tt.in, got)
		}
	}
	// Every rune below U+10000 that comes out unchanged is printable or
	// a space, never a control of any kind.
	for r := rune(0); r < 0x10000; r++ {
		s := string(r)
		if Escape(s) == s && (r < 0x20 || r == 0x7f || 0x80 <= r && r <= 0x9f) {
			t.Errorf("U+%04X passes unescaped", r)
		}
	}
	if strings.Contains(Escape("\n"), "\n") {
		t.Error("a newline survives")
	}
}
