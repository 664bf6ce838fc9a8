package quote

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/joho/godotenv"
)

// godotenvRead reads quoted as the value of K with godotenv, the parser
// itself, from a file's bytes.
func godotenvRead(quoted string) (string, error) {
	m, err := godotenv.Unmarshal("K=" + quoted + "\n")
	if err != nil {
		return "", err
	}
	return m["K"], nil
}

// python-dotenv 1.2's rules for a quoted value (dotenv/parser.py, main.py,
// variables.py), read from a file opened with universal newlines.
var (
	pyDotenvSingle       = regexp.MustCompile(`(?s)^'((?:\\.|[^'\\])*)'`)
	pyDotenvDouble       = regexp.MustCompile(`(?s)^"((?:\\.|[^"\\])*)"`)
	pyDotenvEscape       = regexp.MustCompile(`\\[\\']`)
	pyDotenvDoubleEscape = regexp.MustCompile(`\\[\\'"abfnrtv]`)
	pyDotenvPlaceholder  = regexp.MustCompile(`\$\{([^}:]*)(?::-([^}]*))?\}`)
)

// pyEscapes are the escapes python-dotenv decodes in a double-quoted value
// (codecs' unicode-escape on \\[\\'"abfnrtv]).
var pyEscapes = map[byte]string{'\\': `\`, '\'': "'", '"': `"`, 'a': "\a", 'b': "\b", 'f': "\f", 'n': "\n", 'r': "\r", 't': "\t", 'v': "\v"}

// pythonDotenvRead reads quoted as python-dotenv reads a single- or
// double-quoted value: CR LF and CR become LF when the file is opened, the
// quotes' escapes are decoded, and ${NAME} is replaced (here by "", as for
// an unset name).
func pythonDotenvRead(quoted string) (string, bool) {
	text := strings.ReplaceAll(strings.ReplaceAll(quoted, "\r\n", "\n"), "\r", "\n")
	re, esc := pyDotenvSingle, pyDotenvEscape
	if strings.HasPrefix(text, `"`) {
		re, esc = pyDotenvDouble, pyDotenvDoubleEscape
	}
	m := re.FindStringSubmatch(text)
	if m == nil || len(m[0]) != len(text) {
		return "", false
	}
	v := esc.ReplaceAllStringFunc(m[1], func(e string) string { return pyEscapes[e[1]] })
	v = pyDotenvPlaceholder.ReplaceAllString(v, "$2")
	return v, true
}

func FuzzDotenv(f *testing.F) {
	addSeeds(f)
	for _, s := range []string{`a\\b`, `a\`, `\'`, "${HOME}", "${X:-d}", "${a:b}", "$HOME", "a\rb", `\n`, "#x", " # y",
		"it's", "it's $x", "it's \\q", `it's "x"`, "it's\ntwo", "'", "''", `it's \`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Dotenv(s)
		if err != nil {
			// A refusal must be needed: the plain quoting (double quotes
			// for a value holding ', single quotes otherwise) reads back
			// differently in one of the readers, or cannot be read.
			if strings.Contains(s, "\x00") || !utf8.ValidString(s) {
				return
			}
			naive := "'" + s + "'"
			if strings.Contains(s, "'") {
				naive = `"` + s + `"`
				// docker compose (compose-go, not linked here) expands
				// $name and reads $$ as $ in double quotes, where these
				// two readers keep some of them: internal/e2e proves the
				// refusal against it.
				if strings.Contains(s, "$") {
					return
				}
			}
			g, gerr := godotenvRead(naive)
			p, pok := pythonDotenvRead(naive)
			if gerr == nil && g == s && pok && p == s {
				t.Fatalf("Dotenv refused %q (%v), which both readers read back", s, err)
			}
			return
		}
		if q[0] != '\'' && !strings.Contains(s, "'") {
			t.Fatalf("Dotenv(%q) = %s: single quotes are the first choice", s, q)
		}
		if got, err := godotenvRead(q); err != nil || got != s {
			t.Fatalf("godotenv reads %s as %q (%v), want %q", q, got, err, s)
		}
		if got, ok := pythonDotenvRead(q); !ok || got != s {
			t.Fatalf("python-dotenv reads %s as %q (ok=%v), want %q", q, got, ok, s)
		}
	})
}

func TestDotenvRefusesWhatTheReadersReadDifferently(t *testing.T) {
	tests := []struct{ in, want string }{
		{"it's $HOME", `"$" (U+0024) at byte 5: a .env value holding ' is double-quoted`},
		{`it's \q`, `"\\" (U+005C) at byte 5: a .env value holding ' is double-quoted`},
		{`it's "so"`, `"\"" (U+0022) at byte 5: a .env value holding ' is double-quoted`},
		{`a\\b`, `"\\" (U+005C) at byte 1: python-dotenv reads \\ as one backslash`},
		{`ends\`, `"\\" (U+005C) at byte 4: a backslash at the end`},
		{"x ${HOME}", `"$" (U+0024) at byte 2: python-dotenv replaces ${...}`},
		{"${X:-d}", `"$" (U+0024) at byte 0`},
		{"a\rb", "carriage return (U+000D) at byte 1"},
		{"a\x00", "NUL (U+0000) at byte 1"},
		{"\xff", "byte 0xff (not UTF-8) at byte 0"},
	}
	for _, tt := range tests {
		_, err := Dotenv(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Dotenv(%q) = %v, want an error containing %q", tt.in, err, tt.want)
		}
	}
}

func TestDotenvCarriesShellAndYAMLSyntax(t *testing.T) {
	for _, s := range []string{"", "$HOME", "${a:b}", "$(id)", "`id`", `a\b`, `\n`, "#x", " # y", "  spaced  ", "line\nbreak", `"double"`, "é日本😀", "tab\there"} {
		q, err := Dotenv(s)
		if err != nil || q != "'"+s+"'" {
			t.Errorf("Dotenv(%q) = %q, %v; want it single-quoted", s, q, err)
		}
	}
}

// TestDotenvDoubleQuotesAValueHoldingAQuote: python-dotenv, godotenv and
// docker compose read "it's" alike, so a value with ' and none of $, \
// and " is double-quoted rather than refused (issue #18).
func TestDotenvDoubleQuotesAValueHoldingAQuote(t *testing.T) {
	for _, s := range []string{"it's", "'", "''", "a'b'c  ", "it's\ntwo", "it's #x", "it's `id` (x) {y} %z% !w", "l'été 😀", "it's\ttab"} {
		q, err := Dotenv(s)
		if err != nil || q != `"`+s+`"` {
			t.Errorf("Dotenv(%q) = %q, %v; want it double-quoted", s, q, err)
		}
	}
}
