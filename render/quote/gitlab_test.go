package quote

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// gitlabExpand expands a variables: value as GitLab does when expand is
// true (the default): $$ is a literal $, $NAME and ${NAME} are replaced by
// the variable's value, "" here since the test defines none.
func gitlabExpand(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch j := i + 1; {
		case s[j] == '$':
			b.WriteByte('$')
			i = j
		case s[j] == '{':
			if end := strings.IndexByte(s[j:], '}'); end > 1 && isVarName(s[j+1:j+end]) {
				i = j + end
				continue
			}
			b.WriteByte('$')
		case isVarByte(s[j]):
			for j < len(s) && isVarByte(s[j]) {
				j++
			}
			i = j - 1
		default:
			b.WriteByte('$')
		}
	}
	return b.String()
}

func isVarByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isVarName(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isVarByte(s[i]) {
			return false
		}
	}
	return s != ""
}

// gitlabValue reads "K: " + text as GitLab reads a variables: entry and
// returns what the job sees.
func gitlabValue(text string) (string, error) {
	var doc map[string]any
	if err := yaml.Unmarshal([]byte("K: "+text+"\n"), &doc); err != nil {
		return "", err
	}
	switch v := doc["K"].(type) {
	case string:
		return gitlabExpand(v), nil
	case map[string]any:
		val, ok := v["value"].(string)
		if !ok || v["expand"] != false || len(v) != 2 {
			return "", fmt.Errorf("not {value: string, expand: false}: %v", v)
		}
		return val, nil
	}
	return "", fmt.Errorf("K is a %T", doc["K"])
}

func FuzzGitLabYAML(f *testing.F) {
	addSeeds(f)
	f.Add("$$")
	f.Add("${X}")
	f.Add("$[[ inputs.x ]]")
	f.Fuzz(func(t *testing.T, s string) {
		q, err := GitLabYAML(s)
		if err != nil {
			if _, yerr := YAML(s); yerr == nil && !strings.Contains(s, "$[[") {
				t.Fatalf("GitLabYAML refused %q: %v", s, err)
			}
			return
		}
		if got, err := gitlabValue(q); err != nil || got != s {
			t.Fatalf("gitlab reads %s as %q (%v), want %q", q, got, err, s)
		}
	})
}

func TestGitLabExpandsDollarsUnlessTold(t *testing.T) {
	// The oracle's expansion, on GitLab's documented cases: without
	// expand: false these values would change, which is why GitLabYAML
	// writes them with it.
	for in, want := range map[string]string{"a$$b": "a$b", "$HOME/x": "/x", "${HOME}x": "x", "cost $": "cost $", "$-x": "$-x"} {
		if got := gitlabExpand(in); got != want {
			t.Errorf("gitlabExpand(%q) = %q, want %q", in, got, want)
		}
	}
	if q, _ := GitLabYAML("a$b"); q != `{value: "a$b", expand: false}` {
		t.Errorf("GitLabYAML(a$b) = %s", q)
	}
	if q, _ := GitLabYAML("plain"); q != `"plain"` {
		t.Errorf("GitLabYAML(plain) = %s", q)
	}
}
