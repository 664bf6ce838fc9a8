package keysource

import (
	"context"
	"fmt"
)

var envKind = Kind{
	Name: "env", Flag: "api-key-env", Metavar: "NAME",
	Usage: "read the api key from environment variable `NAME`",
	New:   func(ref, origin string) Source { return Env{Name: ref, From: origin} },
}

// Env reads the key from an environment variable.
type Env struct{ Name, From string }

func (s Env) Kind() string     { return "env" }
func (s Env) Origin() string   { return s.From }
func (s Env) Describe() string { return "environment variable " + s.Name }

func (s Env) ShellCommand() (string, error) { return "printenv " + s.Name, nil }

func (s Env) Read(_ context.Context, sys System) ([]byte, error) {
	v := sys.Getenv(s.Name)
	if v == "" {
		return nil, fmt.Errorf("api key: environment variable %s is empty or not set (from %s); export it, or pick another source", s.Name, s.From)
	}
	if len(v) > MaxKeyBytes {
		return nil, fmt.Errorf("api key: environment variable %s (from %s) holds more than %d KiB, which is not an api key", s.Name, s.From, MaxKeyBytes>>10)
	}
	return []byte(v), nil
}
