package lint

import "fmt"

// Bounds on what a parser is given. Go cannot cap one goroutine's memory,
// and a stack overflow is fatal, not a panic: mvdan.cc/sh's parser and
// syntax.Walk recurse once per level of nesting, and a 500 KB script of
// 250,000 nested "(" took them to Go's 1 GB stack limit, killing the whole
// run and the report with it (issue #16). So the input is bounded before
// any parser runs: a size cap, and a nesting pre-scan. A file past either
// bound is reported as skipped and is still searched for keys.
//
// Measured before the bounds (zenv lint on one file, peak RSS): 250,000
// "(" 1 GB and a crash; 250,000 "a|" 1 GB; 150,000 "a&&" 860 MB; an
// arithmetic chain of 250,000 "+" 520 MB; a 1 MB YAML flow sequence of
// 500,000 items 115 MB. yaml.v3 stops at 10,000 levels itself and never
// expands an alias into a yaml.Node, which is all lint decodes.
const (
	// maxParseSize is the largest file handed to a parser (shell, YAML,
	// Dockerfile, dotenv). Configuration and scripts are far smaller.
	maxParseSize = 1 << 20
	// maxNesting is the deepest nesting the shell pre-scan lets through:
	// brackets, quotes, substitutions, compound commands and operator
	// chains together. Hand-written scripts stay under 30.
	maxNesting = 500
)

// parseable reports whether the file is small enough to hand to the
// parser of what (shell, YAML, ...); when not, it marks the file skipped.
// The parsers call it once they know they would run: a large lockfile
// that never mentions ZenML is not worth a note.
func (c *checker) parseable(what string) bool {
	if len(c.data) <= maxParseSize {
		return true
	}
	if c.skip == nil {
		c.skip = &Skip{Path: c.path, Reason: fmt.Sprintf("larger than %s, %s not parsed, checked for keys only", sizeString(maxParseSize), what)}
	}
	return false
}

// tooDeep is the skip reason for a script nested past maxNesting.
func tooDeep(what string, line int) string {
	return fmt.Sprintf("%s nested deeper than %d levels at line %d, not parsed, checked for keys only", what, maxNesting, line)
}

// shellTooDeep scans src as the shell lexer would and returns the line at
// which its nesting first passes limit, or 0. The estimate errs high: what
// it cannot place (a heredoc body, a case pattern's ")") never lowers it.
//
// It counts a frame for each open (, {, [, $(, ${, $((, backquote and
// double quote; one for each compound command (if, case, for, while,
// until, select) until its closing word; and one for each operator in a
// chain (|, &&, ||, !, time, coproc, and arithmetic operators), which
// the parser builds into a tree as deep as the chain, until the
// statement ends.
func shellTooDeep(src string, limit int) int { return shellScan(src, limit, 0, false) }

