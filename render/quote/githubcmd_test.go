package quote

import "testing"

func TestGitHubCommandEscapesFollowTheRunner(t *testing.T) {
	// actions/toolkit packages/core/src/command.ts: escapeData and
	// escapeProperty.
	if got := GitHubCommandData("50%\r\nnext::x, y"); got != "50%25%0D%0Anext::x, y" {
		t.Errorf("GitHubCommandData = %q", got)
	}
	if got := GitHubCommandProperty("50%\r\nnext::x, y"); got != "50%25%0D%0Anext%3A%3Ax%2C y" {
		t.Errorf("GitHubCommandProperty = %q", got)
	}
}
