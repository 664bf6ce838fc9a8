package zenml

import "testing"

func TestIsClientVarCoversEveryFieldAndClientVars(t *testing.T) {
	for _, name := range ClientVars() {
		if !IsClientVar(name) {
			t.Errorf("ClientVars lists %s, which IsClientVar does not cover", name)
		}
	}
	for name := range fieldNames {
		if !IsClientVar(name) {
			t.Errorf("IsClientVar(%s) = false; a profile field sets it, so a stale one must go", name)
		}
	}
}

func TestIsClientVarFollowsTheClientsPrefixes(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"ZENML_STORE_API_TOKEN", true},     // a short-lived token would win over the key
		{"ZENML_STORE_NOT_YET_KNOWN", true}, // the client reads every ZENML_STORE_ name
		{"ZENML_ACTIVE_WORKSPACE_ID", true}, // read by clients before 0.80
		{"ZENML_CONFIG_PATH", false},
		{"ZENML_LOGGING_VERBOSITY", false},
		{"ZENML_SERVER_URL", false},
		{"zenml_store_url", false}, // Unix names are case-sensitive; callers fold on Windows
		{"PATH", false},
	}
	for _, tt := range tests {
		if got := IsClientVar(tt.name); got != tt.want {
			t.Errorf("IsClientVar(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
