package zenml

import (
	"strings"
	"testing"
)

func TestCheckNameSuggestsTheNameZenMLReads(t *testing.T) {
	tests := []struct{ name, want string }{
		{"ZENML_URL", "did you mean ZENML_STORE_URL?"},
		{"ZENML_API_KEY", "did you mean ZENML_STORE_API_KEY?"},
		{"ZENML_SERVER_URL", "did you mean ZENML_STORE_URL?"},
		{"ZENML_STORE_APIKEY", "did you mean ZENML_STORE_API_KEY?"},
		{"ZENML_ACTIVE_WORKSPACE_ID", "did you mean ZENML_ACTIVE_PROJECT_ID?"},
		{"ZENML_LOGING_VERBOSITY", "did you mean ZENML_LOGGING_VERBOSITY?"},
		{"ZENML_ANALYTICS_OPTIN", "did you mean ZENML_ANALYTICS_OPT_IN?"},
		{"ZENML_SERVER_JWT_SECRET_KEY", "configures a ZenML server, not a client"},
	}
	for _, tt := range tests {
		err := CheckName(tt.name)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckName(%s) = %v, want %q", tt.name, err, tt.want)
		}
	}
	for _, ok := range []string{"ZENML_ANALYTICS_OPT_IN", "ZENML_STORE_HTTP_TIMEOUT", "AWS_PROFILE", "DISABLE_CREDENTIALS_DISK_CACHING"} {
		if err := CheckName(ok); err != nil {
			t.Errorf("CheckName(%s) = %v, want nil", ok, err)
		}
	}
}

func TestCheckValueFollowsTheClientsParsing(t *testing.T) {
	tests := []struct {
		name, value string
		want        string // "" for valid
	}{
		{"ZENML_LOGGING_VERBOSITY", "WARNING", "use WARN, which every ZenML version reads"},
		{"ZENML_LOGGING_VERBOSITY", "debug", ""}, // upper-cased by the client
		{"ZENML_LOGGING_VERBOSITY", "LOUD", "not a ZenML level"},
		{"ZENML_DEBUG", "TRUE", "is ignored by ZenML"}, // case-sensitive
		{"ZENML_DEBUG", "True", ""},
		{"ZENML_ANALYTICS_OPT_IN", "FALSE", ""},
		{"ZENML_ANALYTICS_OPT_IN", "nope", "not a boolean"},
		{"ZENML_STORE_HTTP_TIMEOUT", "30s", "not a whole number"},
		{"ZENML_STORE_TYPE", "REST", "not a store type"},
		{"SOMETHING_ELSE", "anything", ""},
	}
	for _, tt := range tests {
		err := CheckValue(tt.name, tt.value)
		if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckValue(%s, %q) = %v, want %q", tt.name, tt.value, err, tt.want)
		}
	}
}
