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

func TestAKeyEnvNameThatStartsLikeAKeyIsRefusedWithoutEchoingIt(t *testing.T) {
	// Too short for redact's key shape: only the prefix gives them away.
	for _, given := range []string{"ZENKEY_ab", "ZENPROKEY_x"} {
		err := CheckKeyEnvName(given)
		if err == nil || !strings.Contains(err.Error(), "was given the key itself") || strings.Contains(err.Error(), given) {
			t.Errorf("CheckKeyEnvName(%q) = %v, want the key-itself refusal without the value", given, err)
		}
	}
	if err := CheckKeyEnvName("ZENML_PROD_KEY"); err != nil {
		t.Errorf("CheckKeyEnvName(ZENML_PROD_KEY) = %v", err)
	}
}
