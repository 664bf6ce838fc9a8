package profile

import "fmt"

// Names lists the profiles of the config file src points at, in file
// order, for commands that go through every profile (zenv doctor --all).
func Names(src Source) ([]string, error) {
	path, _ := configPath(src)
	if path == "" || src.NoConfig {
		return nil, fmt.Errorf("no config file to read profiles from; pass --config PATH")
	}
	data, err := src.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read config file: %w", err)
	}
	cf, err := parseConfig(path, data)
	if err != nil {
		return nil, err
	}
	if len(cf.names) == 0 {
		return nil, fmt.Errorf("%s has no profiles", path)
	}
	return cf.names, nil
}
