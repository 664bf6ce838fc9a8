package keysource

import (
	"context"
	"strings"
	"testing"

	gokeyring "github.com/zalando/go-keyring"

	oskeyring "github.com/zenv-dev/zenv/internal/keyring"
)

func TestKeyringSourceReadsWhatKeySetStored(t *testing.T) {
	gokeyring.MockInit()
	store, _ := oskeyring.New(func(string) string { return "" })
	if err := store.Set("prod", validKey); err != nil {
		t.Fatal(err)
	}
	sys := System{Getenv: func(string) string { return "" }}
	src := keyringKind.New("prod", "config.yaml:4")
	got, warnings, err := ReadKey(context.Background(), src, sys)
	if err != nil || got != validKey || len(warnings) != 0 {
		t.Errorf("got %q %v %v", got, warnings, err)
	}
	if cmd, err := src.ShellCommand(); err != nil || cmd != "zenv key get prod" {
		t.Errorf("shell command %q %v", cmd, err)
	}
	_, _, err = ReadKey(context.Background(), keyringKind.New("dev", "--api-key-keyring"), sys)
	if err == nil || !strings.Contains(err.Error(), "(from --api-key-keyring)") || !strings.Contains(err.Error(), "zenv key set dev") {
		t.Errorf("missing item: %v", err)
	}
}

func TestKeyringCommandEndsTheFlagsBeforeADashName(t *testing.T) {
	for name, want := range map[string]string{"prod": "zenv key get prod", "-x": "zenv key get -- -x"} {
		if got, err := (Keyring{Name: name}).ShellCommand(); err != nil || got != want {
			t.Errorf("ShellCommand(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
}
