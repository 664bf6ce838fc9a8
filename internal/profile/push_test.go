package profile

import (
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/keysource"
)

func loadPush(t *testing.T, push string) (*Profile, []string, error) {
	t.Helper()
	config := "profiles:\n  p:\n    url: https://z.example.com\n    api_key: {env: K}\n    push:\n" + push
	return Load(source(config, nil, 0o600), Overrides{})
}

func TestPushDestinationsLoadWithTheirDefaults(t *testing.T) {
	p, warnings, err := loadPush(t, `      - github: acme/train
        token: {env: GITHUB_TOKEN}
      - gitlab: group/sub/train
        token: {cmd: "pass gitlab"}
        protected: true
        masked_and_hidden: true
      - prefect: http://127.0.0.1:4200/api/
      - prefect: https://api.prefect.cloud/api/accounts/a/workspaces/w
        token: {keyring: prefect-cloud}
      - gitlab: "42"
        token: {file: gitlab.token}
        api: http://gitlab.internal/api/v4
        allow_http: true
        environment_scope: production
      - keyring: prod-backup
`)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Push) != 6 {
		t.Fatalf("got %d destinations", len(p.Push))
	}
	gh, gl, pf, gl2 := p.Push[0], p.Push[1], p.Push[2], p.Push[4]
	if gh.APIBase() != GitHubAPI || gh.Token.(keysource.Env).Name != "GITHUB_TOKEN" || gh.Origin != "/cfg/zenv/config.yaml:6" {
		t.Errorf("github: %+v", gh)
	}
	if gl.APIBase() != GitLabAPI || gl.EnvironmentScope != "*" || !gl.Protected || !gl.MaskedAndHidden {
		t.Errorf("gitlab: %+v", gl)
	}
	if pf.APIBase() != "http://127.0.0.1:4200/api" || pf.Token != nil {
		t.Errorf("prefect: %+v", pf)
	}
	if f, ok := gl2.Token.(keysource.File); !ok || f.Path != "/cfg/zenv/gitlab.token" || gl2.EnvironmentScope != "production" {
		t.Errorf("a relative token file is relative to the config file: %+v", gl2.Token)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "config.yaml:15: push gitlab 42 uses http:// (allow_http: true)") {
		t.Errorf("warnings: %q", warnings)
	}
}

func TestABadPushDestinationFailsToLoadWithFileAndLine(t *testing.T) {
	for _, tc := range []struct{ push, want string }{
		{"      - github: acme\n        token: {env: T}\n", "config.yaml:6: push.github \"acme\" is not a repository; give OWNER/REPO"},
		{"      - github: acme/train\n", "config.yaml:6: push.github acme/train needs token:"},
		{"      - github: ../..\n        token: {env: T}\n", "config.yaml:6: push.github \"../..\" is not a repository"},
		{"      - github: acme/..\n        token: {env: T}\n", "config.yaml:6: push.github \"acme/..\" is not a repository"},
		{"      - gitlab: group/../x\n        token: {env: T}\n", "config.yaml:6: push.gitlab \"group/../x\" is not a project"},
		{"      - gitlab: acme/train\n        token: {env: T}\n        api: http://gitlab.example.com/api/v4\n", "config.yaml:8: push.gitlab.api: \"http://gitlab.example.com/api/v4\" uses http:// to a host that is not loopback"},
		{"      - prefect: ftp://x/api\n", "config.yaml:6: push.prefect: \"ftp://x/api\" must start with https://"},
		{"      - prefect: https://p.example.com/api\n        token: {env: A}\n        auth_string: {env: B}\n", "takes token: (Prefect Cloud) or auth_string: (basic auth), not both"},
		{"      - keyring: prod\n        token: {env: T}\n", "config.yaml:7: unknown key \"token\""},
		{"      - github: a/b\n        gitlab: a/b\n", "config.yaml:7: a push destination names one kind; this one names github and gitlab"},
		{"      - gitlab: a/b\n        token: {env: T}\n        protected: maybe\n", "config.yaml:8: push.gitlab.protected must be true or false"},
		{"      - github: a/b\n        token: {env: 1T}\n", "config.yaml:7: push.github.token: variable name \"1T\" is invalid"},
		{"      - keyring: prod\n      - keyring: prod\n", "config.yaml:7: keyring prod is listed twice (first at /cfg/zenv/config.yaml:6)"},
		{"      github: a/b\n", "config.yaml:6: push must be a list of destinations"},
		{"      - dropbox: x\n", "config.yaml:6: a push destination must name its kind"},
	} {
		_, _, err := loadPush(t, tc.push)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %s", tc.push, err, tc.want)
		}
	}
}

func TestTheSameRepositoryOnTwoHostsIsNotADuplicate(t *testing.T) {
	for _, kind := range []string{"github", "gitlab"} {
		api := map[string]string{"github": "https://ghe.corp.example/api/v3", "gitlab": "https://gitlab.corp.example/api/v4"}[kind]
		two := "      - " + kind + ": acme/x\n        token: {env: T}\n" +
			"      - " + kind + ": acme/x\n        token: {env: U}\n        api: " + api + "\n"
		p, _, err := loadPush(t, two)
		if err != nil || len(p.Push) != 2 {
			t.Errorf("%s on two hosts: %v", kind, err)
		}
		// The same host twice, once spelled out, is a duplicate.
		def := map[string]string{"github": GitHubAPI, "gitlab": GitLabAPI}[kind]
		_, _, err = loadPush(t, "      - "+kind+": acme/x\n        token: {env: T}\n      - "+kind+": acme/x\n        token: {env: U}\n        api: "+def+"/\n")
		if err == nil || !strings.Contains(err.Error(), "is listed twice") {
			t.Errorf("%s on one host twice: %v", kind, err)
		}
	}
}

func TestALiteralTokenInAFileOthersCanReadIsWarnedAbout(t *testing.T) {
	config := "profiles:\n  p:\n    url: https://z.example.com\n    push:\n      - github: a/b\n        token: {value: ghp_secret-token}\n"
	_, warnings, err := Load(source(config, nil, 0o644), Overrides{})
	if err != nil || len(warnings) != 1 || !strings.Contains(warnings[0], "config.yaml:6: a push token is written in plain text") || strings.Contains(warnings[0], "ghp_") {
		t.Errorf("%v %q", err, warnings)
	}
}

// TestCheckListsEveryPushProblemWithItsLine: zenv profile check lists
// every bad destination of push:, each at its line, not only the first.
func TestCheckListsEveryPushProblemWithItsLine(t *testing.T) {
	config := "profiles:\n  p:\n    url: https://z.example.com\n    push:\n" +
		"      - github: acme\n        token: {env: T}\n" + // 5
		"      - gitlab: a/b\n        token: {env: 1T}\n        protected: maybe\n" + // 7
		"      - keyring: prod\n      - keyring: prod\n" + // 10
		"      - dropbox: x\n" // 12
	src, path := realSource(t, config, 0o600)
	_, n, problems, _, err := Check(src)
	if err != nil || n != 1 {
		t.Fatalf("%d profiles, %v", n, err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	want := []string{
		path + `:5: push.github "acme" is not a repository`,
		path + `:8: push.gitlab.token: variable name "1T" is invalid`,
		path + `:9: push.gitlab.protected must be true or false`,
		path + `:11: keyring prod is listed twice (first at ` + path + `:10)`,
		path + `:12: a push destination must name its kind`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d: %s\nwant %s", i, got[i], want[i])
		}
	}
}
