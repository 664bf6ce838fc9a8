package quote

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// seeds are the values every fuzz test starts from.
var seeds = []string{
	"", "plain", "https://zenml.example.com", "it's", `"double"`, "`back`", "$HOME", "$(id)",
	`\`, `\\n`, "!", "%PATH%", "!x!", "^&|<>", ";#~*?[]{}()", "  spaced  ", "tab\there",
	"line\nbreak", "cr\rlf\r\n", "\x1b[31m", "\x7f", "\x01\x02", "end\n", "\u2018\u2019\u201a\u201b",
	"\u201c\u201d", "é日本😀", "\u00a0\u2028\u0085\ufeff\u200b", "\xff\xfe", "\xc3", "${{ x }}",
	"${{", "{{ prefect.blocks.secret.x }}", "{{ }}", "yes", "0123", "~", "null", ": # -",
	"ZENKEY_eyJpZCI6ICIxIn0=", "'\\''", "$'x'",
	// Characters whose last byte is 0x5C (\) in Big5 (許 B3 5C), GBK (乗 81 5C),
	// Shift-JIS (ソ 83 5C), and UTF-8 text ending in a Big5 lead byte (中 is
	// E4 B8 AD): before a quote, a backslash, a control character, at the end.
	"\xb3\x5c'; touch x; #", "\x81\x5c\\", "\x83\x5c\x01", "\xb3\x5c", "中'; touch x; #",
	"\x01中'x", "中\\", "\xad", "\x81\x30\x81\x30'", "中0", "中0'x", "\x810\\", "\xfe:",
}

func addSeeds(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
}

// The shell fuzzers read every output back in each encoding of
// locale_test.go (C, UTF-8 and the multibyte ones where 0x5C can end a
// character), so a value that is read back right only in UTF-8 fails.

func FuzzBash(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Bash(s)
		if strings.Contains(s, "\x00") {
			if err == nil {
				t.Fatalf("Bash accepted a NUL byte")
			}
			return
		}
		if err != nil {
			t.Fatalf("Bash refused %q: %v", s, err)
		}
		checkLocaleProof(t, false, q, s, shellReader(syntax.LangBash))
		checkLocaleProof(t, false, q, s, shellReader(syntax.LangZsh))
	})
}

func FuzzPOSIX(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := POSIX(s)
		if strings.Contains(s, "\x00") {
			if err == nil {
				t.Fatalf("POSIX accepted a NUL byte")
			}
			return
		}
		if err != nil {
			t.Fatalf("POSIX refused %q: %v", s, err)
		}
		checkLocaleProof(t, false, q, s, shellReader(syntax.LangPOSIX))
	})
}

func FuzzFish(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Fish(s)
		if err != nil {
			if !strings.Contains(s, "\x00") {
				t.Fatalf("Fish refused %q: %v", s, err)
			}
			return
		}
		checkLocaleProof(t, true, q, s, fishWord)
	})
}

func FuzzPowerShell(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := PowerShell(s)
		if err != nil {
			if s != "" && !strings.Contains(s, "\x00") && utf8.ValidString(s) {
				t.Fatalf("PowerShell refused %q: %v", s, err)
			}
			return
		}
		for i := 0; i < len(q); i++ {
			if q[i] < 0x20 || q[i] > 0x7e {
				t.Fatalf("PowerShell wrote byte 0x%02x for %q: the output must be printable ASCII", q[i], s)
			}
		}
		got, err := powerShellExpr(q)
		if err != nil || got != s {
			t.Fatalf("powershell reads %s as %q (%v), want %q", q, got, err, s)
		}
	})
}

func FuzzYAML(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := YAML(s)
		if err != nil {
			if utf8.ValidString(s) && !strings.Contains(s, "\x00") {
				t.Fatalf("YAML refused %q: %v", s, err)
			}
			return
		}
		if strings.ContainsAny(q, "\n\r") {
			t.Fatalf("YAML wrote a line break for %q", s)
		}
		got, err := yamlScalar(q)
		if err != nil || got != s {
			t.Fatalf("yaml reads %s as %q (%v), want %q", q, got, err, s)
		}
	})
}

func FuzzGitHubYAML(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := GitHubYAML(s)
		if err != nil {
			return // YAML's refusals, fuzzed above
		}
		y, err := yamlScalar(q)
		if err != nil {
			t.Fatalf("yaml cannot read %s: %v", q, err)
		}
		got, err := githubTemplate(y)
		if err != nil || got != s {
			t.Fatalf("the runner reads %s as %q (%v), want %q", q, got, err, s)
		}
	})
}

func FuzzPrefectYAML(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := PrefectYAML(s)
		if err != nil {
			return
		}
		if prefectPlaceholder().MatchString(s) {
			t.Fatalf("PrefectYAML accepted the placeholder in %q", s)
		}
		got, err := yamlScalar(q)
		if err != nil || got != s {
			t.Fatalf("yaml reads %s as %q (%v), want %q", q, got, err, s)
		}
	})
}

func FuzzCmd(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Cmd(s)
		if err != nil {
			return
		}
		if q != s {
			t.Fatalf("Cmd changed %q to %q", s, q)
		}
		// What cmd can carry inside set "NAME=VALUE": printable ASCII other
		// than the characters it expands or that end the quoting.
		if s == "" || strings.ContainsAny(s, "\"%!") {
			t.Fatalf("Cmd accepted %q", s)
		}
		for i := 0; i < len(s); i++ {
			if s[i] < 0x20 || s[i] > 0x7e {
				t.Fatalf("Cmd accepted byte 0x%02x in %q", s[i], s)
			}
		}
	})
}

func TestBashNeverWritesLocaleDependentEscapes(t *testing.T) {
	// bash and zsh expand \u and \U through the locale; under LC_ALL=C bash
	// leaves "\u00E9" as literal text.
	for _, s := range []string{"é\x01", "\u00a0", "\u200b", "\ufeff", "😀\n", "\u0085"} {
		q, err := Bash(s)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(q, `\u`) || strings.Contains(q, `\U`) {
			t.Errorf("Bash(%q) = %s: uses \\u or \\U", s, q)
		}
	}
}

func TestPowerShellDoublesUnicodeQuotes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"it's", `'it''s'`},
		{"a\u2018b", "'a\u2018\u2018b'"},
		{"a\u2019b", "'a\u2019\u2019b'"},
		{"a\u201ab", "'a\u201a\u201ab'"},
		{"a\u201bb", "'a\u201b\u201bb'"},
		{"\u201c", "'\u201c'"}, // a double quote: literal inside '...'
		{"$x `n", "'$x `n'"},
	}
	for _, tt := range tests {
		if got := PowerShellString(tt.in); got != tt.want {
			t.Errorf("PowerShellString(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPowerShellWritesNonASCIIAsCharCodes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "'plain'"},
		{"it\u2019s", "'it' + [char]0x2019 + 's'"},
		{"\u2018x", "'' + [char]0x2018 + 'x'"},
		{"a\nb", "'a' + [char]0x000A + 'b'"},
		{"😀", "'' + [char]::ConvertFromUtf32(0x1F600)"},
	}
	for _, tt := range tests {
		got, err := PowerShell(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("PowerShell(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestRefusalsNameTheCharacter(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) (string, error)
		in   string
		want string // in the message
	}{
		{"cmd quote", Cmd, `a"b`, `"\"" (U+0022) at byte 1`},
		{"cmd percent", Cmd, "50%", `"%" (U+0025) at byte 2`},
		{"cmd bang", Cmd, "hi!", `"!" (U+0021) at byte 2`},
		{"cmd newline", Cmd, "a\nb", "newline (U+000A) at byte 1"},
		{"cmd carriage return", Cmd, "a\rb", "carriage return (U+000D)"},
		{"cmd non-ascii", Cmd, "caf\u00e9", `"é" (U+00E9) at byte 3`},
		{"cmd empty", Cmd, "", `the value is empty: cmd cannot set one (set "NAME=" deletes the variable)`},
		{"cmd tab", Cmd, "a\tb", "tab (U+0009)"},
		{"powershell empty", PowerShell, "", "the value is empty: powershell cannot set one"},
		{"powershell nul", PowerShell, "a\x00", "NUL (U+0000) at byte 1"},
		{"powershell invalid", PowerShell, "a\xff", "byte 0xff (not UTF-8) at byte 1"},
		{"bash nul", Bash, "\x00", "NUL (U+0000) at byte 0"},
		{"yaml invalid", YAML, "\xc3", "byte 0xc3 (not UTF-8)"},
		{"prefect placeholder", PrefectYAML, "x {{ prefect.variables.y }}", `"{" (U+007B) at byte 2: prefect would replace`},
		{"github-env cr lf", GitHubEnv, "a\r\nb", "carriage return (U+000D) at byte 1: a Windows runner"},
		{"github-env cr at end", GitHubEnv, "ab\r", "carriage return (U+000D) at byte 2"},
		{"github-env invalid", GitHubEnv, "a\xffb", "byte 0xff (not UTF-8) at byte 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.fn(tt.in)
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("got %v, want a *quote.Error", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if qe.Empty && strings.Contains(err.Error(), "U+") {
				t.Errorf("an empty value has no character to name: %q", err)
			}
		})
	}
}

func TestCmdCarriesWhatSetQuotingMakesLiteral(t *testing.T) {
	for _, s := range []string{"a&b|c<d>e^f", "(x)", "  spaces  ", "ends ^", "a=b", "'single'", "$x", "`x`", ";,@#"} {
		if got, err := Cmd(s); err != nil || got != s {
			t.Errorf("Cmd(%q) = %q, %v; want it unchanged", s, got, err)
		}
	}
}

func TestPrefectPlaceholderMatchesPythonsPattern(t *testing.T) {
	// Prefect: {{\s*([\w\.\-\[\]$]+)\s*}} with Python's Unicode \w and \s.
	tests := []struct {
		in      string
		refused bool
	}{
		{"{{ prefect.blocks.secret.x }}", true},
		{"{{x}}", true},
		{"{{ $HOME }}", true},
		{"{{ a[0].b-c }}", true},
		{"{{\u00a0é\u3000}}", true}, // Unicode space and letter
		{"{{\x1cx\x1f}}", true},     // Python counts \x1c-\x1f as space
		{"{{ ٣ }}", true},           // a non-ASCII digit is \w
		{"${{ secrets.X }}", true},  // GitHub syntax is a Prefect placeholder too
		{"{{ }}", false},            // needs at least one word character
		{"{{a b}}", false},          // no space inside the name
		{"{{ a/b }}", false},        // / is not in the class
		{"{ {x} }", false},
		{"{{x}", false},
	}
	for _, tt := range tests {
		_, err := PrefectYAML(tt.in)
		if (err != nil) != tt.refused {
			t.Errorf("PrefectYAML(%q): refused=%v, want %v", tt.in, err != nil, tt.refused)
		}
	}
}

func TestYAMLKeepsEveryValueAString(t *testing.T) {
	for _, s := range []string{"yes", "on", "no", "0123", "0x1F", "1e3", "~", "null", "", " lead", "trail ", "- a", "[x]", "&a", "*a", "!tag", "|", ">"} {
		q, err := YAML(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := yamlScalar(q)
		if err != nil || got != s {
			t.Errorf("YAML(%q) = %s reads back as %q, %v", s, q, got, err)
		}
	}
}

func TestGitHubLiteralEscapesEveryExpressionOpener(t *testing.T) {
	tests := []struct{ in, want string }{
		{"${{ secrets.X }}", "${{ '${{' }} secrets.X }}"},
		{"$${{", "$${{ '${{' }}"},
		{"${{${{", "${{ '${{' }}${{ '${{' }}"},
		{"${ {", "${ {"},
		{"}}", "}}"},
	}
	for _, tt := range tests {
		if got := GitHubLiteral(tt.in); got != tt.want {
			t.Errorf("GitHubLiteral(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
