package profile

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func TestNamesListsTheProfilesInFileOrder(t *testing.T) {
	src := Source{
		ConfigFlag: "/cfg.yaml",
		Getenv:     func(string) string { return "" },
		ReadFile: func(string) ([]byte, error) {
			return []byte("default: prod\nprofiles:\n  prod:\n    url: https://a\n  dev:\n    url: https://b\n"), nil
		},
	}
	names, err := Names(src)
	if err != nil || !slices.Equal(names, []string{"prod", "dev"}) {
		t.Errorf("Names = %v, %v", names, err)
	}
	src.ReadFile = func(string) ([]byte, error) { return nil, os.ErrNotExist }
	if _, err := Names(src); err == nil || !strings.Contains(err.Error(), "cannot read config file") {
		t.Errorf("missing file: %v", err)
	}
}
