package quote

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// FuzzGitHubEnv checks the github-env form's quoting: the bash word must
// read back as the value, and what it writes must survive the runner's
// $GITHUB_ENV parser, which reads UTF-8 text and, on Windows runners, takes
// CR LF as a line end. The bash word is read in every encoding of
// locale_test.go.
func FuzzGitHubEnv(f *testing.F) {
	addSeeds(f)
	f.Add("crlf inside\r\nvalue")
	f.Add("ends with cr\r")
	f.Fuzz(func(t *testing.T, s string) {
		q, err := GitHubEnv(s)
		runnerLoses := !utf8.ValidString(s) || strings.Contains(s, "\r\n") || strings.HasSuffix(s, "\r")
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("GitHubEnv(%q) returned %T, want *quote.Error", s, err)
			}
			if !runnerLoses && !strings.Contains(s, "\x00") {
				t.Fatalf("GitHubEnv refused %q, which the runner carries: %v", s, err)
			}
			return
		}
		if runnerLoses {
			t.Fatalf("GitHubEnv(%q) accepted what the runner cannot read back", s)
		}
		// The lines are bash, run by a runner in any locale.
		checkLocaleProof(t, false, q, s, shellReader(syntax.LangBash))
	})
}
