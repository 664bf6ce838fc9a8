package render

import (
	"fmt"
	"strings"

	"github.com/zenv-dev/zenv/render/names"
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
		if !names.IsVarName(n) {
			return fmt.Errorf("github %s name %q is invalid: use letters, digits and _, not starting with a digit", kind, n)
		}
		if strings.HasPrefix(strings.ToUpper(n), "GITHUB_") {
			return fmt.Errorf("github %s name %q is invalid: names starting with GITHUB_ are reserved", kind, n)
		}
		return nil
	}
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

// gitLabVariableName enforces GitLab's rule for CI/CD variable names:
// letters, digits and _, at most 255 characters.
func gitLabVariableName(n string) error {
	if n == "" || len(n) > 255 {
		return fmt.Errorf("gitlab variable name %q is invalid: use 1 to 255 letters, digits and _", n)
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c == '_' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			continue
		}
		return fmt.Errorf("gitlab variable name %q is invalid: use letters, digits and _", n)
	}
	return nil
}

// k8sSecretName enforces the API server's rule for a Secret's name, a DNS
// subdomain (RFC 1123): at most 253 characters, dot-separated labels of
// lower-case letters, digits and -, each starting and ending alphanumeric.
func k8sSecretName(n string) error {
	bad := fmt.Errorf("kubernetes secret name %q is invalid: use lower-case letters, digits, - and . (a DNS subdomain, at most 253 characters)", n)
	if n == "" || len(n) > 253 {
		return bad
	}
	for _, label := range strings.Split(n, ".") {
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
			return bad
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !(c == '-' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9') {
				return bad
			}
		}
	}
	return nil
}

// prefectDeploymentName keeps a deployment name to what Prefect accepts
// (it refuses / % & > <, prefect/_internal/schemas/validators.py) and what
// zenv can write in a comment and a YAML string: printable, one line (no
// U+0085, U+2028 or U+2029, which YAML reads as line ends), no
// {{ placeholder Prefect would template.
func prefectDeploymentName(n string) error {
	if n == "" || len(n) > 200 {
		return fmt.Errorf("prefect deployment name %q is invalid: give 1 to 200 characters", n)
	}
	for _, r := range n {
		if strings.ContainsRune("/%&><", r) {
			return fmt.Errorf("prefect deployment name %q is invalid: prefect refuses / %% & > <", n)
		}
		if breaksALine(r) || r >= 0x80 && r < 0xa0 {
			return fmt.Errorf("prefect deployment name %q is invalid: zenv refuses control characters and line separators (U+0085, U+2028, U+2029), which YAML reads as line ends", n)
		}
	}
	if strings.Contains(n, "{{") || strings.Contains(n, "}}") {
		return fmt.Errorf("prefect deployment name %q is invalid: prefect would read {{ as a template placeholder", n)
	}
	return nil
}
