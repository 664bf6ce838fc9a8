package zenml

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestIgnoredNamesTheVariableToSetInstead(t *testing.T) {
	tests := []struct {
		name, instead string
		ignored       bool
	}{
		{"ZENML_URL", StoreURL, true},
		{"ZENML_API_KEY", StoreAPIKey, true},
		{"ZENML_SERVER_URL", StoreURL, true},
		{"ZENML_STORE_APIKEY", StoreAPIKey, true},
		{"ZENML_STORE_VERIFYSSL", StoreVerifySSL, true},
		{"ZENML_ACTIVE_WORKSPACE_ID", ActiveProject, true},
		{"ZENML_SERVER_JWT_SECRET_KEY", "", true},
		{"ZENML_STORE_URL", "", false},
		{"ZENML_PRO_API_URL", "", false},
		{"HOME", "", false},
	}
	for _, tt := range tests {
		instead, ignored := Ignored(tt.name)
		if instead != tt.instead || ignored != tt.ignored {
			t.Errorf("Ignored(%s) = %q, %v; want %q, %v", tt.name, instead, ignored, tt.instead, tt.ignored)
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
	if got := NearestBool("ture"); got != "true" {
		t.Errorf("NearestBool(ture) = %q", got)
	}
}

func TestDecodeKeyShowsTheIDAndNamesTheProblem(t *testing.T) {
	const id = "3a2e9d42-1b6c-4e0a-9c56-2f8d7e4b1a00"
	secret := "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	good := KeyPrefix + b64(`{"id": "`+id+`", "key": "`+secret+`"}`)
	k, err := DecodeKey(good)
	if err != nil || k.ID != id || k.Secret != secret || !IsSecretShape(k.Secret) {
		t.Fatalf("DecodeKey(good) = %+v, %v", k, err)
	}
	for _, tt := range []struct{ key, problem string }{
		{"ZENPROKEY_abc", "does not start with ZENKEY_"},
		{KeyPrefix + "not base64!", "followed by base64"},
		{KeyPrefix + b64(`{"id": "`+id+`"}`), "does not hold the id and key"},
		{KeyPrefix + b64(`{"id": "prod", "key": "`+secret+`"}`), "not a UUID"},
	} {
		if _, err := DecodeKey(tt.key); err == nil || !strings.Contains(err.Error(), tt.problem) {
			t.Errorf("DecodeKey(%q) = %v, want %q", tt.key, err, tt.problem)
		}
	}
	if IsSecretShape("00") || IsSecretShape(secret[:63]+"G") {
		t.Errorf("IsSecretShape accepted a short or non-hex secret")
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