// shellScan is shellTooDeep for src inside base levels of nesting; body
// says src is an unquoted heredoc's body, read as a double-quoted string
// that no '"' ends.
func shellScan(src string, limit, base int, body bool) int {
	type frame byte
	const (
		fParen frame = iota
		fBrace
		fBracket
		fSubst // $( or $((
		fParam // ${
		fArith // (( or $(( inside
		fDquote
		fBackquote
		fCase      // case ... esac: a pattern's ")" closes nothing
		fBraceWord // a { that is not a command, as in {a,b}: no nesting
	)
	var (
		i        int
		stack    []frame
		keywords int // open compound commands
		chain    int // operators in the current statement
		line     = 1 //
		cmdPos   = true
		heredocs []heredoc // bodies that start at the next newline
	)
	if body {
		stack = append(stack, fDquote)
	}
	top := func() frame {
		if len(stack) == 0 {
			return 255
		}
		return stack[len(stack)-1]
	}
	deep := func() bool { return base+len(stack)+keywords+chain > limit }
	push := func(f frame) bool { stack = append(stack, f); return deep() }
	pop := func(fs ...frame) {
		for _, f := range fs {
			if top() == f {
				stack = stack[:len(stack)-1]
				return
			}
		}
	}
	// dollar reads $(, $((, ${ and $[ at src[i], and says whether the
	// frame it opens goes past the limit.
	dollar := func() bool {
		if i+1 >= len(src) || src[i+1] != '(' && src[i+1] != '{' && src[i+1] != '[' {
			return false
		}
		f := fSubst
		switch {
		case src[i+1] == '{':
			f = fParam
		case src[i+1] == '[' || i+2 < len(src) && src[i+2] == '(':
			f = fArith
			if src[i+1] == '(' {
				i++
			}
		}
		i++
		cmdPos = f == fSubst
		return push(f)
	}
	wordStart := func(i int) bool {
		if i == 0 {
			return true
		}
		switch src[i-1] {
		case ' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>':
			return true
		}
		return false
	}
	wordAt := func(i int) string {
		j := i
		for j < len(src) && (isWordByte(src[j]) || src[j] == '!') {
			j++
		}
		if j < len(src) {
			switch src[j] {
			case ' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>':
			default:
				return ""
			}
		}
		return src[i:j]
	}
	for i = 0; i < len(src); i++ {
		c := src[i]
		if c == '\n' {
			line++
		}
		switch top() {
		case fDquote:
			switch {
			case c == '\\':
				i++
				if i < len(src) && src[i] == '\n' {
					line++
				}
			case c == '"' && !(body && len(stack) == 1):
				pop(fDquote)
			case c == '`':
				if push(fBackquote) {
					return line
				}
				cmdPos = true
			case c == '$':
				if dollar() {
					return line
				}
			}
			continue
		case fArith:
			switch c {
			case '(':
				if push(fParen) {
					return line
				}
			case ')':
				pop(fArith)
				chain = 0
			case '+', '-', '*', '/', '%', '<', '>', '=', '!', '&', '|', '^', '~', '?', ':', ',':
				chain++
				if deep() {
					return line
				}
				continue
			}
			if c != '$' && c != '"' && c != '\'' && c != '`' {
				continue
			}
		}
		switch c {
		case '\\':
			i++
			if i < len(src) && src[i] == '\n' {
				line++
			}
			continue
		case '\'':
			ansi := i > 0 && src[i-1] == '$'
			for i++; i < len(src) && src[i] != '\''; i++ {
				if src[i] == '\n' {
					line++
				}
				if ansi && src[i] == '\\' {
					i++
				}
			}
			cmdPos = false
			continue
		case '"':
			if push(fDquote) {
				return line
			}
			cmdPos = false
			continue
		case '`':
			if top() == fBackquote {
				pop(fBackquote)
			} else if push(fBackquote) {
				return line
			}
			cmdPos = true
			continue
		case '#':
			if wordStart(i) && top() != fParam {
				for i < len(src) && src[i] != '\n' {
					i++
				}
				i-- // the newline is read next
			}
			continue
		case '$':
			if dollar() {
				return line
			}
			continue
		case '(':
			f := fParen
			if cmdPos && i+1 < len(src) && src[i+1] == '(' {
				f = fArith
				i++
			}
			if push(f) {
				return line
			}
			cmdPos = f == fParen
			continue
		case ')':
			pop(fParen, fSubst)
			cmdPos = true
			continue
		case '{':
			// Only a { in command position opens a block; in a word
			// (echo {a,b}) it opens nothing the parser nests.
			f := fBraceWord
			if cmdPos {
				f = fBrace
			}
			if push(f) {
				return line
			}
			cmdPos = f == fBrace
			continue
		case '}':
			// } ends a block only where a command could start: "echo }"
			// prints it and leaves the block open.
			if cmdPos {
				pop(fBrace, fParam, fBraceWord)
			} else {
				pop(fParam, fBraceWord)
			}
			continue
		case '[':
			if push(fBracket) {
				return line
			}
			continue
		case ']':
			pop(fBracket, fArith)
			continue
		case '|', '&':
			if i+1 < len(src) && src[i+1] == c || c == '|' {
				chain++
				if deep() {
					return line
				}
				if i+1 < len(src) && src[i+1] == c {
					i++
				}
			} else {
				chain = 0 // a lone & ends a statement
			}
			cmdPos = true
			continue
		case ';':
			chain = 0
			cmdPos = true
			continue
		case '<':
			if i+2 < len(src) && src[i+1] == '<' && src[i+2] == '<' {
				i += 2 // <<< a here-string, not a heredoc
				continue
			}
			if i+2 < len(src) && src[i+1] == '<' {
				j := i + 2
				if j < len(src) && src[j] == '-' {
					j++
				}
				for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
					j++
				}
				k := j
				for k < len(src) && src[k] != '\n' && src[k] != ' ' && src[k] != '\t' && src[k] != ';' &&
					src[k] != '&' && src[k] != '|' && src[k] != '<' && src[k] != '>' && src[k] != ')' {
					k++
				}
				if delim := trimQuotes(src[j:k]); delim != "" {
					heredocs = append(heredocs, heredoc{delim, delim != src[j:k]})
				}
				i = k - 1
			}
			continue
		case '\n':
			// A statement goes on after an operator at the end of a line.
			prev := lastSignificant(src[:i])
			if prev != '|' && prev != '&' {
				chain = 0
			}
			cmdPos = true
			// The bodies follow one another; the last delimiter's newline
			// is read next, as any other.
			for n, h := range heredocs {
				start, startLine := i+1, line
				end := skipHeredoc(src, start, h.delim, &line)
				if !h.quoted {
					// An unquoted body expands $( and ${ as a double-quoted
					// string does.
					if at := shellScan(src[start:end], limit, base+len(stack)+keywords+chain, true); at > 0 {
						return startLine + at - 1
					}
				}
				i = end
				if n < len(heredocs)-1 && end < len(src) {
					line++
				}
			}
			if len(heredocs) > 0 {
				i--
			}
			heredocs = heredocs[:0]
			continue
		case ' ', '\t':
			continue
		}
		if !cmdPos || !wordStart(i) {
			continue
		}
		w := wordAt(i)
		switch w {
		case "case":
			if push(fCase) {
				return line
			}
		case "esac":
			pop(fCase)
			cmdPos = false
		case "if", "for", "while", "until", "select":
			keywords++
			if deep() {
				return line
			}
		case "fi", "done":
			if keywords > 0 {
				keywords--
			}
			cmdPos = false
		case "!", "time", "coproc":
			chain++
			if deep() {
				return line
			}
		case "then", "do", "else", "elif", "in":
		default:
			cmdPos = false
		}
		if w != "" {
			i += len(w) - 1
		}
	}
	return 0
}

type heredoc struct {
	delim  string
	quoted bool // <<'EOF' or <<"EOF": the body is not expanded
}

// skipHeredoc returns the offset of the newline that ends the line of src,
// from start, that is the delimiter (tabs before it allowed, for <<-), or
// len(src); line counts the lines before it.
func skipHeredoc(src string, start int, delim string, line *int) int {
	for i := start; i < len(src); {
		end := i
		for end < len(src) && src[end] != '\n' {
			end++
		}
		text := src[i:end]
		for len(text) > 0 && text[0] == '\t' {
			text = text[1:]
		}
		if text == delim || text == delim+"\r" {
			return end
		}
		if end < len(src) {
			*line++
		}
		i = end + 1
	}
	return len(src)
}

func trimQuotes(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'', '"', '\\':
		default:
			b = append(b, s[i])
		}
	}
	return string(b)
}

func lastSignificant(s string) byte {
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ' ', '\t', '\r':
			continue
		}
		return s[i]
	}
	return 0
}
