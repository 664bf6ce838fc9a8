package quote

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// Oracles: each reads a quoted literal back by the target's rules,
// independently of the quoting code, so a fuzzer can check
// oracle(quote(s)) == s.

// shellWord parses quoted as one shell word in lang and expands it with
// mvdan.cc/sh (quote removal included), the parser syntax.Quote is itself
// fuzzed against. It must stay one field: a word that splits is a bug.
//
// mvdan's parser reads CR LF as LF and refuses bytes that are not UTF-8,
// where bash, zsh and dash keep both: readIn hides every non-ASCII byte from
// it, and the real shells prove values with CR LF in the round-trip tests
// (see shellReader).
func shellWord(lang syntax.LangVariant, quoted string) (string, error) {
	f, err := syntax.NewParser(syntax.Variant(lang)).Parse(strings.NewReader("echo "+quoted+"\n"), "")
	if err != nil {
		return "", err
	}
	if len(f.Stmts) != 1 {
		return "", fmt.Errorf("%d statements", len(f.Stmts))
	}
	call, ok := f.Stmts[0].Cmd.(*syntax.CallExpr)
	if !ok || len(call.Assigns) != 0 || len(call.Args) != 2 {
		return "", fmt.Errorf("not one word")
	}
	fields, err := expand.Fields(&expand.Config{}, call.Args[1])
	if err != nil {
		return "", err
	}
	if len(fields) != 1 {
		return "", fmt.Errorf("expands to %d fields", len(fields))
	}
	return fields[0], nil
}

// fishWord reads one fish word made of single-quoted strings, where \\ and
// \' are the only escapes, and bare \\ and \' escapes between them: what
// Fish writes. Anything else bare is refused, since Fish never writes it.
func fishWord(q string) (string, error) {
	if q == "" {
		return "", fmt.Errorf("empty word")
	}
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == '\\' && i+1 < len(q) && (q[i+1] == '\\' || q[i+1] == '\''):
			b.WriteByte(q[i+1])
			i++
		case c == '\'':
			closed := false
			for i++; i < len(q); i++ {
				if q[i] == '\\' && i+1 < len(q) && (q[i+1] == '\\' || q[i+1] == '\'') {
					b.WriteByte(q[i+1])
					i++
					continue
				}
				if q[i] == '\'' {
					closed = true
					break
				}
				b.WriteByte(q[i])
			}
			if !closed {
				return "", fmt.Errorf("unterminated quote")
			}
		default:
			return "", fmt.Errorf("bare %q at %d", c, i)
		}
	}
	return b.String(), nil
}

// powerShellExpr evaluates the expressions PowerShell() writes, by
// PowerShell's rules: '...' strings where any of the five single-quote
// characters ends the string unless followed by another (the pair stands for
// the second), [char]0xNNNN, [char]::ConvertFromUtf32(0xN), joined by " + ".
func powerShellExpr(e string) (string, error) {
	var b strings.Builder
	for first := true; e != ""; first = false {
		if !first {
			rest, ok := strings.CutPrefix(e, " + ")
			if !ok {
				return "", fmt.Errorf("expected + at %q", e)
			}
			e = rest
		}
		switch {
		case strings.HasPrefix(e, "'"):
			e = e[1:]
			closed := false
			for e != "" {
				r, n := utf8.DecodeRuneInString(e)
				e = e[n:]
				if strings.ContainsRune(powerShellQuotes, r) {
					r2, n2 := utf8.DecodeRuneInString(e)
					if e != "" && strings.ContainsRune(powerShellQuotes, r2) {
						b.WriteRune(r2)
						e = e[n2:]
						continue
					}
					closed = true
					break
				}
				b.WriteRune(r)
			}
			if !closed {
				return "", fmt.Errorf("unterminated string")
			}
		case strings.HasPrefix(e, "[char]::ConvertFromUtf32(0x"):
			e = strings.TrimPrefix(e, "[char]::ConvertFromUtf32(0x")
			end := strings.IndexByte(e, ')')
			n, err := strconv.ParseUint(e[:end], 16, 32)
			if err != nil {
				return "", err
			}
			b.WriteRune(rune(n))
			e = e[end+1:]
		case strings.HasPrefix(e, "[char]0x"):
			n, err := strconv.ParseUint(e[8:12], 16, 16)
			if err != nil {
				return "", err
			}
			b.WriteRune(rune(n))
			e = e[12:]
		default:
			return "", fmt.Errorf("unexpected %q", e)
		}
	}
	return b.String(), nil
}

// yamlScalar parses "k: " + quoted with yaml.v3 and returns k's string.
func yamlScalar(quoted string) (string, error) {
	var m map[string]any
	if err := yaml.Unmarshal([]byte("k: "+quoted+"\n"), &m); err != nil {
		return "", err
	}
	s, ok := m["k"].(string)
	if !ok {
		return "", fmt.Errorf("k is a %T, not a string", m["k"])
	}
	return s, nil
}

// githubTemplate evaluates a GitHub Actions value the way the runner does
// for the expressions GitHubLiteral writes: text outside ${{ }} is literal;
// inside, a single string literal '...' (” for a quote) is its content.
func githubTemplate(s string) (string, error) {
	var b strings.Builder
	for {
		i := strings.Index(s, "${{")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		b.WriteString(s[:i])
		s = strings.TrimLeft(s[i+3:], " ")
		if !strings.HasPrefix(s, "'") {
			return "", fmt.Errorf("expression is not a string literal: %q", s)
		}
		s = s[1:]
		for {
			j := strings.IndexByte(s, '\'')
			if j < 0 {
				return "", fmt.Errorf("unterminated string literal")
			}
			b.WriteString(s[:j])
			s = s[j+1:]
			if strings.HasPrefix(s, "'") {
				b.WriteByte('\'')
				s = s[1:]
				continue
			}
			break
		}
		s = strings.TrimLeft(s, " ")
		if !strings.HasPrefix(s, "}}") {
			return "", fmt.Errorf("expression not closed")
		}
		s = s[2:]
	}
}
