package env

import (
	"bytes"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// compactSequences gives the block sequences of out, the encoded edit of
// doc, the style the file had: yaml.v3 indents every "- " under its key,
// while prefect init writes them at the key's column ("pull:\n- step").
// A sequence the file had keeps its own style; a new one (a pull: zenv
// adds) takes the file's first sequence's. Each such sequence's lines move
// left by the indentation yaml.v3 added; the result must read back as the
// same values with every comment, or out is returned as it was.
func compactSequences(doc *yaml.Node, original, out []byte) []byte {
	var got yaml.Node
	if yaml.Unmarshal(out, &got) != nil || len(got.Content) != 1 {
		return out
	}
	lines, origLines := bytes.Split(out, []byte("\n")), bytes.Split(original, []byte("\n"))
	shift := make([]int, len(lines)+1) // by 1-based line number
	fileStyle := 0                     // 1: compact, -1: indented, 0: none seen
	var visit func(want, have *yaml.Node, end int)
	visit = func(want, have *yaml.Node, end int) {
		if want.Kind != have.Kind || len(want.Content) != len(have.Content) {
			return
		}
		switch have.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(have.Content); i += 2 {
				k, v := have.Content[i], have.Content[i+1]
				wk, wv := want.Content[i], want.Content[i+1]
				pairEnd := end
				if i+2 < len(have.Content) {
					pairEnd = ownedUntil(lines, have.Content[i+2].Line, have.Content[i+2].Column)
				}
				if v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 && v.Content[0].Line > k.Line {
					compact := 0
					// The dash of the first item starts its line (an
					// anchor sits on the key's line).
					if w := wv.Content; wk.Line > 0 && len(w) > 0 && w[0].Line > wk.Line && w[0].Line <= len(origLines) {
						compact = -1
						if indentOf(origLines[w[0].Line-1]) == wk.Column-1 {
							compact = 1
						}
						if fileStyle == 0 {
							fileStyle = compact
						}
					}
					if compact == 0 {
						compact = fileStyle
					}
					if by := indentOf(lines[v.Content[0].Line-1]) - (k.Column - 1); compact == 1 && by > 0 {
						for l := k.Line + 1; l <= pairEnd && l < len(shift); l++ {
							shift[l] += by
						}
					}
				}
				visit(wv, v, pairEnd)
			}
		case yaml.SequenceNode, yaml.DocumentNode:
			for i, c := range have.Content {
				itemEnd := end
				if i+1 < len(have.Content) {
					itemEnd = ownedUntil(lines, have.Content[i+1].Line, have.Column)
				}
				visit(want.Content[i], c, itemEnd)
			}
		}
	}
	// The file's style comes from its first sequence, before any new one
	// needs it: a first pass only reads it.
	visit(doc, &got, len(lines))
	for i := range shift {
		shift[i] = 0
	}
	visit(doc, &got, len(lines))
	changed := false
	for i, l := range lines {
		n := shift[i+1]
		if n == 0 {
			continue
		}
		if indentOf(l) < n {
			continue // a comment of a shallower node, or a blank line
		}
		lines[i] = l[n:]
		changed = true
	}
	if !changed {
		return out
	}
	result := bytes.Join(lines, []byte("\n"))
	var a, b any
	if yaml.Unmarshal(out, &a) != nil || yaml.Unmarshal(result, &b) != nil || !reflect.DeepEqual(a, b) {
		return out
	}
	if lostComments(doc, result) != "" {
		return out
	}
	return result
}

// ownedUntil returns the last line before line (where the next key or item
// starts, at column col) that is not that one's head comment: comment
// lines at its column just above it are its.
func ownedUntil(lines [][]byte, line, col int) int {
	l := line - 1
	for l >= 1 {
		s := string(lines[l-1])
		t := strings.TrimLeft(s, " ")
		if strings.TrimSpace(s) == "" || (strings.HasPrefix(t, "#") && len(s)-len(t) == col-1) {
			l--
			continue
		}
		break
	}
	return l
}

func indentOf(line []byte) int { return len(line) - len(bytes.TrimLeft(line, " ")) }
