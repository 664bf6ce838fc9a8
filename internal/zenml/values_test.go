package zenml

import (
	"encoding/base64"
	"slices"
	"strings"
	"testing"
)

func codes(ps []Problem) []Code {
	var out []Code
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}

func TestParseStoreURLReportsEveryProblem(t *testing.T) {
	tests := []struct {
		raw  string
		want []Code
		hint string
	}{
		{"https://zenml.example.com", nil, ""},
		{"https://zenml.example.com/", nil, ""},
		{"http://127.0.0.1:8237", nil, ""},
		{"http://localhost:8237", nil, ""},
		{"https://h.example.com/zenml", nil, ""}, // behind a reverse proxy's path
		{"https://[::1]:8080", nil, ""},
		{"", []Code{CodeURLEmpty}, ""},
		{"zenml.example.com", []Code{CodeURLNoScheme}, "did you mean https://zenml.example.com?"},
		{"http:zenml.example.com", []Code{CodeURLNoScheme}, "did you mean http://zenml.example.com?"},
		{"localhost:8237", []Code{CodeURLNoScheme}, "did you mean https://localhost:8237?"},
		{"your_zenml_server_url", []Code{CodeURLNoScheme}, "e.g. https://zenml.example.com"}, // a placeholder, not a host
		{" https://h", []Code{CodeURLSpace}, ""},
		{`"https://h"`, []Code{CodeURLSpace}, ""},
		{`'https://h'`, []Code{CodeURLSpace}, ""},
		{"https://h.example.com/a'b", nil, ""}, // ' is legal inside a URL
		{"https://zenml.example.com/a&b|c<d>e^f(g)", nil, ""},
		{"sqlite:////tmp/zenml.db", []Code{CodeURLSQL}, ""},
		{"HTTPS://h.example.com", []Code{CodeURLScheme}, "https://"},
		{"ftp://h.example.com", []Code{CodeURLScheme}, ""},
		{"https://", []Code{CodeURLNoHost}, ""},
		{"https://me:pw@h.example.com", []Code{CodeURLUser}, ""},
		{"https://h.example.com?x=1", []Code{CodeURLQuery}, ""},
		{"https://h.example.com#top", []Code{CodeURLQuery}, ""},
		{"https://h.example.com:99999", []Code{CodeURLPort}, ""},
		{"https://h.example.com:0", []Code{CodeURLPort}, ""},
		{"https://zenml.example.com/api/v1", []Code{CodeURLAPISuffix}, "give https://zenml.example.com"},
		{"https://h/API/V1", []Code{CodeURLAPISuffix}, "give https://h"},
		{"https://h.example.com/zenml/api/v1/", []Code{CodeURLAPISuffix}, "give https://h.example.com/zenml"},
		{"HTTP://h.example.com/API/V1", []Code{CodeURLScheme, CodeURLAPISuffix, CodeURLPlainHTTP}, ""},
		{"https://zenml.example.com/workspaces/default", []Code{CodeURLDashboard}, "give https://zenml.example.com,"},
		{"https://zenml.example.com/projects/default/pipelines", []Code{CodeURLDashboard}, "give https://zenml.example.com,"},
		{"https://h.example.com/zenml/projects/p", []Code{CodeURLDashboard}, "give https://h.example.com/zenml,"},
		{"https://cloud.zenml.io/", []Code{CodeURLDashboard}, ""},
		{"https://cloud.zenml.io/organizations/x/workspaces/y", []Code{CodeURLDashboard}, ""},
		{"http://zenml.example.com", []Code{CodeURLPlainHTTP}, "use https://"},
		{"http://zenml.example.com/api/v1", []Code{CodeURLAPISuffix, CodeURLPlainHTTP}, ""},
		{"ZENKEY_abcdefabcdef", []Code{CodeURLKey}, ""},
	}
	for _, tt := range tests {
		u, ps := ParseStoreURL(tt.raw)
		if !slices.Equal(codes(ps), tt.want) {
			t.Errorf("ParseStoreURL(%q) = %v, want %v", tt.raw, codes(ps), tt.want)
			continue
		}
		if tt.hint != "" && !strings.Contains(ps[0].Hint, tt.hint) {
			t.Errorf("ParseStoreURL(%q) hint = %q, want %q", tt.raw, ps[0].Hint, tt.hint)
		}
		if len(tt.want) == 0 && u == nil {
			t.Errorf("ParseStoreURL(%q) = nil", tt.raw)
		}
		for _, p := range ps {
			if strings.Contains(p.Message+p.Hint, "ZENKEY_abc") {
				t.Errorf("ParseStoreURL quoted the key: %+v", p)
			}
		}
	}
}

