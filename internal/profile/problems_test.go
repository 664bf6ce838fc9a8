package profile

import (
	"strings"
	"testing"
)

const brokenFile = `default: prod
profiles:
  prod:
    url: https://zenml.example.com
    api_key: {env: ZENML_PROD_KEY}
  typo:
    url: https//zenml.example.com
    projet: x
    api_key: ` + markerKey + `
  two:
    url: https://two.example.com
    stack: not-a-uuid
    verify_ssl: ture
`

func TestOneBrokenProfileDoesNotBlockAnother(t *testing.T) {
	src, path := realSource(t, brokenFile, 0o600)
	src.ProfileFlag = "prod"
	p, warnings, err := Load(src, Overrides{})
	if err != nil {
		t.Fatalf("prod refused because of other profiles: %v", err)
	}
	if p.URL != "https://zenml.example.com" {
		t.Errorf("url %q", p.URL)
	}
	if u := p.Node.Get("url"); u == nil || u.Pos.String() != path+":4" {
		t.Errorf("the profile's node: %+v", u)
	}
	joined := strings.Join(warnings, "\n")
	for _, want := range []string{path + ":6: profile typo does not load (3 problems", path + ":10: profile two does not load (2 problems", "zenv profile check --config " + path} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings lack %q:\n%s", want, joined)
		}
	}
	if strings.Contains(joined, markerKey) {
		t.Errorf("a warning holds the key")
	}
}

func TestARefusalSaysHowManyMoreProblemsTheFileHas(t *testing.T) {
	src, path := realSource(t, brokenFile, 0o600)
	src.ProfileFlag = "two"
	_, _, err := Load(src, Overrides{})
	want := path + `:13: verify_ssl is neither true, false`
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "(and 4 more problems: zenv profile check --config "+path+" lists them all)") {
		t.Fatalf("got %v", err)
	}
}

func TestCheckListsEveryProblemWithItsLine(t *testing.T) {
	src, path := realSource(t, brokenFile, 0o600)
	_, n, problems, _, err := Check(src)
	if err != nil || n != 3 {
		t.Fatalf("%d profiles, %v", n, err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	want := []string{
		path + `:7: server url "https//zenml.example.com" has no scheme://`,
		path + `:8: unknown key "projet"; did you mean "project"?`,
		path + `:9: api_key holds the key itself, which zenv never reads from a bare value; store it in the OS keyring with 'zenv key set NAME'`,
		path + `:12: stack "not-a-uuid" is not a UUID`,
		path + `:13: verify_ssl is neither true, false`,
	}
	// In line order, as an editor walks the file.
	order := []int{0, 1, 2, 3, 4}
	if len(got) != len(want) {
		t.Fatalf("got %d problems:\n%s", len(got), strings.Join(got, "\n"))
	}
	for i, j := range order {
		if !strings.HasPrefix(got[i], want[j]) && !strings.Contains(got[i], want[j]) {
			t.Errorf("problem %d: %s\nwant %s", i, got[i], want[j])
		}
	}
	if strings.Contains(strings.Join(got, "\n"), markerKey) {
		t.Errorf("a problem holds the key")
	}
}

func TestAKeyGivenToAPIKeyEnvSaysTheFlagTakesAName(t *testing.T) {
	for _, v := range []string{markerKey, "not a name", "ZENKEY_x"} {
		_, _, err := Load(Source{NoConfig: true, Getenv: func(string) string { return "" }},
			Overrides{URL: "https://x.example.com", Key: map[string]string{"env": v}})
		if err == nil || !strings.Contains(err.Error(), "--api-key-env takes the name of the variable that holds the key") || strings.Contains(err.Error(), v) {
			t.Errorf("%q: %v", v, err)
		}
	}
}

func TestHintsPointWhereToGoNext(t *testing.T) {
	src, path := realSource(t, "profiles:\n  a: {url: https://a.example.com}\n  b: {url: https://b.example.com}\n", 0o600)
	if _, _, err := Load(src, Overrides{}); err == nil || !strings.Contains(err.Error(), "zenv profile use NAME") {
		t.Errorf("several profiles: %v", err)
	}
	src.ConfigFlag = path + ".missing"
	if _, _, err := Load(src, Overrides{}); err == nil || !strings.Contains(err.Error(), "zenv profile add") {
		t.Errorf("no file named: %v", err)
	}
	src.ConfigFlag = ""
	src.UserConfigDir = func() (string, error) { return t.TempDir(), nil }
	if _, _, err := Load(src, Overrides{}); err == nil || !strings.Contains(err.Error(), "no config file at ") || !strings.Contains(err.Error(), "zenv profile add NAME") {
		t.Errorf("no default file: %v", err)
	}
	src, path = realSource(t, "profiles: {}\n", 0o600)
	if _, _, err := Load(src, Overrides{}); err == nil || !strings.Contains(err.Error(), path+" has no profiles; create a profile with zenv profile add NAME") {
		t.Errorf("no profiles: %v", err)
	}
}

func TestADefaultNamingNothingBlocksOnlyWhenItIsNeeded(t *testing.T) {
	src, path := realSource(t, "default: prdo\nprofiles:\n  prod: {url: https://zenml.example.com, api_key: {env: K}}\n", 0o600)
	if _, _, err := Load(src, Overrides{}); err == nil || !strings.Contains(err.Error(), path+`:1: default profile "prdo" is not defined under profiles: did you mean "prod"?`) {
		t.Errorf("without -p: %v", err)
	}
	src.ProfileFlag = "prod"
	_, warnings, err := Load(src, Overrides{})
	if err != nil || len(warnings) != 1 || !strings.Contains(warnings[0], "zenv profile use NAME") {
		t.Errorf("with -p: %v %q", err, warnings)
	}
}

func TestCheckReportsAFileThatIsNotYAMLAsOneProblem(t *testing.T) {
	src, path := realSource(t, "profiles:\n  p: {url: [\n", 0o600)
	_, _, problems, _, err := Check(src)
	if err != nil || len(problems) != 1 || !strings.HasPrefix(problems[0].Error(), path+":") {
		t.Errorf("%v %v", problems, err)
	}
	src, _ = realSource(t, "profiles: {}\n", 0o600)
	src.ConfigFlag += ".missing"
	if _, _, _, _, err := Check(src); err == nil || !strings.Contains(err.Error(), "zenv profile add") {
		t.Errorf("a missing file: %v", err)
	}
}
