package key

import (
	"strings"
	"testing"

	gokeyring "github.com/zalando/go-keyring"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/internal/redact"
)

func TestKeyGetRefusesATerminal(t *testing.T) {
	gokeyring.MockInit()
	gokeyring.Set("zenv", "prod", "ZENKEY_not-a-real-key")
	io, _, out, _ := iostreams.Test()
	io.StdoutTTY = true
	f := &cmdutil.Factory{IOStreams: io, Getenv: func(string) string { return "" }, Redactor: &redact.Redactor{}}
	cmd := NewCmdKey(f, nil)
	cmd.SetArgs([]string{"get", "prod"})
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.Execute()
	if err == nil || !strings.Contains(err.Error(), "standard output is a terminal") || out.Len() != 0 {
		t.Errorf("err = %v, stdout %q", err, out.String())
	}
}

func TestKeySubcommandsFillOptions(t *testing.T) {
	io, _, _, _ := iostreams.Test()
	for _, args := range [][]string{{"set", "prod"}, {"get", "prod"}, {"rm", "prod"}, {"list"}} {
		var got *KeyOptions
		cmd := NewCmdKey(&cmdutil.Factory{IOStreams: io}, func(o *KeyOptions) error { got = o; return nil })
		cmd.SetArgs(args)
		if err := cmd.Execute(); err != nil {
			t.Fatal(err)
		}
		if got.Action != args[0] || len(args) > 1 && got.Name != args[1] {
			t.Errorf("%v: %+v", args, got)
		}
	}
}
