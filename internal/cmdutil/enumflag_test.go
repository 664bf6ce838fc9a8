package cmdutil

import (
	"errors"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestEnumFlagRefusesOtherValuesAndCompletesItsOwn: a value outside the
// list fails the parse with the nearest value proposed; completion offers
// exactly the list.
func TestEnumFlagRefusesOtherValuesAndCompletesItsOwn(t *testing.T) {
	var format string
	cmd := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }}
	EnumFlag(cmd, &format, "format", "text", []string{"text", "json", "sarif"}, "output `FORMAT`")
	if format != "text" {
		t.Errorf("default %q", format)
	}
	if err := cmd.ParseFlags([]string{"--format", "json"}); err != nil || format != "json" {
		t.Errorf("json: %v, %q", err, format)
	}
	err := cmd.ParseFlags([]string{"--format", "jsno"})
	var ee *EnumError
	if !errors.As(err, &ee) || ee.Error() != `unknown format "jsno"; did you mean "json"? use one of text, json, sarif` {
		t.Errorf("jsno: %v", err)
	}
	if err := cmd.ParseFlags([]string{"--format=xml"}); err == nil || strings.Contains(err.Error(), "did you mean") {
		t.Errorf("xml: %v", err)
	}
	complete, ok := cmd.GetFlagCompletionFunc("format")
	if !ok {
		t.Fatal("no completion registered")
	}
	got, dir := complete(cmd, nil, "")
	if strings.Join(got, ",") != "text,json,sarif" || dir != cobra.ShellCompDirectiveNoFileComp {
		t.Errorf("completion %q %v", got, dir)
	}
}
