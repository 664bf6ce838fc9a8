package render_test

import (
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/testsupport/rendertest"
	"github.com/zenv-dev/zenv/render"
)

// TestCommentLinesAreInert, for every target and form of the registry: a
// flag value echoed into the output (here in the command that headers and
// apply hints show, with backquotes, $(...), %VAR% and cmd's operators)
// only ever lands on a comment line of the target's Comment, and a target
// with no such comment (tcsh, whose interactive shell runs a # line as a
// command; JSON) shows it nowhere. In a line-oriented output that a shell
// or a parser applies line by line, every line that sets or removes no
// variable is such a comment (or blank). The real shells prove the
// Comment claims interactively in make e2e (TestInteractiveShells...).
func TestCommentLinesAreInert(t *testing.T) {
	const mark = "zenv env X --set 'NOTE=a`touch /tmp/zenv-mark`$(touch /tmp/zenv-mark)%PATH%&|<>^!b'"
	for _, tg := range render.Targets {
		for _, f := range tg.Forms {
			for _, unset := range []bool{false, true} {
				if unset && !f.Unset {
					continue
				}
				in := input("ZENKEY_x", map[string]string{"NOTE": "n"}, nil)
				in.Profile = "p"
				in.Clear = []string{"ZENML_ACTIVE_PROJECT_ID"}
				in.Commands = map[string]string{}
				for _, ff := range tg.Forms {
					in.Commands[ff.Name] = mark
				}
				out, err := rendertest.Render(&tg, f.Name, in, render.Options{Unset: unset})
				if err != nil {
					t.Fatalf("%s --form %q: %v", tg.Name, f.Name, err)
				}
				lineOriented := f.EnvPath == nil && f.Ref == nil && !f.Heredoc
				for _, line := range strings.Split(strings.TrimRight(string(out), "\r\n"), "\n") {
					line = strings.TrimSuffix(line, "\r")
					// A YAML comment may be indented (the prefect forms
					// paste under a deployment); elsewhere it starts the line.
					bare := line
					if f.EnvPath != nil {
						bare = strings.TrimLeft(line, " ")
					}
					comment := tg.Comment != "" && strings.HasPrefix(bare, tg.Comment)
					if strings.Contains(line, "touch /tmp/zenv-mark") && !comment {
						t.Errorf("%s --form %q (unset %v): a flag value lands outside a comment: %q", tg.Name, f.Name, unset, line)
					}
					// FOR /f hands cmd each line as a command: a @rem line
					// must hold nothing a phase of cmd's parser acts on.
					if comment && tg.Comment == "@rem" && strings.ContainsAny(line, "%&|<>^()!") {
						t.Errorf("%s --form %q: comment %q holds a character cmd's parser acts on", tg.Name, f.Name, line)
					}
					if lineOriented && line != "" && !comment && !setsAVariable(line, in) {
						t.Errorf("%s --form %q (unset %v): line %q is neither a %q comment nor a variable's", tg.Name, f.Name, unset, line, tg.Comment)
					}
				}
			}
		}
	}
}

// setsAVariable reports whether line names one of in's variables as a word.
func setsAVariable(line string, in render.Input) bool {
	names := append([]string{}, in.Clear...)
	for _, v := range in.Vars {
		names = append(names, v.Name)
	}
	for _, n := range names {
		i := strings.Index(line, n)
		if i < 0 {
			continue
		}
		before, after := byte(' '), byte(' ')
		if i > 0 {
			before = line[i-1]
		}
		if j := i + len(n); j < len(line) {
			after = line[j]
		}
		if !isWordByte(before) && !isWordByte(after) {
			return true
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// TestCommentTextCannotEndTheComment: render writes the profile name and
// the commands into comments as they are, so it refuses any that holds a
// line end or a character outside a plain name, whatever its caller checked.
func TestCommentTextCannotEndTheComment(t *testing.T) {
	tg, _ := render.Lookup("bash")
	f, _ := tg.Form("")
	for _, in := range []render.Input{
		{Profile: "p\ntouch /tmp/x"},
		{Profile: "p`touch /tmp/x`"},
		{Commands: map[string]string{"": "zenv env bash\ntouch /tmp/x"}},
		{Commands: map[string]string{"": "zenv env bash\rtouch /tmp/x"}},
		{Commands: map[string]string{"": "zenv env bash\u2028touch /tmp/x"}},
		{Settings: map[string]string{"prefect_deployment": "a\u2029touch /tmp/x"}},
		{Settings: map[string]string{"prefect_deployment": "a\u0085b"}},
	} {
		in.Vars = input("k", nil, nil).Vars
		if _, err := render.Prepare(tg, f, in, render.Options{}); err == nil {
			t.Errorf("profile %q, commands %q: rendered", in.Profile, in.Commands)
		}
	}
}

// TestNoSettingAcceptsALineEnd, for every setting of the registry: a
// value a comment line may echo (prefect's deployment name heads the
// prefect forms) is refused where it is validated when it holds anything a
// reader takes for a line end: YAML ends a line at U+0085, U+2028 and
// U+2029 besides CR and LF.
func TestNoSettingAcceptsALineEnd(t *testing.T) {
	for _, tg := range render.Targets {
		for _, s := range tg.Settings {
			valid := s.Default
			if valid == "" {
				valid = "name"
			}
			if err := s.Validate(valid); err != nil {
				t.Fatalf("%s %s: %q refused: %v", tg.Name, s.Key, valid, err)
			}
			for _, brk := range []string{"\n", "\r", "\u0085", "\u2028", "\u2029", "\x0b", "\x0c"} {
				if err := s.Validate(valid + brk + "x"); err == nil {
					t.Errorf("%s --%s accepts %q", tg.Name, s.Flag, valid+brk+"x")
				}
			}
		}
	}
}
