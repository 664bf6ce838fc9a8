package quote

import (
	"fmt"
	"strings"
)

// GitLabYAML writes s as the value of a variable in a .gitlab-ci.yml
// variables: block. GitLab expands $NAME and ${NAME} in such values (and
// reads $$ as $); a value that holds no $ is a plain double-quoted YAML
// string, and one that holds a $ is written {value: "...", expand: false},
// which GitLab (15.6 and newer) passes on untouched. expand: false says what
// it means where $$ would leave the reader counting dollars.
func GitLabYAML(s string) (string, error) {
	q, err := YAML(s)
	if err != nil {
		return "", err
	}
	if strings.Contains(s, "$") {
		return "{value: " + q + ", expand: false}", nil
	}
	return q, nil
}

// GitLabVariableRef is how a variables: value reads the CI/CD variable
// name: GitLab expands it when the job starts.
func GitLabVariableRef(name string) string {
	return "${" + name + "}"
}

// GitLabVariableName checks a CI/CD variable name as GitLab does: letters,
// digits and _ only, at most 255 characters.
func GitLabVariableName(name string) error {
	if name == "" || len(name) > 255 {
		return fmt.Errorf("gitlab variable name %q must have 1 to 255 characters", name)
	}
	for _, c := range []byte(name) {
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return fmt.Errorf("gitlab variable name %q may hold only letters, digits and _", name)
		}
	}
	return nil
}
