package lint

import (
	"bytes"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/zenv-dev/zenv/render/names"
)

// dockerfile checks ENV and ARG (the variables an image sets) and RUN in
// shell form (a script). An instruction continued with a trailing
// backslash is handed to the shell parser whole, with its newlines: the
// shell reads backslash-newline as Docker does, so positions stay exact.
func (c *checker) dockerfile() {
	if !c.parseable("Dockerfile") {
		return
	}
	lines := bytes.Split(c.data, []byte("\n"))
	for i := 0; i < len(lines); i++ {
		first := i
		for i < len(lines)-1 && bytes.HasSuffix(bytes.TrimRight(lines[i], " \t\r"), []byte(`\`)) {
			i++
		}
		text := string(bytes.Join(lines[first:i+1], []byte("\n")))
		body := strings.TrimLeft(text, " \t")
		instr, rest := body, ""
		if sep := strings.IndexAny(body, " \t"); sep >= 0 {
			instr, rest = body[:sep], body[sep+1:]
		}
		offset := len(text) - len(body) + len(instr) + 1 // byte offset of rest on the first line
		pm := func(line, col int) (int, int) {
			if line == 1 {
				return first + 1, offset + col
			}
			return first + line, col
		}
		switch strings.ToUpper(instr) {
		case "RUN":
			if !strings.HasPrefix(strings.TrimSpace(rest), "[") { // exec form runs no shell
				_ = c.shell(rest, syntax.LangBash, inScript, pm)
			}
		case "ENV", "ARG":
			c.dockerVars(rest, pm)
		}
	}
}

// dockerVars reads ENV A=1 B="x y", ARG NAME[=default] and the old
// ENV NAME value form.
func (c *checker) dockerVars(rest string, pm posMap) {
	f, err := c.parseShell(rest, syntax.LangBash, pm)
	if err != nil || len(f.Stmts) == 0 {
		return
	}
	call, ok := f.Stmts[0].Cmd.(*syntax.CallExpr)
	if !ok {
		return
	}
	if len(call.Assigns) > 0 {
		_ = c.shell(rest, syntax.LangBash, inScript, pm)
		return
	}
	if len(call.Args) == 0 || !names.IsVarName(call.Args[0].Lit()) {
		return
	}
	at := func(p syntax.Pos) (int, int) {
		line, col := pm(int(p.Line()), int(p.Col()))
		return line, c.runeCol(line, col)
	}
	a := assign{name: call.Args[0].Lit()}
	a.line, a.col = at(call.Args[0].Pos())
	if len(call.Args) > 1 {
		start, end := call.Args[1].Pos().Offset(), call.Args[len(call.Args)-1].End().Offset()
		a.raw = rest[start:end]
		a.literal = !strings.ContainsAny(a.raw, `$"'`)
		a.vline, a.vcol = at(call.Args[1].Pos())
	}
	c.assigns = append(c.assigns, a)
}
