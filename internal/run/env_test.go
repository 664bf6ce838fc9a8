package run

import (
	"slices"
	"strings"
	"testing"
)

func TestEnvironDropsStaleConnectionVariablesAndAddsTheProfiles(t *testing.T) {
	current := []string{
		"PATH=/usr/bin",
		"ZENML_STORE_URL=https://old.example.com",
		"ZENML_STORE_API_TOKEN=stale-token",
		"ZENML_ACTIVE_PROJECT_ID=old-project",
		"ZENML_STORE_USERNAME=someone",
		"ZENML_CONFIG_PATH=/home/me/.zenml", // the user's own setting
		"ZENML_LOGGING_VERBOSITY=DEBUG",     // not set by the profile: kept
		"HOME=/home/me",
		"NOTE=old",
	}
	vars := []Var{
		{"ZENML_STORE_URL", "https://zenml.example.com"},
		{"ZENML_STORE_API_KEY", "ZENKEY_x"},
		{"NOTE", "new"},
	}
	got, err := environ(current, vars, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"PATH=/usr/bin",
		"ZENML_CONFIG_PATH=/home/me/.zenml",
		"ZENML_LOGGING_VERBOSITY=DEBUG",
		"HOME=/home/me",
		"ZENML_STORE_URL=https://zenml.example.com",
		"ZENML_STORE_API_KEY=ZENKEY_x",
		"NOTE=new",
	}
	if !slices.Equal(got, want) {
		t.Errorf("environ:\n got %q\nwant %q", got, want)
	}
}

func TestEnvironComparesNamesWithoutCaseOnWindows(t *testing.T) {
	current := []string{
		"=C:=C:\\work", // cmd's per-drive directory: kept as it is
		"Path=C:\\Windows",
		"zenml_store_api_token=stale", // Python on Windows reads it upper-cased
		"Note=old",
	}
	got, err := environ(current, []Var{{"ZENML_STORE_URL", "https://z"}, {"NOTE", "new"}}, true)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"=C:=C:\\work", "Path=C:\\Windows", "ZENML_STORE_URL=https://z", "NOTE=new"}
	if !slices.Equal(got, want) {
		t.Errorf("environ:\n got %q\nwant %q", got, want)
	}
	// On Unix the same names are different variables.
	got, _ = environ(current, []Var{{"NOTE", "new"}}, false)
	if !slices.Contains(got, "Note=old") || !slices.Contains(got, "zenml_store_api_token=stale") {
		t.Errorf("on Unix a name of another case was dropped: %q", got)
	}
}

func TestEnvironRefusesWhatNoEnvironmentCarriesWithoutShowingTheValue(t *testing.T) {
	const secret = "ZENKEY_MARKER"
	tests := []struct {
		name     string
		vars     []Var
		foldCase bool
		want     string
	}{
		{"nul in a value", []Var{{"ZENML_STORE_API_KEY", secret + "\x00"}}, false, "ZENML_STORE_API_KEY to the command: its value holds a NUL byte"},
		{"= in a name", []Var{{"A=B", "x"}}, false, "cannot be empty or hold ="},
		{"empty name", []Var{{"", secret}}, false, "cannot be empty"},
		{"two names one variable on windows", []Var{{"Path_X", secret}, {"PATH_X", "y"}}, true, "Path_X and PATH_X name the same variable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := environ(nil, tt.vars, tt.foldCase)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "MARKER") {
				t.Errorf("the error shows the value: %v", err)
			}
		})
	}
}

func TestEnvironKeepsAnEmptyValue(t *testing.T) {
	got, err := environ([]string{"X=1"}, []Var{{"X", ""}}, false)
	if err != nil || !slices.Equal(got, []string{"X="}) {
		t.Errorf("environ = %q, %v", got, err)
	}
}

func TestEnvName(t *testing.T) {
	for kv, want := range map[string]string{
		"A=b":        "A",
		"A=b=c":      "A",
		"A=":         "A",
		"=C:=C:\\":   "=C:",
		"NOEQUALS":   "NOEQUALS",
		"":           "",
		"=":          "=",
		"ZENML_X=y=": "ZENML_X",
	} {
		if got := envName(kv); got != want {
			t.Errorf("envName(%q) = %q, want %q", kv, got, want)
		}
	}
}
