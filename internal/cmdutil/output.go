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
// is replaced. What is not a regular file (/dev/null, /dev/stdout, a FIFO)
// is written through, never replaced: as root, a rename over /dev/null
// would break it for every process on the machine. Errors name path as
// the user gave it.
func WriteOutput(path string, data []byte, out io.Writer) error {
	if path == "-" {
		_, err := out.Write(data)
		return err
	}
	// The kernel follows links first, magic ones included (/dev/stdout
	// to /proc/self/fd/1 to a pipe): what is not a regular file is
	// written through at the path itself.
	target := path
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().IsRegular() {
		if target, err = resolveLinks(path); err != nil {
			return fmt.Errorf("cannot write %s: %w", path, fsutil.BareError(err))
		}
		fi, err = os.Stat(target)
	}
	switch {
	case err == nil && !fi.Mode().IsRegular():
		if fi.IsDir() {
			return fmt.Errorf("cannot write %s: it is a directory", path)
		}
		f, err := os.OpenFile(target, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", path, fsutil.BareError(err))
		}
		_, werr := f.Write(data)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return fmt.Errorf("cannot write %s: %w", path, fsutil.BareError(werr))
		}
		return nil
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("cannot write %s: %w", path, fsutil.BareError(err))
	}
	if err := fsutil.ReplaceFile(target, data); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, fsutil.BareError(err))
	}
	return nil
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
