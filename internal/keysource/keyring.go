package keysource

import (
	"context"
	"fmt"
	"os"
	"strings"

	oskeyring "github.com/zenv-dev/zenv/internal/keyring"
)

var keyringKind = Kind{
	Name: "keyring", Flag: "api-key-keyring", Metavar: "NAME",
	Usage: "read the api key from the OS keyring, item `NAME` of service zenv (store it with zenv key set NAME)",
	New:   func(ref, origin string) Source { return Keyring{Name: ref, From: origin} },
}

// Keyring reads the key from the OS keyring (macOS Keychain, Windows
// Credential Manager, the Secret Service on Linux), where `zenv key set`
// stored it. Each call is bounded by internal/keyring's timeout, so a
// missing Secret Service fails fast instead of hanging a shell.
type Keyring struct{ Name, From string }

func (s Keyring) Kind() string     { return "keyring" }
func (s Keyring) Origin() string   { return s.From }
func (s Keyring) Describe() string { return "OS keyring item " + s.Name }

// ShellCommand reads the key back through zenv itself, the one command
// that reaches the keyring the same way on every system.
func (s Keyring) ShellCommand() (string, error) {
	if err := oskeyring.CheckName(s.Name); err != nil {
		return "", err
	}
	if strings.HasPrefix(s.Name, "-") {
		return "zenv key get -- " + s.Name, nil // not a flag
	}
	return "zenv key get " + s.Name, nil
}

func (s Keyring) Read(_ context.Context, sys System) ([]byte, error) {
	getenv := sys.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	store, err := oskeyring.New(getenv)
	if err != nil {
		return nil, fmt.Errorf("api key: %w", err)
	}
	key, err := store.Get(s.Name)
	if err != nil {
		return nil, fmt.Errorf("api key (from %s): %w", s.From, err)
	}
	if len(key) > MaxKeyBytes {
		return nil, fmt.Errorf("api key: OS keyring item %s (from %s) holds more than %d KiB, which is not an api key", s.Name, s.From, MaxKeyBytes>>10)
	}
	return []byte(key), nil
}
