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
// ::add-mask:: or ::error::, which the runner unescapes (%25, %0D, %0A)
// before use (actions/toolkit packages/core/src/command.ts).
func GitHubCommandData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// GitHubCommandProperty escapes s as a property value of a workflow
// command (::error title=...::): the data's escapes, and : and , too.
func GitHubCommandProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// GitHubEnv quotes s for a line of a run: script that writes it to
// $GITHUB_ENV in the NAME<<DELIMITER form. The runner (FileCommandManager.cs,
// SetEnvFileCommand) reads that file as UTF-8, so a byte that is not UTF-8
// would come back as U+FFFD; on Windows runners it also reads CR LF as a line
// end, so a CR just before a line end (or at the end of the value) is lost.
// Everything else, LF included, is kept as written.
func GitHubEnv(s string) (string, error) {
	if i := firstInvalidUTF8(s); i >= 0 {
		return "", refuse(s, i, "the runner reads $GITHUB_ENV as UTF-8 text")
	}
	for i := strings.IndexByte(s, '\r'); i >= 0; i = nextByte(s, '\r', i+1) {
		if i == len(s)-1 || s[i+1] == '\n' {
			return "", refuse(s, i, "a Windows runner reads CR LF in $GITHUB_ENV as a line end and drops the CR")
		}
	}
	return Bash(s)
}

func nextByte(s string, c byte, from int) int {
	if j := strings.IndexByte(s[from:], c); j >= 0 {
		return from + j
	}
	return -1
}
