package profile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/config"
)

const markerKey = "ZENKEY_eyJpZCI6ICJNQVJLRVIiLCAia2V5IjogIk1BUktFUi02NGhleCJ9"

// realSource reads a real config file written with mode.
func realSource(t *testing.T, config string, mode os.FileMode) (Source, string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, mode)
	src := OSSource(path, "")
	src.Getenv = func(k string) string { return map[string]string{"HOME": "/home/u"}[k] }
	src.Getwd = func() (string, error) { return "/work/dir", nil }
	return src, path
}

func TestAConfigFileOthersCanChangeIsRefused(t *testing.T) {
	cfg := "profiles:\n  p:\n    url: https://x.example.com\n    api_key: {cmd: \"touch /tmp/pwned\"}\n"
	for _, mode := range []os.FileMode{0o620, 0o602, 0o666} {
		src, path := realSource(t, cfg, mode)
		_, _, err := Load(src, Overrides{})
		if err == nil || !strings.Contains(err.Error(), "can be changed by group or others") || !strings.Contains(err.Error(), "chmod go-w "+path) {
			t.Errorf("mode %o: %v", mode, err)
		}
	}
	src, _ := realSource(t, cfg, 0o644)
	if _, _, err := Load(src, Overrides{}); err != nil {
		t.Errorf("mode 644: %v", err)
	}
}

func TestConfigReadsAreBounded(t *testing.T) {
	big := "profiles:\n  p:\n    url: https://x.example.com\n#" + strings.Repeat("x", config.MaxSize) + "\n"
	src, _ := realSource(t, big, 0o600)
	if _, _, err := Load(src, Overrides{}); err == nil || !strings.Contains(err.Error(), "larger than 1024 KiB") {
		t.Errorf("big file: %v", err)
	}
	src = OSSource("/dev/zero", "")
	if _, _, err := Load(src, Overrides{}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("/dev/zero: %v", err)
	}
}

