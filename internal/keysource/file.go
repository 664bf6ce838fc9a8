package keysource

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"

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
	path := ExpandHome(s.Path, sys.Getenv)
	// Only a regular file: a FIFO would block the open, /dev/zero never
	// ends, and a directory is a mistake.
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("api key: cannot read %s (from %s): %w", path, s.From, fsutil.BareError(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("api key: %s (from %s) is not a regular file; point at the file that holds the key", path, s.From)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("api key: cannot read %s (from %s): %w", path, s.From, fsutil.BareError(err))
	}
	defer f.Close()
	b, err := readLimited(f, "key file "+path)
	if err != nil {
		return nil, fmt.Errorf("api key: %w", err)
	}
	if groupOrOtherReadable(fi) && sys.Warn != nil {
		sys.Warn(fmt.Sprintf("api key file %s can be read by group or others; run chmod 600 %s", path, path))
	}
	return b, nil
}

// ExpandHome replaces a leading ~ or ~/ with the home directory.
func ExpandHome(path string, getenv func(string) string) string {
	if path == "~" || strings.HasPrefix(path, "~/") {
		if getenv != nil {
			if home := getenv("HOME"); home != "" {
				return home + path[1:]
			}
		}
		if home, err := os.UserHomeDir(); err == nil {
			return home + path[1:]
		}
	}
	return path
}

// GroupOrOtherReadable reports whether others than the owner may read a
// file (never on Windows, whose ACLs this does not see).
func groupOrOtherReadable(fi os.FileInfo) bool {
	return runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0
}

// GroupOrOtherReadable is groupOrOtherReadable for other packages.
func GroupOrOtherReadable(fi os.FileInfo) bool { return groupOrOtherReadable(fi) }
