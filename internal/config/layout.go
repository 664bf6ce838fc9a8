package config

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// encode writes the edited document back in the file's own indentation.
// yaml.v3 keeps comments and order but drops blank lines, so they are put
// back where the original had them (restoreBlanks). Whatever is written is
// parsed again and must hold exactly the edited values; the blank lines are
// given up rather than risk a changed value.
func (c *Doc) encode(original []byte) ([]byte, error) {
	// yaml.v3 writes a merge key it read as "!!merge <<"; untagged, it
	// writes "<<" as the file had it, which reads back as the same merge.
	var merges []*yaml.Node
	walk(c.doc, func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!merge" && n.Value == "<<" {
			merges = append(merges, n)
			n.Tag = ""
		}
	})
	plain, err := marshal(c.doc, c.indent())
	for _, n := range merges {
		n.Tag = "!!merge"
	}
	if err != nil {
		return nil, fmt.Errorf("cannot encode the edited config file %s: %w", c.path, err)
	}
	reparsed, ok := sameValues(c.doc, plain)
	if !ok {
		return nil, fmt.Errorf("%s: the edited file would not read back as written; nothing was changed, edit the file by hand", c.path)
	}
	out := plain
	withBlanks := restoreBlanks(c.doc, reparsed, original, plain)
	if _, ok := sameValues(c.doc, withBlanks); ok {
		out = withBlanks
	}
	// A file written on Windows keeps its CRLF line ends. YAML reads any
	// line break inside a scalar as \n, so no value changes.
	if bytes.Contains(original, []byte("\r\n")) {
		crlf := bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
		if _, ok := sameValues(c.doc, crlf); ok {
			out = crlf
		}
	}
	return out, nil
}

func marshal(doc *yaml.Node, indent int) (out []byte, err error) {
	// yaml.v3's emitter panics on some input it parsed (a comment it
	// cannot write back); that is an edit refused, not a crash.
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("yaml.v3 cannot write it back (%v)", r)
		}
	}()
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(indent)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// indent is the file's indentation step, read from the first nested block
// mapping; 2 (the README's) when there is none.
func (c *Doc) indent() int {
	step := 0
	var find func(m *yaml.Node)
	find = func(m *yaml.Node) {
		for i := 0; step == 0 && i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			if v.Kind == yaml.MappingNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 && k.Line > 0 && v.Content[0].Line > k.Line {
				step = v.Content[0].Column - k.Column
				find(v)
			}
		}
	}
	find(c.root)
	if step < 2 || step > 8 {
		return 2
	}
	return step
}

// sameValues parses data and reports whether it holds want's values: the
// same kinds, tags, scalars, anchors and aliases, in the same order.
func sameValues(want *yaml.Node, data []byte) (*yaml.Node, bool) {
	var got yaml.Node
	if err := yaml.Unmarshal(data, &got); err != nil {
		return nil, false
	}
	return &got, equalNodes(want, &got)
}

func equalNodes(a, b *yaml.Node) bool {
	if a.Kind != b.Kind || a.Anchor != b.Anchor || len(a.Content) != len(b.Content) {
		return false
	}
	if a.Kind == yaml.ScalarNode || a.Kind == yaml.AliasNode {
		if a.Value != b.Value || a.ShortTag() != b.ShortTag() {
			return false
		}
	}
	for i := range a.Content {
		if !equalNodes(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}

// restoreBlanks puts back the blank lines the original had above and among
// the comments over each mapping key. edited carries the original line
// numbers; reparsed is the same tree read from out, with out's. A key zenv
// added gets a blank line above it when a sibling had one, so a new
// profile is spaced like the others.
func restoreBlanks(edited, reparsed *yaml.Node, original, out []byte) []byte {
	orig := strings.Split(string(original), "\n")
	lines := strings.Split(string(out), "\n")
	insert := map[int]bool{} // a blank line goes before lines[i]

	var visit func(e, r *yaml.Node)
	visit = func(e, r *yaml.Node) {
		if e.Kind == yaml.MappingNode && e.Style&yaml.FlowStyle == 0 {
			spaced := false
			for i := 2; i+1 < len(e.Content); i += 2 {
				if k := e.Content[i]; k.Line > 0 && blankAbove(orig, k.Line) {
					spaced = true
				}
			}
			for i := 0; i+1 < len(e.Content); i += 2 {
				ek, rk := e.Content[i], r.Content[i]
				switch {
				case i == 0 && e != edited.Content[0]:
					// The first key of a nested mapping sits right under
					// its parent, whatever was above it before an edit.
				case ek.Line > 0:
					alignAbove(orig, ek.Line, lines, rk.Line, insert)
				case spaced && i > 0:
					insert[firstCommentAbove(lines, rk.Line)] = true
				}
			}
		}
		for i := range e.Content {
			visit(e.Content[i], r.Content[i])
		}
	}
	if len(edited.Content) == 1 && len(reparsed.Content) == 1 {
		visit(edited.Content[0], reparsed.Content[0])
	}
	if len(insert) == 0 {
		return out
	}
	var b strings.Builder
	for i, l := range lines {
		if insert[i] && i > 0 && strings.TrimSpace(lines[i-1]) != "" {
			b.WriteString("\n")
		}
		b.WriteString(l)
		if i < len(lines)-1 {
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}

// alignAbove walks up from a key in the original (line o, 1-based) and in
// the output (line n) together, over comment and blank lines, and marks
// where the output lacks a blank line the original has. It stops at the
// first line that is neither, or at a comment the two do not share.
func alignAbove(orig []string, o int, out []string, n int, insert map[int]bool) {
	i, j := o-2, n-2 // 0-based indexes of the lines above
	for i >= 0 {
		ol := strings.TrimSpace(orig[i])
		var nl string
		if j >= 0 {
			nl = strings.TrimSpace(out[j])
		}
		switch {
		case ol == "" && j >= 0 && nl == "":
			i, j = i-1, j-1
		case ol == "":
			insert[j+1] = true
			for i >= 0 && strings.TrimSpace(orig[i]) == "" {
				i--
			}
		case !strings.HasPrefix(ol, "#"):
			return
		case j >= 0 && nl == "":
			j--
		case j >= 0 && nl == ol:
			i, j = i-1, j-1
		default:
			return
		}
	}
}

// blankAbove reports whether a blank line sits over the key on line n
// (1-based) or over the comments right above it.
func blankAbove(lines []string, n int) bool {
	for i := n - 2; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "" {
			return true
		}
		if !strings.HasPrefix(l, "#") {
			return false
		}
	}
	return false
}

// firstCommentAbove returns the index of the first line of the comments
// right above line n (1-based) of lines, or of that line itself.
func firstCommentAbove(lines []string, n int) int {
	i := n - 1
	for i > 0 && strings.HasPrefix(strings.TrimSpace(lines[i-1]), "#") {
		i--
	}
	return i
}
