package keysource

import "context"

// A literal key in the profile file. It has no flag: a flag would put the
// key in ps and shell history.
var valueKind = Kind{
	Name: "value",
	New:  func(ref, origin string) Source { return Value{key: ref, From: origin} },
}

// Value is a key written in the profile file itself. Its key field is
// unexported and Describe names only where it is, so formatting a Value
// never shows the key.
type Value struct {
	key  string
	From string
}

func (s Value) Kind() string                  { return "value" }
func (s Value) Origin() string                { return s.From }
func (s Value) Describe() string              { return "the literal api_key.value at " + s.From }
func (s Value) ShellCommand() (string, error) { return "", nil }
func (s Value) String() string                { return s.Describe() }
func (s Value) GoString() string              { return s.Describe() }

func (s Value) Read(context.Context, System) ([]byte, error) { return []byte(s.key), nil }
