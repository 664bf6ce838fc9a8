// Package cmdtest builds what a command package's tests need: a Factory on
// test streams, with the real profile source pointed at an empty config
// location, so no user's profile or $ZENV_* leaks into a test.
package cmdtest

import (
	"bytes"
	"testing"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
)

// Factory returns a Factory whose key sources see getenv, and the buffers
// behind its stdout and stderr.
func Factory(t testing.TB, getenv func(string) string) (f *cmdutil.Factory, out, errOut *bytes.Buffer) {
	t.Helper()
	t.Setenv("ZENV_CONFIG", "")
	t.Setenv("ZENV_PROFILE", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	io, _, out, errOut := teststreams.New()
	return &cmdutil.Factory{IOStreams: io, Getenv: getenv, ProfileSource: profile.OSSource, Redactor: &redact.Redactor{}}, out, errOut
}
