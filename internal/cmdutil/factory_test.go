package cmdutil

import (
	"testing"

	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
)

func TestEachWarningIsPrintedOnce(t *testing.T) {
	io, _, _, errOut := teststreams.New()
	f := &Factory{IOStreams: io, Redactor: &redact.Redactor{}}
	f.Warn("profile typo does not load", "b")
	f.Warn("profile typo does not load")
	f.FlushWarnings()
	if got, want := errOut.String(), "zenv: warning: profile typo does not load\nzenv: warning: b\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
