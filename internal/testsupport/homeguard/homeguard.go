// Package homeguard keeps a package's tests out of the developer's own
// home: its Run points HOME and XDG_CONFIG_HOME at fresh temporary folders
// for the whole test binary, and fails the run when the real
// <user config dir>/zenv changed during it (found: make test wrote
// keyring.lock there).
package homeguard

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Run runs m with a temporary home and returns its exit code, or 1 when
// the real zenv config folder changed.
func Run(m *testing.M) int {
	real := ""
	if dir, err := os.UserConfigDir(); err == nil {
		real = filepath.Join(dir, "zenv")
	}
	before := snapshot(real)
	tmp, err := os.MkdirTemp("", "zenv-home-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	os.Setenv("HOME", filepath.Join(tmp, "home"))
	os.Setenv("XDG_CONFIG_HOME", filepath.Join(tmp, "config"))
	os.Setenv("AppData", filepath.Join(tmp, "config"))
	code := m.Run()
	if after := snapshot(real); after != before {
		fmt.Fprintf(os.Stderr, "a test changed the real %s:\nbefore:\n%s\nafter:\n%s\n", real, before, after)
		return 1
	}
	return code
}

// snapshot lists every entry under dir with its size and time.
func snapshot(dir string) string {
	if dir == "" {
		return ""
	}
	var lines []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			lines = append(lines, p+" "+err.Error())
			return nil
		}
		if fi, err := d.Info(); err == nil {
			lines = append(lines, fmt.Sprintf("%s %d %s", p, fi.Size(), fi.ModTime()))
		}
		return nil
	})
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
