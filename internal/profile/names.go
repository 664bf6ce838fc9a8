package profile

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/zenv-dev/zenv/internal/config"
	"github.com/zenv-dev/zenv/internal/keysource"
)

// Names lists the profiles of the config file src points at, in file
// order, for commands that go through every profile (zenv doctor --all).
func Names(src Source) ([]string, error) {
	cf, err := readParsed(src)
	if err != nil {
		return nil, err
	}
	if len(cf.Profiles) == 0 {
		return nil, fmt.Errorf("%s has no profiles; add one with %s", cf.Path, AddHint(src.ConfigFlag))
	}
	return cf.Names(), nil
}

// KeyEnvNames lists the environment variables the profiles of the config
// file src points at read a secret from (api_key: {env: NAME}, a push
// token's or auth_string's {env: NAME}), sorted, without reading any. A
// file that is missing or cannot be parsed gives an error.
func KeyEnvNames(src Source) ([]string, error) {
	cf, err := readParsed(src)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	add := func(s keysource.Source) {
		if e, ok := s.(keysource.Env); ok && e.Name != "" {
			seen[e.Name] = true
		}
	}
	for i := range cf.Profiles {
		l, _ := layerOf(&cf.Profiles[i])
		add(l.key)
		for _, d := range l.push {
			add(d.Token)
			add(d.AuthString)
		}
	}
	return slices.Sorted(maps.Keys(seen)), nil
}

// readParsed reads and parses the config file src points at.
func readParsed(src Source) (*config.File, error) {
	path, _ := src.File()
	if path == "" || src.NoConfig {
		return nil, errors.New("no config file to read profiles from; pass --config PATH")
	}
	data, err := src.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read config file: %w", err)
	}
	return parseFile(path, data)
}
