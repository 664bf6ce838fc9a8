package quote

import "strings"

// GitHubLiteral makes s survive GitHub Actions expression evaluation. Any
// "${{" starts an expression and there is no backslash escape, so each one
// is written as the expression ${{ '${{' }}, which evaluates to the text
// "${{". Nothing else in a value is special to the runner.
func GitHubLiteral(s string) string {
	return strings.ReplaceAll(s, "${{", "${{ '${{' }}")
}

// GitHubYAML quotes s for a value in a workflow's env: mapping.
func GitHubYAML(s string) (string, error) {
	return YAML(GitHubLiteral(s))
}

// GitHubCommandData escapes s as the data of a workflow command such as
// ::add-mask::, which the runner unescapes (%25, %0D, %0A) before use.
func GitHubCommandData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// GitHubEnv quotes s for a line of a run: script that writes it to
// $GITHUB_ENV in the NAME<<DELIMITER form. The runner splits that file into
// lines at CR as well as LF, so a CR would come back as a line break.
func GitHubEnv(s string) (string, error) {
	if i := strings.IndexByte(s, '\r'); i >= 0 {
		return "", refuse(s, i, "the runner reads $GITHUB_ENV line by line and turns a carriage return into a line break")
	}
	return Bash(s)
}
