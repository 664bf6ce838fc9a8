package doctor

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

var sample = []Result{
	{ID: "names", Status: Pass, Title: "names", Detail: "every ZENML_ variable is one the client reads"},
	{ID: "url", Status: Warn, Title: "server url", Detail: "http://zenml.example.com is plain http to another host", Fix: "use https://"},
	{ID: "name", Status: Fail, Title: "ZENML_URL", Detail: "ZenML does not read ZENML_URL", Fix: "rename it ZENML_STORE_URL"},
	{ID: "server", Status: Skip, Title: "server", Detail: "not contacted (--offline)"},
}

func TestTextIsOneLinePerCheckWithItsGlyph(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "text", sample, false); err != nil {
		t.Fatal(err)
	}
	want := `✓ names: every ZENML_ variable is one the client reads
! server url: http://zenml.example.com is plain http to another host → use https://
✗ ZENML_URL: ZenML does not read ZENML_URL → rename it ZENML_STORE_URL
- server: not contacted (--offline)
1 failed, 1 warning(s), 1 passed, 1 skipped
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestColourOnlyWhenAskedFor(t *testing.T) {
	var plain, colour bytes.Buffer
	WriteText(&plain, sample, false)
	WriteText(&colour, sample, true)
	if strings.Contains(plain.String(), "\x1b") {
		t.Errorf("escape codes without colour")
	}
	if !strings.Contains(colour.String(), "\x1b[31m✗\x1b[0m ZENML_URL") {
		t.Errorf("no red cross with colour:\n%q", colour.String())
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tt := range []struct {
		terminal bool
		env      map[string]string
		want     bool
	}{
		{true, nil, true},
		{false, nil, false},
		{true, map[string]string{"NO_COLOR": "1"}, false},
		{true, map[string]string{"NO_COLOR": ""}, true}, // no-color.org: set and not empty
		{true, map[string]string{"TERM": "dumb"}, false},
	} {
		if got := ColorWanted(tt.terminal, env(tt.env)); got != tt.want {
			t.Errorf("ColorWanted(%v, %v) = %v", tt.terminal, tt.env, got)
		}
	}
}

func TestProfilesGroupTheirLines(t *testing.T) {
	var b bytes.Buffer
	WriteText(&b, []Result{
		{Profile: "dev", ID: "names", Status: Pass, Title: "names", Detail: "ok"},
		{Profile: "prod", ID: "names", Status: Pass, Title: "names", Detail: "ok"},
		{ID: "shared-key", Status: Warn, Title: "shared key", Detail: "profiles dev and prod carry the same key"},
	}, false)
	want := "profile dev\n  ✓ names: ok\nprofile prod\n  ✓ names: ok\nacross profiles\n! shared key: profiles dev and prod carry the same key\n"
	if !strings.HasPrefix(b.String(), want) {
		t.Errorf("got:\n%s", b.String())
	}
}

func TestJSONCarriesEveryFieldAndTheOverallStatus(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "json", sample, false); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Status string
		Checks []Result
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Status != "fail" || len(got.Checks) != len(sample) || got.Checks[2] != sample[2] {
		t.Errorf("got %+v", got)
	}
	b.Reset()
	WriteJSON(&b, nil)
	if !strings.Contains(b.String(), `"checks": []`) || !strings.Contains(b.String(), `"status": "pass"`) {
		t.Errorf("empty: %s", b.String())
	}
}

// annotation is a workflow command line as the runner parses it: no
// unescaped ':' or ',' in a property, no CR or LF anywhere.
var annotation = regexp.MustCompile(`^::(error|warning) title=[^:,\r\n]*::[^\r\n]*$`)

func TestGitHubAnnotationsAreEscapedAsTheRunnerReadsThem(t *testing.T) {
	results := append(sample, Result{ID: "x", Status: Fail, Title: "a: title, with 100%",
		Detail: "line one\nline two\r 50%", Fix: "do: this, then that"})
	var b bytes.Buffer
	if err := Write(&b, "github", results, true); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	var annotations int
	for _, l := range lines {
		if strings.HasPrefix(l, "::") {
			annotations++
			if !annotation.MatchString(l) {
				t.Errorf("not a valid annotation: %q", l)
			}
		} else if strings.Contains(l, "\x1b") {
			t.Errorf("colour in a CI log: %q", l)
		}
	}
	if annotations != 3 {
		t.Errorf("%d annotations, want 3 (two failures, one warning):\n%s", annotations, b.String())
	}
	want := "::error title=zenv doctor%3A a%3A title%2C with 100%25::line one%0Aline two%0D 50%25 → do: this, then that"
	if !strings.Contains(b.String(), want+"\n") {
		t.Errorf("escaping: want %q in\n%s", want, b.String())
	}
	if !strings.Contains(b.String(), "::warning title=zenv doctor%3A server url::http://zenml.example.com is plain http") {
		t.Errorf("no warning annotation:\n%s", b.String())
	}
}

func TestAnUnknownFormatIsRefused(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "sarif", sample, false); err == nil || !strings.Contains(err.Error(), "use one of text, json, github") {
		t.Errorf("err = %v", err)
	}
}