func TestProURLsAreCheckedAsURLs(t *testing.T) {
	if _, ps := ParseURL(ProURL, "https://cloud.zenml.io"); len(ps) != 0 {
		t.Errorf("ZENML_PRO_URL is the dashboard, cloud.zenml.io is right there: %v", codes(ps))
	}
	if ps := CheckValue(ProAPIURL, "x"); !slices.Equal(codes(ps), []Code{CodeURLNoScheme}) {
		t.Errorf("CheckValue(ZENML_PRO_API_URL, x) = %v", codes(ps))
	}
	if ps := CheckValue(ProAPIURL, "https://cloudapi.zenml.io"); len(ps) != 0 {
		t.Errorf("CheckValue(ZENML_PRO_API_URL, the default) = %v", codes(ps))
	}
}

func TestCheckValueFollowsTheClientsParsing(t *testing.T) {
	tests := []struct {
		name, value string
		want        Code // "" for valid
		hint        string
	}{
		{"ZENML_LOGGING_VERBOSITY", "WARNING", CodeLoggingLevel, "use WARN"},
		{"ZENML_LOGGING_VERBOSITY", "debug", "", ""}, // upper-cased by the client
		{"ZENML_LOGGING_VERBOSITY", "LOUD", CodeLoggingLevel, "NOTSET"},
		{"ZENML_DEBUG", "TRUE", CodeDebugValue, ""}, // case-sensitive
		{"ZENML_DEBUG", "True", "", ""},
		{"ZENML_ANALYTICS_OPT_IN", "FALSE", "", ""},
		{"ZENML_ANALYTICS_OPT_IN", "nope", CodeBool, ""},
		{"ZENML_STORE_HTTP_TIMEOUT", "30s", CodeTimeout, ""},
		{"ZENML_STORE_TYPE", "REST", CodeStoreType, ""},
		{"ZENML_STORE_VERIFY_SSL", "ture", CodeVerifySSL, "did you mean true?"},
		{"ZENML_STORE_VERIFY_SSL", "/etc/ca.pem", "", ""},
		{"ZENML_ACTIVE_PROJECT_ID", "default", CodeNotUUID, "zenml project describe"},
		{"ZENML_ACTIVE_STACK_ID", "3a2e9d42-1b6c-4e0a-9c56-2f8d7e4b1a00", "", ""},
		{"ZENML_STORE_URL", "https://h/API/V1", CodeURLAPISuffix, ""},
		{"SOMETHING_ELSE", "anything", "", ""},
	}
	for _, tt := range tests {
		ps := CheckValue(tt.name, tt.value)
		if tt.want == "" && len(ps) != 0 || tt.want != "" && (len(ps) == 0 || ps[0].Code != tt.want || !strings.Contains(ps[0].Hint, tt.hint)) {
			t.Errorf("CheckValue(%s, %q) = %+v, want %s %q", tt.name, tt.value, ps, tt.want, tt.hint)
		}
		if (tt.want != "") && !ChecksValue(tt.name) {
			t.Errorf("ChecksValue(%s) = false, but CheckValue judged it", tt.name)
		}
	}
}

func TestParseBoolAcceptsPydanticSpellingsOnly(t *testing.T) {
	for _, v := range []string{"1", "on", "T", "True", "YES", "y"} {
		if b, ok := ParseBool(v); !b || !ok {
			t.Errorf("ParseBool(%q) = %v, %v; want true", v, b, ok)
		}
	}
	for _, v := range []string{"0", "off", "F", "False", "NO", "n"} {
		if b, ok := ParseBool(v); b || !ok {
			t.Errorf("ParseBool(%q) = %v, %v; want false", v, b, ok)
		}
	}
	for _, v := range []string{"", "ture", "2", "/etc/ca.pem"} {
		if _, ok := ParseBool(v); ok {
			t.Errorf("ParseBool(%q) accepted a non-boolean", v)
		}
	}
}

