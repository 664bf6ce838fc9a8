package lint

import (
	"bytes"
	"strings"

	"github.com/zenv-dev/zenv/render/names"
)

// dotenv reads NAME=value lines as docker compose and python-dotenv do:
// an optional "export ", quotes around the value, a " #" comment after an
// unquoted one. A value with $ is interpolated by some readers and is not
// judged.
func (c *checker) dotenv() {
	if !c.parseable(".env") {
		return
	}
	for i, raw := range bytes.Split(c.data, []byte("\n")) {
		line := strings.TrimRight(string(raw), "\r")
		body := strings.TrimLeft(line, " \t")
		indent := len(line) - len(body)
		if body == "" || body[0] == '#' {
			continue
		}
		if rest, ok := strings.CutPrefix(body, "export "); ok {
			indent += len(body) - len(rest)
			body = rest
		}
		name, value, ok := strings.Cut(body, "=")
		name = strings.TrimRight(name, " \t")
		if !ok || !names.IsVarName(name) {
			continue
		}
		n := i + 1
		vstart := indent + len(name) + 1 + len(value) - len(strings.TrimLeft(value, " \t"))
		value = strings.TrimSpace(value)
		literal := true
		switch {
		case len(value) >= 2 && value[0] == '\'' && value[len(value)-1] == '\'':
			value = value[1 : len(value)-1]
		case len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"':
			value = value[1 : len(value)-1]
			literal = !strings.Contains(value, "$")
		default:
			if j := strings.Index(value, " #"); j >= 0 {
				value = strings.TrimRight(value[:j], " \t")
			}
			literal = !strings.Contains(value, "$")
		}
		c.assigns = append(c.assigns, assign{name: name, line: n, col: c.runeCol(n, indent+1),
			raw: value, literal: literal, vline: n, vcol: c.runeCol(n, vstart+1)})
	}
}
