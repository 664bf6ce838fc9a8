package lint

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/zenv-dev/zenv/render/names"
)

// shellMode says where a script runs, which decides what setting a
// variable means.
type shellMode int

const (
	// inScript: a script or a CI step; a variable set there is real.
	inScript shellMode = iota
	// inPrefectStep: a run_shell_script step. Prefect runs each line as its
	// own process (split with shlex, no shell unless shell: true), so a
	// variable set there never reaches the flow run (REFERENCE.md section 3).
	inPrefectStep
)

// posMap turns a position in an embedded script (1-based line, 1-based
// byte column) into one in the file (line, byte column).
type posMap func(line, col int) (int, int)

func identity(line, col int) (int, int) { return line, col }

// exprMask stands in for each byte of a GitHub ${{ }} expression, so the
// script parses and keeps its columns; a value holding it is not literal.
const exprMask = '\x01'

// maskExpressions blanks ${{ ... }} spans, which no shell parser accepts.
func maskExpressions(src string) string {
	if !strings.Contains(src, "${{") {
		return src
	}
	b := []byte(src)
	for i := 0; i+2 < len(b); i++ {
		if b[i] != '$' || b[i+1] != '{' || b[i+2] != '{' {
			continue
		}
		end := strings.Index(src[i:], "}}")
		if end < 0 {
			break
		}
		for j := i; j < i+end+2; j++ {
			if b[j] != '\n' {
				b[j] = exprMask
			}
		}
		i += end + 1
	}
	return string(b)
}

// shellFile checks a shell script on its own.
func (c *checker) shellFile(k kind) {
	if !c.parseable("shell") {
		return
	}
	lang := syntax.LangBash
	if k == kindZsh {
		lang = syntax.LangZsh
	}
	if err := c.shell(string(c.data), lang, inScript, identity); err != nil {
		c.unparsable("shell", err.Error())
	}
}

// shell parses src and records what it sets; in a Prefect step each
// setting is also a finding. It returns the parse error, if any, for the
// caller to report or not: an embedded script may be PowerShell or cmd.
func (c *checker) shell(src string, lang syntax.LangVariant, mode shellMode, pm posMap) error {
	masked := maskExpressions(src)
	f, err := c.parseShell(masked, lang, pm)
	if errors.Is(err, errTooDeep) {
		return nil // the file is marked skipped already
	}
	if err != nil {
		var pe syntax.ParseError
		if errors.As(err, &pe) {
			return fmt.Errorf("line %d: %s", pe.Pos.Line(), pe.Text)
		}
		return err
	}
	at := func(p syntax.Pos) (int, int) {
		line, col := pm(int(p.Line()), int(p.Col()))
		return line, c.runeCol(line, col)
	}
	stepSets := func(p syntax.Pos, how, name string) {
		if mode == inPrefectStep {
			line, col := at(p)
			c.add(RuleShellStepEnv, line, col, fmt.Sprintf(
				"run_shell_script %s %s, which never reaches the flow run: prefect runs each line as a program without a shell, so the flow run crashes (FileNotFoundError, then StepExecutionError), and with shell: true the variable dies with that line's shell; set it with a pull step: zenv env prefect", how, name))
		}
	}
	record := func(a *syntax.Assign, local bool) {
		if a.Name == nil {
			return
		}
		v := assign{name: a.Name.Value, shellLocal: local}
		v.line, v.col = at(a.Name.Pos())
		if a.Value != nil && !a.Naked {
			v.raw, v.literal = wordLiteral(a.Value)
			v.vline, v.vcol = at(a.Value.Pos())
		}
		c.assigns = append(c.assigns, v)
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.Stmt:
			c.githubEnv(n, masked, at)
		case *syntax.DeclClause:
			exported := exports(n)
			how := "declares"
			if exported {
				how = "exports"
			}
			for _, a := range n.Args {
				record(a, !exported && mode == inScript)
				if a.Name != nil {
					stepSets(a.Pos(), how, a.Name.Value)
				}
			}
		case *syntax.CallExpr:
			for _, a := range n.Assigns {
				record(a, len(n.Args) == 0 && mode == inScript)
				if len(n.Args) == 0 && a.Name != nil {
					stepSets(a.Pos(), "assigns", a.Name.Value)
				}
			}
			if len(n.Args) > 0 {
				c.call(n, mode, at)
			}
		}
		return true
	})
	return nil
}

// errTooDeep: a script was not parsed, being nested past maxNesting.
var errTooDeep = errors.New("nested too deep")

// parseShell parses src unless the nesting pre-scan finds it deeper than
// the parser can be given (bounds.go); then it marks the file skipped,
// keeping what was found so far, and returns errTooDeep.
func (c *checker) parseShell(src string, lang syntax.LangVariant, pm posMap) (*syntax.File, error) {
	if at := shellTooDeep(src, maxNesting); at > 0 {
		line, _ := pm(at, 1)
		if c.skip == nil {
			c.skip = &Skip{Path: c.path, Reason: tooDeep("shell", line)}
		}
		return nil, errTooDeep
	}
	return syntax.NewParser(syntax.Variant(lang)).Parse(strings.NewReader(src), "")
}

// exports reports whether a declaration puts its names in the
// environment: export, or declare/typeset with -x.
func exports(d *syntax.DeclClause) bool {
	if d.Variant.Value == "export" {
		return true
	}
	for _, a := range d.Args {
		if a.Naked && a.Name == nil && a.Value != nil {
			if flag := a.Value.Lit(); strings.HasPrefix(flag, "-") && strings.Contains(flag, "x") {
				return true
			}
		}
	}
	return false
}

