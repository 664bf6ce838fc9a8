//go:build unix && !linux && !darwin

package fsutil

import (
	"os"
	"path/filepath"
)

// realPath resolves the name: these systems give no portable way to ask
// the descriptor, and checkOpened makes sure the name still names it.
func realPath(_ *os.File, name string) (string, error) {
	real, err := filepath.EvalSymlinks(name)
	if err != nil {
		return "", err
	}
	return filepath.Abs(real)
}
