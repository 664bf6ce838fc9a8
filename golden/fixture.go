// Package golden locks zenv's output byte for byte (see golden_test.go) and
// shares its fixtures, real profile files, with the other tests.
package golden

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/zenv-dev/zenv/internal/profile"
)

// Source reads the fixture profile in dir and nothing of the machine's:
// no environment, no user config directory.
func Source(dir string) profile.Source {
	return profile.Source{
		ConfigFlag:    filepath.Join(dir, "profile.yaml"),
		Getenv:        func(string) string { return "" },
		ReadFile:      os.ReadFile,
		Stat:          os.Stat,
		UserConfigDir: func() (string, error) { return "", errors.New("fixtures have no user config directory") },
	}
}

// LoadFixture returns the fixture profile in dir and its key.
func LoadFixture(dir string) (*profile.Profile, string, error) {
	p, _, err := profile.Load(Source(dir), profile.Overrides{})
	if err != nil {
		return nil, "", err
	}
	key, _, err := profile.ReadKey(p.Key, profile.IO{ReadFile: os.ReadFile, Stat: os.Stat})
	return p, key, err
}