func TestParseVerifySSLSpellsBooleansOneWay(t *testing.T) {
	for _, tt := range []struct {
		in, value string
		code      Code
	}{
		{"YES", "true", ""},
		{"off", "false", CodeVerifySSLOff},
		{"~/ca.pem", "~/ca.pem", ""},
		{"ture", "", CodeVerifySSL},
		{"", "", CodeVerifySSL},
		{"-----BEGIN CERTIFICATE-----\nnope", "", CodeVerifySSL},
	} {
		v, ps := ParseVerifySSL(tt.in)
		if v.Value != tt.value || tt.code == "" && len(ps) != 0 || tt.code != "" && (len(ps) != 1 || ps[0].Code != tt.code) {
			t.Errorf("ParseVerifySSL(%q) = %+v, %v; want %q, %s", tt.in, v, codes(ps), tt.value, tt.code)
		}
	}
}

const testID = "3a2e9d42-1b6c-4e0a-9c56-2f8d7e4b1a00"
const testSecret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestParseKeyShowsTheIDAndNamesEveryProblem(t *testing.T) {
	good := KeyPrefix + b64(`{"id": "`+strings.ToUpper(testID)+`", "key": "`+testSecret+`"}`)
	k, ps := ParseKey(good)
	if len(ps) != 0 || k.ID != testID || k.Secret != testSecret || k.Clean != good {
		t.Fatalf("ParseKey(good) = %+v, %v", k, codes(ps))
	}
	if k, ps := ParseKey("ZENPROKEY_abc"); !k.Pro || len(ps) != 0 {
		t.Errorf("ParseKey(pro) = %+v, %v", k, codes(ps))
	}
	for _, tt := range []struct {
		key  string
		want []Code
	}{
		{"sk-123", []Code{CodeKeyPrefix}},
		{KeyPrefix + "not base64!", []Code{CodeKeyBase64}},
		{KeyPrefix + b64(`{"id": "`+testID+`"}`), []Code{CodeKeyPayload}},
		{KeyPrefix + b64(`{"id": "prod", "key": "`+testSecret+`"}`), []Code{CodeKeyID}},
		{KeyPrefix + b64(`{"id": "`+testID+`", "key": "00"}`), []Code{CodeKeySecret}},
		{"eyJhbGciOi.eyJzdWIiOi.c2ln", []Code{CodeKeyToken}},
		{good + "\n", []Code{CodeKeyTrailing}},
		{`"` + good + `"`, []Code{CodeKeyWhitespace}},
		{" " + good, []Code{CodeKeyWhitespace}},
	} {
		_, ps := ParseKey(tt.key)
		if !slices.Equal(codes(ps), tt.want) {
			t.Errorf("ParseKey(%q) = %v, want %v", tt.key, codes(ps), tt.want)
		}
		for _, p := range ps {
			if strings.Contains(p.Message+p.Hint, testSecret) || len(tt.key) > 20 && strings.Contains(p.Message+p.Hint, tt.key[7:20]) {
				t.Errorf("ParseKey quoted the key: %+v", p)
			}
		}
	}
}

func TestOneItemNameRuleForProfilesAndKeys(t *testing.T) {
	for _, ok := range []string{"prod", "_ci", "a.b-c_d", "-dash", ".dot", strings.Repeat("x", 255)} {
		if p := CheckItemName("profile", ok); p != nil {
			t.Errorf("CheckItemName(%q) = %v", ok, p)
		}
	}
	for _, bad := range []string{"", "a b", "a:b", "a/b", "é", strings.Repeat("x", 256), KeyPrefix + "eyJpZCI6IC"} {
		if p := CheckItemName("profile", bad); p == nil || p.Code != CodeItemName {
			t.Errorf("CheckItemName(%q) = %v, want a refusal", bad, p)
		}
	}
}

func TestTrimURLKeepsWhatTheUserWrote(t *testing.T) {
	for raw, want := range map[string]string{
		"https://h.example.com/":                    "https://h.example.com",
		"https://zenml.example.com/a&b|c<d>e^f(g)/": "https://zenml.example.com/a&b|c<d>e^f(g)",
	} {
		if got := TrimURL(raw); got != want {
			t.Errorf("TrimURL(%q) = %q, want %q", raw, got, want)
		}
	}
}
