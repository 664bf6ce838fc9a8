package cmdutil

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/zenv-dev/zenv/internal/fsutil"
)

// WriteOutput writes data to path ("-" is out) so that a file holding the
// key is never readable by others: a regular file (or a new one) is
// replaced through a 0600 temporary file renamed over it, so no reader
// sees half of it. A symlink keeps pointing where it pointed: its target
// is replaced. Every existing path that is not a regular file is refused,
// /dev/null, /dev/stdout and FIFOs included: writing through one would
// hand the key to whoever reads it (another user's FIFO in /tmp got the
// whole dotenv file), and replacing /dev/null as root would break it for
// every process. The folder is checked as a config file's is: nobody but
// the user or root may replace what zenv writes there. Errors name path as
// the user gave it. A path refused before anything is written is a
// *RefusedPathError (bad input); a write that fails midway is not.
func WriteOutput(path string, data []byte, out io.Writer) error {
	if path == "-" {
		_, err := out.Write(data)
		return err
	}
	target, err := checkOutputPath(path)
	if err != nil {
		return &RefusedPathError{err}
	}
	if err := fsutil.ReplaceFile(target, data); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, fsutil.BareError(err))
	}
	return nil
}

// RefusedPathError is an output path WriteOutput refused before writing
// anything: not a regular file, a folder others may write, a path that
// cannot be reached. It is the user's input, so `zenv env -o` exits 2 as a
// refused --config or --api-key-file does.
type RefusedPathError struct{ Err error }

func (e *RefusedPathError) Error() string { return e.Err.Error() }
func (e *RefusedPathError) Unwrap() error { return e.Err }

// checkOutputPath refuses what WriteOutput must not write to, and returns
// the file the write replaces (symlinks followed).
func checkOutputPath(path string) (string, error) {
	// The kernel follows every link, magic ones included (/dev/stdout to
	// /proc/self/fd/1 to a pipe): what it reaches decides.
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		what := "not a regular file"
		switch {
		case fi.IsDir():
			what = "a directory"
		case fi.Mode()&os.ModeNamedPipe != 0:
			what = "a FIFO"
		case fi.Mode()&os.ModeDevice != 0:
			what = "a device"
		}
		return "", fmt.Errorf("cannot write %s: it is %s, and zenv writes a key only into a regular file it replaces; pass a file path, or -o - for standard output", path, what)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("cannot write %s: %w", path, fsutil.BareError(err))
	}
	target, err := resolveLinks(path)
	if err != nil {
		return "", fmt.Errorf("cannot write %s: %w", path, fsutil.BareError(err))
	}
	if err := fsutil.CheckFolder(filepath.Dir(target), filepath.Base(target)); err != nil {
		var ue *fsutil.UntrustedError
		if errors.As(err, &ue) {
			return "", fmt.Errorf("cannot write %s: %s, and it holds the key; %s", path, ue.Problem, ue.Fix)
		}
		return "", fmt.Errorf("cannot write %s: %w", path, fsutil.BareError(err))
	}
	return target, nil
}

// resolveLinks follows symlinks to the path they finally name, which may
// not exist yet.
func resolveLinks(path string) (string, error) {
	for i := 0; i < 40; i++ {
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			return path, nil
		}
		link, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(path), link)
		}
		path = link
	}
	return "", errors.New("too many levels of symbolic links")
}
