package render

import (
	"fmt"
	"strings"
)

// prefectBlockName enforces Prefect's block-name rule ^[a-z0-9-]+$.
func prefectBlockName(n string) error {
	if n == "" {
		return fmt.Errorf("the prefect block name is empty")
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c == '-' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			continue
		}
		return fmt.Errorf("prefect block name %q is invalid: prefect allows only lower-case letters, digits and '-'", n)
	}
	return nil
}

// gitHubName enforces GitHub's rules for secret and variable names:
// letters, digits and _, not starting with a digit or GITHUB_.
func gitHubName(kind string) func(string) error {
	return func(n string) error {
		if !IsVarName(n) {
			return fmt.Errorf("github %s name %q is invalid: use letters, digits and _, not starting with a digit", kind, n)
		}
		if strings.HasPrefix(strings.ToUpper(n), "GITHUB_") {
			return fmt.Errorf("github %s name %q is invalid: names starting with GITHUB_ are reserved", kind, n)
		}
		return nil
	}
}

// IsVarName reports whether n matches [A-Za-z_][A-Za-z0-9_]*: the names
// every target can set, and the only ones a POSIX shell can export.
func IsVarName(n string) bool {
	if n == "" {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c == '_' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || i > 0 && '0' <= c && c <= '9' {
			continue
		}
		return false
	}
	return true
}

// gitHubEnvironmentName keeps a GitHub environment name to letters,
// digits, '.', '-' and '_' (GitHub allows more, up to 255 characters): such
// a name needs no quoting in a gh command line and reads back as a string
// in a workflow's environment: key.
func gitHubEnvironmentName(n string) error {
	if n == "" || len(n) > 255 {
		return fmt.Errorf("github environment name %q is invalid: give 1 to 255 characters", n)
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c == '_' || c == '-' || c == '.' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			continue
		}
		return fmt.Errorf("github environment name %q is invalid: zenv accepts letters, digits, '.', '-' and '_'", n)
	}
	return nil
}
