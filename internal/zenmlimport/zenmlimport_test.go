package zenmlimport

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func noEnv(string) string { return "" }

const (
	fakeKey     = "ZENKEY_eyJpZCI6ICIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCAia2V5IjogIjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAifQ=="
	corpKey     = "ZENKEY_eyJpZCI6ICIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDIiLCAia2V5IjogIjExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTEifQ=="
	howToGetKey = "create a service account (zenml service-account create NAME) and log in with zenml login URL --api-key"
)

// TestImportReadsWhatZenMLWrites runs on directories a real ZenML 0.98
// client wrote (keys and tokens replaced) and on a hand-made one in the
// same shapes that covers the other kinds of login.
func TestImportReadsWhatZenMLWrites(t *testing.T) {
	for _, tc := range []struct {
		dir     string
		servers []Server
		skipped []Skipped
	}{
		{"real-api-key", []Server{{
			URL: "http://127.0.0.1:18237", Name: "default", VerifySSL: "true",
			Project: "fa20b1cc-1b94-43de-a517-62698f86f1ce", Stack: "02ac9c80-7c1a-4fb5-96bd-2df1314033d3",
			Key: fakeKey,
		}}, nil},
		{"real-password", nil, []Skipped{{"http://127.0.0.1:18237", "logged in with a username and password, which zenv does not store; " + howToGetKey}}},
		{"mixed", []Server{
			{URL: "https://1a2b3c4d-zenml.cloudinfra.zenml.io", Name: "ws-prod", Key: "ZENPROKEY_notarealkey", ProKey: true},
			{URL: "https://zenml.corp.example.com", Name: "corp", Key: corpKey,
				VerifySSL: "/home/me/.config/zenml/local_stores/certificates/ca_bundle.pem",
				Project:   "5b1d7c3e-2f4a-4e6b-9c8d-7a6b5c4d3e2f", Stack: "9a7e3b21-4c5d-4e6f-8071-92a3b4c5d6e7"},
		}, []Skipped{
			{"http://127.0.0.1:8237", "holds only a session token, which expires; " + howToGetKey},
			{"https://cloudapi.zenml.io", "the ZenML Pro management API, not a workspace; import the workspace url instead"},
			{"https://staging.example.com", "logged in with a username and password, which zenv does not store; " + howToGetKey},
		}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			res, err := Read(filepath.Join("testdata", tc.dir), noEnv)
			if err != nil {
				t.Fatal(err)
			}
			// DeepEqual compares the keys too; only their printing hides them.
			if !reflect.DeepEqual(res.Servers, tc.servers) {
				t.Errorf("servers:\n got %+v\nwant %+v", res.Servers, tc.servers)
			}
			if !reflect.DeepEqual(res.Skipped, tc.skipped) {
				t.Errorf("skipped:\n got %q\nwant %q", res.Skipped, tc.skipped)
			}
		})
	}
}

func TestAKeyNeverFormats(t *testing.T) {
	res, err := Read(filepath.Join("testdata", "mixed"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		if out := fmt.Sprintf(verb, res); strings.Contains(out, "ZENKEY_") || strings.Contains(out, "ZENPROKEY_") {
			t.Errorf("%s shows a key: %s", verb, out)
		}
	}
}

func TestAnotherProAPIURLIsHonoured(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "credentials.yaml"), []byte(`https://pro.internal:
  api_key: ZENPROKEY_x
  url: https://pro.internal
https://ws.internal:
  deployment_type: cloud
  url: https://ws.internal
`), 0o600)
	res, err := Read(dir, func(k string) string {
		if k == "ZENML_PRO_API_URL" {
			return "https://pro.internal"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Servers) != 1 || res.Servers[0].URL != "https://ws.internal" || !res.Servers[0].ProKey ||
		len(res.Skipped) != 1 || res.Skipped[0].URL != "https://pro.internal" {
		t.Errorf("got %+v", res)
	}
}

func TestASQLStoreAttachesNoProject(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("active_project_id: 5b1d7c3e-2f4a-4e6b-9c8d-7a6b5c4d3e2f\nstore: {type: sql, url: 'sqlite:////x/zenml.db'}\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "credentials.yaml"), []byte("https://a.example.com:\n  api_key: "+fakeKey+"\n  url: https://a.example.com\n"), 0o600)
	res, err := Read(dir, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if res.ActiveURL != "" || len(res.Servers) != 1 || res.Servers[0].Project != "" || res.Servers[0].VerifySSL != "" {
		t.Errorf("got %+v", res)
	}
}

func TestTheActiveServerWithoutCredentialsIsListed(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("store: {type: rest, url: 'https://a.example.com', verify_ssl: false}\n"), 0o600)
	res, err := Read(dir, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Servers) != 0 || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Reason, "DISABLE_CREDENTIALS_DISK_CACHING") {
		t.Errorf("got %+v", res)
	}
	// A client before 0.60 kept the key in config.yaml.
	os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("store: {type: rest, url: 'https://a.example.com', verify_ssl: false, api_key: "+fakeKey+"}\n"), 0o600)
	res, _ = Read(dir, noEnv)
	if len(res.Servers) != 1 || res.Servers[0].VerifySSL != "false" || res.Servers[0].Key.Reveal() != fakeKey {
		t.Errorf("got %+v", res)
	}
}

func TestBadFilesFailWithoutQuotingThem(t *testing.T) {
	for name, body := range map[string]string{
		"not yaml":     "https://a.example.com:\n  api_key: [" + fakeKey + "\n",
		"wrong shape":  "https://a.example.com:\n  api_key: {" + fakeKey + ": 1}\n",
		"a list":       "- " + fakeKey + "\n",
		"too large":    "# " + strings.Repeat("x", MaxFileSize) + "\n",
		"not a mapped": "https://a.example.com: " + fakeKey + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "credentials.yaml"), []byte(body), 0o600)
			_, err := Read(dir, noEnv)
			if err == nil || strings.Contains(err.Error(), "ZENKEY_") || strings.Contains(err.Error(), "\n") {
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestAMissingDirectorySaysHowToLogIn(t *testing.T) {
	_, err := Read(filepath.Join(t.TempDir(), "nope"), noEnv)
	if err == nil || !strings.Contains(err.Error(), "zenml login URL --api-key") {
		t.Errorf("err = %v", err)
	}
}

func TestDirFollowsZenML(t *testing.T) {
	ucd := func() (string, error) { return "/home/me/.config", nil }
	if d, _ := Dir(func(k string) string {
		if k == "ZENML_CONFIG_PATH" {
			return "/srv/zenml-config"
		}
		return ""
	}, ucd); d != filepath.Clean("/srv/zenml-config") {
		t.Errorf("with $ZENML_CONFIG_PATH: %s", d)
	}
	if d, _ := Dir(noEnv, ucd); d != filepath.Join("/home/me/.config", "zenml") {
		t.Errorf("default: %s", d)
	}
	if _, err := Dir(noEnv, func() (string, error) { return "", errors.New("$HOME is not defined") }); err == nil || !strings.Contains(err.Error(), "--zenml-config") {
		t.Errorf("no home: %v", err)
	}
}
