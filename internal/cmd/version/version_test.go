package version

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/build"
	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
)

func TestJSONFlagFillsOptions(t *testing.T) {
	io, _, _, _ := teststreams.New()
	var got *VersionOptions
	cmd := NewCmdVersion(&cmdutil.Factory{IOStreams: io}, func(o *VersionOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--json"})
	if err := cmd.Execute(); err != nil || !got.JSON {
		t.Fatalf("err %v, options %+v", err, got)
	}
}

// TestPrintShowsEveryFieldAsTextAndJSON: text names each field, "unknown"
// for what the build did not record; JSON round-trips.
func TestPrintShowsEveryFieldAsTextAndJSON(t *testing.T) {
	info := build.Info{Version: "1.2.3", Commit: "abc", GoVersion: "go1.26.8", Platform: "linux/amd64"}
	var text strings.Builder
	if err := Print(&text, info, false); err != nil {
		t.Fatal(err)
	}
	want := "zenv 1.2.3\ncommit: abc\ndate:   unknown\ngo:     go1.26.8 linux/amd64\n"
	if text.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", text.String(), want)
	}
	var js strings.Builder
	if err := Print(&js, info, true); err != nil {
		t.Fatal(err)
	}
	var back build.Info
	if err := json.Unmarshal([]byte(js.String()), &back); err != nil || back != info || strings.Count(js.String(), "\n") != 1 {
		t.Errorf("json %q: %v, read back %+v", js.String(), err, back)
	}
}

func TestVersionTakesNoArguments(t *testing.T) {
	io, _, out, _ := teststreams.New()
	cmd := NewCmdVersion(&cmdutil.Factory{IOStreams: io}, nil)
	cmd.SetArgs([]string{"extra"})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	if err := cmd.Execute(); err == nil || out.Len() != 0 {
		t.Errorf("zenv version extra: err %v, stdout %q", err, out.String())
	}
}
