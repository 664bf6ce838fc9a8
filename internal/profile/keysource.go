package profile

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// KeyKind is where an API key is read from.
type KeyKind int

const (
	KeyNone  KeyKind = iota
	KeyEnv           // an environment variable
	KeyFile          // a file
	KeyStdin         // standard input
	KeyCmd           // a command's stdout (op read, pass show, ...)
	KeyValue         // a literal in the profile file
)

// KeySource says where the key comes from. For KeyValue, Ref is the key
// itself, so a KeySource is never formatted whole into a message: use
// Describe.
type KeySource struct {
	Kind   KeyKind
	Ref    string
	Origin string // file:line or the flag that set it
}

// Describe names the source without revealing a literal key.
func (k KeySource) Describe() string {
	switch k.Kind {
	case KeyEnv:
		return "environment variable " + k.Ref
	case KeyFile:
		return "file " + k.Ref
	case KeyStdin:
		return "standard input"
	case KeyCmd:
		return "command " + fmt.Sprintf("%q", k.Ref)
	case KeyValue:
		return "the literal api_key.value at " + k.Origin
	}
	return "nowhere"
}

// String keeps a literal key out of any %v or %s by accident.
func (k KeySource) String() string { return k.Describe() }

// IO is what reading a key may touch; tests replace all of it.
type IO struct {
	Getenv   func(string) string
	Stdin    io.Reader
	Stderr   io.Writer // a key command's own prompts and errors go here
	ReadFile func(string) ([]byte, error)
	Stat     func(string) (os.FileInfo, error)
}

// ReadKey reads the key from its source. It returns warnings for a key that
// does not look like a ZenML key, or a key file others can read. No error or
// warning contains the key.
func ReadKey(k KeySource, sys IO) (key string, warnings []string, err error) {
	var raw []byte
	switch k.Kind {
	case KeyNone:
		return "", nil, errors.New("no api key source: pass --api-key-env NAME, --api-key-file PATH, --api-key-stdin or --api-key-cmd CMD, or set api_key in the profile")
	case KeyEnv:
		v := sys.Getenv(k.Ref)
		if v == "" {
			return "", nil, fmt.Errorf("api key: environment variable %s is empty or not set (from %s); export it, or pick another source", k.Ref, k.Origin)
		}
		raw = []byte(v)
	case KeyFile:
		path := expandHome(k.Ref, sys.Getenv)
		raw, err = sys.ReadFile(path)
		if err != nil {
			return "", nil, fmt.Errorf("api key: cannot read %s (from %s): %w", path, k.Origin, unwrapPathError(err))
		}
		if fi, err := sys.Stat(path); err == nil && groupOrOtherReadable(fi) {
			warnings = append(warnings, fmt.Sprintf("api key file %s can be read by group or others; run chmod 600 %s", path, path))
		}
	case KeyStdin:
		raw, err = io.ReadAll(sys.Stdin)
		if err != nil {
			return "", nil, fmt.Errorf("api key: cannot read standard input: %w", err)
		}
	case KeyCmd:
		raw, err = runKeyCommand(k.Ref, sys)
		if err != nil {
			return "", nil, fmt.Errorf("api key: command %q (from %s) failed: %w; run it yourself to see why", k.Ref, k.Origin, err)
		}
	case KeyValue:
		raw = []byte(k.Ref)
	}
	key = string(bytes.TrimRight(raw, "\r\n"))
	if key == "" {
		return "", nil, fmt.Errorf("api key from %s is empty", k.Describe())
	}
	if msg := keyShapeProblem(key); msg != "" {
		warnings = append(warnings, fmt.Sprintf("the api key from %s %s; ZenML will probably reject it", k.Describe(), msg))
	}
	return key, warnings, nil
}

// keyShapeProblem says how key differs from a ZenML API key, without
// quoting it: ZENKEY_ + padded base64 of {"id": ..., "key": ...}, or a ZenML
// Pro key starting ZENPROKEY_.
func keyShapeProblem(key string) string {
	if strings.HasPrefix(key, "ZENPROKEY_") {
		return ""
	}
	rest, ok := strings.CutPrefix(key, "ZENKEY_")
	if !ok {
		return "does not start with ZENKEY_ or ZENPROKEY_"
	}
	body, err := base64.StdEncoding.DecodeString(rest)
	if err != nil {
		return "is not ZENKEY_ followed by base64"
	}
	var payload struct {
		ID  string `json:"id"`
		Key string `json:"key"`
	}
	if err := json.Unmarshal(body, &payload); err != nil || payload.ID == "" || payload.Key == "" {
		return "does not hold the id and key ZenML expects"
	}
	return ""
}

func runKeyCommand(command string, sys IO) ([]byte, error) {
	var c *exec.Cmd
	if runtime.GOOS == "windows" {
		c = exec.Command("cmd", "/C", command)
	} else {
		c = exec.Command("/bin/sh", "-c", command)
	}
	c.Stdin = sys.Stdin
	c.Stderr = sys.Stderr
	out, err := c.Output()
	if err != nil {
		return nil, err
	}
	return out, nil
}

func expandHome(path string, getenv func(string) string) string {
	if path == "~" || strings.HasPrefix(path, "~/") {
		if home := getenv("HOME"); home != "" {
			return home + path[1:]
		}
		if home, err := os.UserHomeDir(); err == nil {
			return home + path[1:]
		}
	}
	return path
}

func groupOrOtherReadable(fi os.FileInfo) bool {
	return runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
