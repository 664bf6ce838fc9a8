// Package config is the one home of zenv's config file (README "The
// profile"): where it is (Locate), reading it once and only when nobody
// but the user or root could have changed it (Read), parsing it into
// neutral types that carry file:line for every node (Parse), and changing
// it the way a person would, keeping comments and order, atomically and
// under a lock (Edit). It knows the file's shape (default:, profiles:, a
// profile's api_key: {KIND: REF}), not what a valid profile is:
// internal/profile builds and validates profiles from what Parse returns.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/zenv-dev/zenv/internal/fsutil"
)

// MaxSize bounds the config file: a profile file is a few KiB, and a path
// to /dev/zero or a huge file must not eat the machine's memory.
const MaxSize = 1 << 20

// Locate returns the config file to read: --config (flag), then
// $ZENV_CONFIG, then <user config dir>/zenv/config.yaml; "" when there is
// none; and whether the user named it. ~ is the home directory.
func Locate(flag string, getenv func(string) string, userConfigDir func() (string, error)) (path string, explicit bool) {
	if flag != "" {
		return fsutil.ExpandHome(flag, getenv), true
	}
	if p := getenv("ZENV_CONFIG"); p != "" {
		return fsutil.ExpandHome(p, getenv), true
	}
	if userConfigDir == nil {
		return "", false
	}
	dir, err := userConfigDir()
	if err != nil {
		return "", false
	}
	return filepath.Join(dir, "zenv", "config.yaml"), false
}

// Read reads the config file at path: opened once, then the opened file
// and every folder of its real path are checked (fsutil.OpenTrusted), so
// nobody but the user or root can have put a command in it (a profile
// runs commands: api_key: {cmd: ...}); at most MaxSize bytes. An absent
// file is an error that matches fs.ErrNotExist.
func Read(path string) ([]byte, error) {
	data, err := fsutil.ReadTrusted(path, MaxSize)
	if err != nil {
		return nil, explainRead(path, err)
	}
	return data, nil
}

// explainRead turns a read error into one line that says what to do.
func explainRead(path string, err error) error {
	var ue *fsutil.UntrustedError
	var nr *fsutil.NotRegularError
	var tl *fsutil.TooLargeError
	switch {
	case errors.As(err, &ue):
		return fmt.Errorf("config file %s is not safe to use: %s, and a profile can run commands (api_key: {cmd: ...}); %s", path, ue.Problem, ue.Fix)
	case errors.As(err, &nr):
		return fmt.Errorf("config file %s is not a regular file; point --config at the file itself", path)
	case errors.As(err, &tl):
		return fmt.Errorf("config file %s is larger than %d KiB; a profile file is a few KiB, so check the path", path, MaxSize>>10)
	case errors.Is(err, fs.ErrNotExist):
		return err
	}
	return fmt.Errorf("cannot read config file %s: %w", path, fsutil.BareError(err))
}