// call checks one command: eval $(zenv ...), and in a Prefect step the
// Windows spellings of setting a variable.
func (c *checker) call(n *syntax.CallExpr, mode shellMode, at func(syntax.Pos) (int, int)) {
	if n.Args[0].Lit() == "eval" {
		for _, w := range n.Args[1:] {
			for _, p := range w.Parts {
				if cs, ok := p.(*syntax.CmdSubst); ok && runsZenv(cs) {
					line, col := at(w.Pos())
					c.add(RuleUnquotedEval, line, col,
						`eval $(zenv ...) without quotes: the shell splits and globs the output before eval reads it; write out=$(zenv ...) && eval "$out"`)
				}
			}
		}
	}
	if mode != inPrefectStep {
		return
	}
	// $env:NAME = value (PowerShell) parses as a word $env, :NAME, "=".
	if len(n.Args) >= 2 && n.Args[1].Lit() == "=" && len(n.Args[0].Parts) == 2 {
		pe, ok1 := n.Args[0].Parts[0].(*syntax.ParamExp)
		lit, ok2 := n.Args[0].Parts[1].(*syntax.Lit)
		if ok1 && ok2 && pe.Param != nil && strings.EqualFold(pe.Param.Value, "env") && strings.HasPrefix(lit.Value, ":") {
			c.windowsSet(n.Args[0].Pos(), strings.TrimPrefix(lit.Value, ":"), n.Args[2:], at)
		}
	}
	// set NAME=value (cmd).
	if len(n.Args) >= 2 && strings.EqualFold(n.Args[0].Lit(), "set") {
		arg, _ := wordLiteral(n.Args[1])
		if name, _, ok := strings.Cut(arg, "="); ok && names.IsVarName(name) {
			c.windowsSet(n.Args[1].Pos(), name, nil, at)
		}
	}
}

func (c *checker) windowsSet(p syntax.Pos, name string, value []*syntax.Word, at func(syntax.Pos) (int, int)) {
	line, col := at(p)
	a := assign{name: name, line: line, col: col}
	if len(value) == 1 {
		a.raw, a.literal = wordLiteral(value[0])
		a.vline, a.vcol = at(value[0].Pos())
	}
	c.assigns = append(c.assigns, a)
	c.add(RuleShellStepEnv, line, col, fmt.Sprintf(
		"run_shell_script sets %s, which dies with the step's own shell (windows always runs one) and never reaches the flow run; set it with a pull step: zenv env prefect", name))
}

// githubEnv records echo "NAME=value" >> "$GITHUB_ENV", the way a GitHub
// Actions step sets a variable for the steps after it.
func (c *checker) githubEnv(st *syntax.Stmt, src string, at func(syntax.Pos) (int, int)) {
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(call.Args) < 2 || call.Args[0].Lit() != "echo" && call.Args[0].Lit() != "printf" {
		return
	}
	toEnv := false
	for _, r := range st.Redirs {
		if (r.Op == syntax.AppOut || r.Op == syntax.RdrOut) && r.Word != nil &&
			strings.Contains(src[r.Word.Pos().Offset():r.Word.End().Offset()], "GITHUB_ENV") {
			toEnv = true
		}
	}
	if !toEnv {
		return
	}
	for _, w := range call.Args[1:] {
		name, _, ok := strings.Cut(leadingText(w), "=")
		if !ok || !names.IsVarName(name) {
			continue
		}
		a := assign{name: name}
		a.line, a.col = at(w.Pos())
		if v, literal := wordLiteral(w); literal {
			a.raw, a.literal = strings.TrimPrefix(v, name+"="), true
			a.vline, a.vcol = a.line, a.col
		}
		c.assigns = append(c.assigns, a)
	}
}

// leadingText is the literal text a word starts with, quoted or not.
func leadingText(w *syntax.Word) string {
	if len(w.Parts) == 0 {
		return ""
	}
	switch p := w.Parts[0].(type) {
	case *syntax.Lit:
		return p.Value
	case *syntax.SglQuoted:
		return p.Value
	case *syntax.DblQuoted:
		if len(p.Parts) > 0 {
			if lit, ok := p.Parts[0].(*syntax.Lit); ok {
				return lit.Value
			}
		}
	}
	return ""
}

// runsZenv reports whether a command substitution starts with zenv.
func runsZenv(cs *syntax.CmdSubst) bool {
	if len(cs.Stmts) == 0 {
		return false
	}
	cmd := cs.Stmts[0].Cmd
	for {
		b, ok := cmd.(*syntax.BinaryCmd)
		if !ok {
			break
		}
		cmd = b.X.Cmd
	}
	call, ok := cmd.(*syntax.CallExpr)
	return ok && len(call.Args) > 0 && path.Base(call.Args[0].Lit()) == "zenv"
}

// wordLiteral returns the value a word stands for when it needs no
// expansion: plain text, '...', or "..." without $ or `.
func wordLiteral(w *syntax.Word) (string, bool) {
	var b strings.Builder
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			b.WriteString(p.Value)
		case *syntax.SglQuoted:
			b.WriteString(p.Value)
		case *syntax.DblQuoted:
			for _, q := range p.Parts {
				lit, ok := q.(*syntax.Lit)
				if !ok {
					return "", false
				}
				b.WriteString(lit.Value)
			}
		default:
			return "", false
		}
	}
	s := b.String()
	return s, !strings.ContainsRune(s, exprMask)
}
