// Package keysource reads the ZenML API key from where a profile says it
// lives: an environment variable, a file, standard input, a command, a
// literal. Each source is one file here behind the Source interface;
// adding one is a file and a line in Kinds.
//
// Every read is bounded: a key is about a hundred bytes, so more than
// MaxKeyBytes is refused rather than read, and a command gets a timeout.
package keysource

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zenv-dev/zenv/internal/zenml"
)

// MaxKeyBytes bounds every read of a key. A ZenML key is about 120 bytes;
// a megabyte from /dev/zero or a chatty command is a mistake, not a key.
const MaxKeyBytes = 64 << 10

// DefaultTimeout bounds a key command, so a hung secret manager cannot hang
// the shell whose .bashrc runs zenv.
const DefaultTimeout = 10 * time.Second

// Source is one place a key is read from.
type Source interface {
	// Kind is the source's name in the config file: api_key: {KIND: ...}.
	Kind() string
	// Read returns the raw bytes, at most MaxKeyBytes of them.
	Read(ctx context.Context, sys System) ([]byte, error)
	// Describe names the source for messages; it never holds the key.
	Describe() string
	// ShellCommand is a POSIX shell command that prints the key on stdout,
	// for setup instructions; "" when the source has none.
	ShellCommand() (string, error)
	// Origin is where the source was set: file:line or a flag.
	Origin() string
}

// System is what reading a key may touch; tests replace it.
type System struct {
	Getenv    func(string) string
	Stdin     io.Reader
	StdinTTY  bool
	Stderr    io.Writer // a key command's own prompts go here on a terminal
	StderrTTY bool
	Timeout   time.Duration // for a key command; DefaultTimeout when zero
	Warn      func(string)  // a warning about the source; nil drops it
}

// Kind declares a source: its config key, its flag, and how to build it.
type Kind struct {
	Name    string // config key: api_key: {NAME: ...}
	Flag    string // command-line flag without dashes; "" for none
	Metavar string // the flag's argument in messages, "" for a boolean flag
	Usage   string // flag help
	// Bool: the flag and the config value are booleans (stdin: true).
	Bool bool
	// New builds the source from its reference (a name, a path, a command;
	// "" for a boolean) and where it was set.
	New func(ref, origin string) Source
}

// Kinds lists every source, in the order flags and help show them.
func Kinds() []Kind {
	return []Kind{envKind, fileKind, stdinKind, cmdKind, keyringKind, valueKind}
}

// LookupKind finds a kind by its config key.
func LookupKind(name string) (Kind, bool) {
	for _, k := range Kinds() {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// KindNames lists the config keys of every kind.
func KindNames() []string {
	var names []string
	for _, k := range Kinds() {
		names = append(names, k.Name)
	}
	return names
}

// FlagHelp lists the flags that pick a source, for messages.
func FlagHelp() string {
	var parts []string
	for _, k := range Kinds() {
		if k.Flag == "" {
			continue
		}
		p := "--" + k.Flag
		if k.Metavar != "" {
			p += " " + k.Metavar
		}
		parts = append(parts, p)
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// ErrNoSource is returned by ReadKey for a profile without a key source.
var ErrNoSource = errors.New("no api key source: pass " + FlagHelp() + ", or set api_key in the profile")

// ReadKey reads the key from src, drops its trailing line break and
// nothing else, and checks its shape. Warnings are for a key that does not
// look like a ZenML key. No error or warning contains the key.
func ReadKey(ctx context.Context, src Source, sys System) (key string, warnings []string, err error) {
	if src == nil {
		return "", nil, ErrNoSource
	}
	if sys.Timeout <= 0 {
		sys.Timeout = DefaultTimeout
	}
	raw, err := src.Read(ctx, sys)
	if err != nil {
		return "", nil, err
	}
	key = string(bytes.TrimRight(raw, "\r\n"))
	if err := CheckKey(key, src.Describe()); err != nil {
		return "", nil, err
	}
	// The server is the judge of a key: a shape ZenML would reject is a
	// warning here (zenml.Severity), and doctor's failure.
	if _, problems := zenml.ParseKey(key); len(problems) > 0 && zenml.Severity(problems[0].Code, zenml.CmdEnv) == zenml.Warn {
		warnings = append(warnings, fmt.Sprintf("the api key from %s %s; ZenML will probably reject it", src.Describe(), problems[0].Message))
	}
	return key, warnings, nil
}

// CheckKey refuses what no environment can carry as the key: nothing, a
// NUL byte, more than one line. from names where the key came from; the
// error never holds the key.
func CheckKey(key, from string) error {
	if key == "" {
		return fmt.Errorf("api key from %s is empty", from)
	}
	if strings.IndexByte(key, 0) >= 0 {
		return fmt.Errorf("api key from %s holds a NUL byte, which no environment can carry; check what the source prints", from)
	}
	if strings.ContainsAny(key, "\r\n") {
		return fmt.Errorf("api key from %s spans %d lines; a key is one line, so check what the source prints", from, strings.Count(key, "\n")+1)
	}
	return nil
}

// readLimited reads r up to MaxKeyBytes and refuses more.
func readLimited(r io.Reader, what string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxKeyBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxKeyBytes {
		return nil, fmt.Errorf("%s gave more than %d KiB, which is not an api key", what, MaxKeyBytes>>10)
	}
	return b, nil
}
