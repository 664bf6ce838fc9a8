package profile

import (
	"errors"
	"fmt"
)

// Names lists the profiles of the config file src points at, in file
// order, for commands that go through every profile (zenv doctor --all).
func Names(src Source) ([]string, error) {
	path, _ := src.File()
	if path == "" || src.NoConfig {
		return nil, errors.New("no config file to read profiles from; pass --config PATH")
	}
	data, err := src.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read config file: %w", err)
	}
	cf, err := parseFile(path, data)
	if err != nil {
		return nil, err
	}
	if len(cf.Profiles) == 0 {
		return nil, fmt.Errorf("%s has no profiles; add one with zenv profile add NAME --url URL ...", path)
	}
	return cf.Names(), nil
}
