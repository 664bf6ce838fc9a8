package keysource

import (
	"context"
	"errors"
	"fmt"

	"github.com/zenv-dev/zenv/internal/fsutil"

	"github.com/zenv-dev/zenv/render/quote"
)

var fileKind = Kind{
	Name: "file", Flag: "api-key-file", Metavar: "PATH",
	Usage: "read the api key from file `PATH`",
	New:   func(ref, origin string) Source { return File{Path: ref, From: origin} },
}

// File reads the key from a file. ~ means the home directory.
type File struct{ Path, From string }

func (s File) Kind() string     { return "file" }
func (s File) Origin() string   { return s.From }
func (s File) Describe() string { return "file " + s.Path }

func (s File) ShellCommand() (string, error) {
	q, err := quote.Bash(s.Path)
	if err != nil {
		return "", fmt.Errorf("the key file path cannot be written for a shell: %w", err)
	}
	return "cat " + q, nil
}

func (s File) Read(_ context.Context, sys System) ([]byte, error) {
	path := fsutil.ExpandHome(s.Path, sys.Getenv)
	// Opened once, then the opened file and its folders are checked: a
	// FIFO would block, /dev/zero never ends, and a file others can swap
	// would choose which account zenv logs in as.
	f, err := fsutil.OpenTrusted(path)
	if err != nil {
		var ue *fsutil.UntrustedError
		var nr *fsutil.NotRegularError
		switch {
		case errors.As(err, &ue):
			return nil, fmt.Errorf("api key file %s (from %s) is not safe to use: %s, and whoever can replace it chooses the key zenv sends; %s", path, s.From, ue.Problem, ue.Fix)
		case errors.As(err, &nr):
			return nil, fmt.Errorf("api key: %s (from %s) is not a regular file; point at the file that holds the key", path, s.From)
		}
		return nil, fmt.Errorf("api key: cannot read %s (from %s): %w", path, s.From, fsutil.BareError(err))
	}
	defer f.Close()
	b, err := readLimited(f, "key file "+path)
	if err != nil {
		return nil, fmt.Errorf("api key: %w", err)
	}
	if fi, err := f.Stat(); err == nil && fsutil.OthersCanRead(fi) && sys.Warn != nil {
		sys.Warn(fmt.Sprintf("api key file %s can be read by group or others; run chmod 600 %s", path, path))
	}
	return b, nil
}
