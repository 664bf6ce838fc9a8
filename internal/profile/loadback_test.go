package profile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zenv-dev/zenv/internal/config"
)

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAnAddedProfileLoadsBackExactly writes values YAML would otherwise
// turn into booleans, numbers, nulls or comments, and reads them back
// through internal/profile, which is what zenv env uses.
func TestAnAddedProfileLoadsBackExactly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "config.yaml")
	env := map[string]string{
		"ZENML_ANALYTICS_OPT_IN": "false",
		"ZENML_DEBUG":            "yes",
		"MY_NUMBER":              "0123",
		"MY_NULL":                "~",
		"MY_EMPTY":               "",
		"MY_HASH":                "a #b",
		"MY_COLON":               "a: b",
		"MY_LINES":               "one\ntwo\n",
		"MY_QUOTES":              `'"{{ x }}"'`,
	}
	p := config.Entry{URL: "https://z.example.com", APIKey: config.KeyRef{Kind: "env", Ref: "ZK"}, VerifySSL: "false",
		Project: "0f8a2c4e-7b1d-4c3e-9a6f-5d2b8e1c0a94", Env: env, Settings: map[string]string{"github_secret": "ZK"}}
	if err := config.Edit(path, func(c *config.Doc) error { return c.Add("x", p, false) }, nil); err != nil {
		t.Fatal(err)
	}
	got, _, err := Load(Source{ConfigFlag: path, ProfileFlag: "x", Getenv: func(string) string { return "" },
		ReadFile: config.Read, Stat: os.Stat, UserConfigDir: os.UserConfigDir}, Overrides{AllowUnknown: true})
	if err != nil {
		t.Fatalf("the written file does not load: %v\n%s", err, mustRead(t, path))
	}
	if got.URL != p.URL || got.Key.Describe() != "environment variable ZK" || got.VerifySSL != "false" || got.Project != p.Project || got.Settings["github_secret"] != "ZK" {
		t.Errorf("loaded %+v", got)
	}
	for k, v := range env {
		if got.Env[k] != v {
			t.Errorf("env %s = %q, want %q", k, got.Env[k], v)
		}
	}
}
