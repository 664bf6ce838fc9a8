package quote

import "strings"

// GitLabYAML writes s as the value of a variable in a .gitlab-ci.yml
// variables: block. GitLab expands $NAME and ${NAME} in such values (and
// reads $$ as $); a value that holds no $ is a plain double-quoted YAML
// string, and one that holds a $ is written {value: "...", expand: false},
// which GitLab (15.6 and newer) passes on untouched. expand: false says what
// it means where $$ would leave the reader counting dollars.
//
// GitLab also replaces $[[ inputs.NAME ]] in a file with a spec: header, at
// load time and with no escape, so a value holding $[[ is refused.
func GitLabYAML(s string) (string, error) {
	if i := strings.Index(s, "$[["); i >= 0 {
		return "", refuse(s, i, "gitlab replaces $[[ ... ]] with a spec input and has no escape for it")
	}
	q, err := YAML(s)
	if err != nil {
		return "", err
	}
	if strings.Contains(s, "$") {
		return "{value: " + q + ", expand: false}", nil
	}
	return q, nil
}