func TestARelativeKeyFileIsRelativeToTheFileThatNamesIt(t *testing.T) {
	src, path := realSource(t, "profiles:\n  p:\n    url: https://x.example.com\n    api_key: {file: keys/prod.key}\n", 0o600)
	p, _, err := Load(src, Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Key.Describe(), "file "+filepath.Join(filepath.Dir(path), "keys/prod.key"); got != want {
		t.Errorf("from the file: %s, want %s", got, want)
	}
	p, _, err = Load(src, Overrides{Key: map[string]string{"file": "prod.key"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Key.Describe(), "file /work/dir/prod.key"; got != want {
		t.Errorf("from a flag: %s, want %s", got, want)
	}
	p, _, _ = Load(src, Overrides{Key: map[string]string{"file": "~/prod.key"}})
	if got, want := p.Key.Describe(), "file /home/u/prod.key"; got != want {
		t.Errorf("with ~: %s, want %s", got, want)
	}
}

func TestVerifySSLRefusesWhatIsNeitherABooleanNorAPath(t *testing.T) {
	base := Overrides{URL: "https://x.example.com"}
	tests := []struct{ value, want, warn string }{
		{"ture", "did you mean true?", ""},
		{"fasle", "did you mean false?", ""},
		{"maybe", "neither true, false, nor the path of a CA bundle", ""},
		{"/no/such/ca.pem", "", "does not exist here"},
		{"ON", "", ""},
		{"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "", ""},
	}
	for _, tt := range tests {
		ov := base
		ov.VerifySSL = tt.value
		src := source("", nil, 0)
		src.Stat = os.Stat
		_, warnings, err := Load(src, ov)
		switch {
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: error %v, want %q", tt.value, err, tt.want)
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v", tt.value, err)
		case tt.warn != "" && !strings.Contains(strings.Join(warnings, "\n"), tt.warn):
			t.Errorf("%q: warnings %v, want %q", tt.value, warnings, tt.warn)
		}
	}
}

func TestAURLEndingInTheAPIPathIsRefused(t *testing.T) {
	_, _, err := Load(source("", nil, 0), Overrides{URL: "https://x.example.com/api/v1/"})
	if err == nil || !strings.Contains(err.Error(), "which the ZenML client adds itself; give https://x.example.com") {
		t.Errorf("got %v", err)
	}
}

func TestNoConfigReadsNoFile(t *testing.T) {
	src := source(twoProfiles, nil, 0o600)
	src.NoConfig = true
	p, _, err := Load(src, Overrides{URL: "https://x.example.com"})
	if err != nil || p.Name != "" || p.Project != "" || len(p.Env) != 0 {
		t.Errorf("got %+v, %v", p, err)
	}
	src.ProfileFlag = "prod"
	if _, _, err := Load(src, Overrides{}); err == nil || !strings.Contains(err.Error(), "--no-config reads no profile") {
		t.Errorf("--no-config with -p: %v", err)
	}
}

// TestAKeyGivenAsAnyOtherSettingIsRefusedWithoutEchoingIt gives the marker
// key to every field in turn.
func TestAKeyGivenAsAnyOtherSettingIsRefusedWithoutEchoingIt(t *testing.T) {
	url := "https://x.example.com"
	cases := map[string]Overrides{
		"url":                {URL: " " + markerKey},
		"url path":           {URL: url + "/" + markerKey},
		"url query":          {URL: url + "/?k=" + markerKey},
		"url user":           {URL: "https://" + markerKey + "@x.example.com"},
		"project":            {URL: url, Project: markerKey},
		"stack":              {URL: url, Stack: markerKey},
		"verify_ssl":         {URL: url, VerifySSL: markerKey},
		"--api-key-env":      {URL: url, Key: map[string]string{"env": markerKey}},
		"--api-key-file":     {URL: url, Key: map[string]string{"file": markerKey}},
		"--api-key-cmd":      {URL: url, Key: map[string]string{"cmd": "echo " + markerKey}},
		"--set value":        {URL: url, Set: []string{"NOTE=" + markerKey}},
		"--set name":         {URL: url, Set: []string{markerKey + "=x"}},
		"--set no equals":    {URL: url, Set: []string{markerKey}},
		"logging verbosity":  {URL: url, Set: []string{"ZENML_LOGGING_VERBOSITY=" + markerKey}},
		"prefect_block":      {URL: url, Settings: map[string]string{"prefect_block": strings.ToLower(markerKey)}},
		"github_secret":      {URL: url, Settings: map[string]string{"github_secret": markerKey}},
		"github_url_var":     {URL: url, Settings: map[string]string{"github_url_var": markerKey}},
		"allow-unknown name": {URL: url, AllowUnknown: true, Set: []string{"ZENML_" + markerKey + "=1"}},
	}
	for name, ov := range cases {
		_, _, err := Load(source("", nil, 0), ov)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if strings.Contains(err.Error(), "MARKER") || strings.Contains(err.Error(), "eyJpZCI6ICJNQVJLRVIi") {
			// The --set without = is echoed by its parser; main's redactor
			// is the net for that one, and it is checked in cmd/zenv.
			if name != "--set no equals" {
				t.Errorf("%s: the error echoes the key: %v", name, err)
			}
		}
	}
}

func TestProjectAndStackErrorsComeInAFixedOrder(t *testing.T) {
	for i := 0; i < 30; i++ {
		_, _, err := Load(source("", nil, 0), Overrides{URL: "https://x.example.com", Project: "bad", Stack: "bad"})
		if err == nil || !strings.Contains(err.Error(), "--project") {
			t.Fatalf("run %d: %v", i, err)
		}
	}
}

func TestFoundByTheAttackReview(t *testing.T) {
	tests := []struct {
		name string
		ov   Overrides
		want string
	}{
		{"a url missing its slashes", Overrides{URL: "https:a.example.com"}, "did you mean https://a.example.com?"},
		{"a pem header alone", Overrides{URL: "https://x.example.com", VerifySSL: "-----BEGIN CERTIFICATE-----"}, "not a whole certificate"},
		{"one --set twice", Overrides{URL: "https://x.example.com", Set: []string{"A=1", "A=2"}}, "--set A is given twice"},
	}
	for _, tt := range tests {
		_, _, err := Load(source("", nil, 0), tt.ov)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	// A config named by a relative path gives an absolute key path.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "c.yaml"), []byte("profiles:\n  p:\n    url: https://x.example.com\n    api_key: {file: rel.key}\n"), 0o600)
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(dir)
	src := OSSource("c.yaml", "")
	p, _, err := Load(src, Overrides{})
	if err != nil || p.Key.Describe() != "file "+filepath.Join(dir, "rel.key") {
		t.Errorf("got %v, %v", p, err)
	}
}

func TestAConfigInAFolderAnyoneCanWriteIsRefused(t *testing.T) {
	src, path := realSource(t, "profiles:\n  p:\n    url: https://x.example.com\n", 0o600)
	os.Chmod(filepath.Dir(path), 0o777)
	defer os.Chmod(filepath.Dir(path), 0o700)
	if _, _, err := Load(src, Overrides{}); err == nil || !strings.Contains(err.Error(), "folder "+filepath.Dir(path)+" can be written by group or others") {
		t.Errorf("got %v", err)
	}
	os.Chmod(filepath.Dir(path), os.ModeSticky|0o777) // sticky, as /tmp: others cannot replace it
	if _, _, err := Load(src, Overrides{}); err != nil {
		t.Errorf("sticky folder: %v", err)
	}
}
