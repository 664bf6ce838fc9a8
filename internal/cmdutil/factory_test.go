package cmdutil

import (
	"testing"

	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/internal/redact"
)

func TestEachWarningIsPrintedOnce(t *testing.T) {
	io, _, _, errOut := iostreams.Test()
	f := &Factory{IOStreams: io, Redactor: &redact.Redactor{}}
	f.Warn("profile typo does not load", "b")
	f.Warn("profile typo does not load")
	f.FlushWarnings()
	if got, want := errOut.String(), "zenv: warning: profile typo does not load\nzenv: warning: b\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
