package zenml

import (
	"slices"
	"strings"
	"testing"
)

func TestNameClassifiesWhoReadsIt(t *testing.T) {
	tests := []struct {
		name    string
		class   Class
		instead string
	}{
		{"ZENML_STORE_URL", Client, ""},
		{"ZENML_PRO_API_URL", Client, ""}, // login/pro/constants.py reads it (issue 15)
		{"ZENML_PRO_URL", Client, ""},
		{"ZENML_ANALYTICS_OPT_IN", Client, ""},
		{"ZENML_URL", Mistake, StoreURL},
		{"ZENML_API_KEY", Mistake, StoreAPIKey},
		{"ZENML_SERVER_URL", Mistake, StoreURL}, // a server name, but seen meant for the store
		{"ZENML_STORE_APIKEY", Mistake, StoreAPIKey},
		{"ZENML_STORE_VERIFYSSL", Mistake, StoreVerifySSL}, // any unknown store field
		{"ZENML_ACTIVE_WORKSPACE_ID", Mistake, ActiveProject},
		{"ZENML_LOGING_VERBOSITY", Mistake, "ZENML_LOGGING_VERBOSITY"},
		{"ZENML_ANALYTICS_OPTIN", Mistake, "ZENML_ANALYTICS_OPT_IN"},
		{"ZENML_SERVER_JWT_SECRET_KEY", Server, ""},
		{"ZENML_SECRETS_STORE_TYPE", Server, ""},
		{"ZENML_STORE_SSL_CA", Server, ""}, // a SQL store's field
		{"ZENML_SERVER", Internal, ""},
		{"ZENML_DEFAULT_USER_PASSWORD", Internal, ""},
		{"ZENML_PREVENT_PIPELINE_EXECUTION", Internal, ""},
		{"ZENML_FEATURE_X", Unknown, ""},
		{"AWS_PROFILE", NotZenML, ""},
		{"DISABLE_CREDENTIALS_DISK_CACHING", NotZenML, ""},
		{"zenml_store_url", NotZenML, ""}, // names are case-sensitive on Unix
	}
	for _, tt := range tests {
		got := Name(tt.name)
		if got.Class != tt.class || got.Instead != tt.instead {
			t.Errorf("Name(%s) = %v, %q; want %v, %q", tt.name, got.Class, got.Instead, tt.class, tt.instead)
		}
		if p := got.Problem(); (p == nil) != (tt.class == Client || tt.class == NotZenML) {
			t.Errorf("Name(%s).Problem() = %v for class %v", tt.name, p, got.Class)
		}
	}
}

func TestNameProblemsSayWhatToDo(t *testing.T) {
	tests := []struct {
		name string
		code Code
		want string
	}{
		{"ZENML_URL", CodeNameMistaken, "ZenML does not read ZENML_URL; did you mean ZENML_STORE_URL?"},
		{"ZENML_SERVER_JWT_SECRET_KEY", CodeNameServer, "configures a ZenML server, not a client"},
		{"ZENML_SERVER", CodeNameInternal, "is set by ZenML itself"},
		{"ZENML_FEATURE_X", CodeNameUnknown, "no ZenML client reads ZENML_FEATURE_X"},
	}
	for _, tt := range tests {
		p := Name(tt.name).Problem()
		if p == nil || p.Code != tt.code || !strings.Contains(p.Error(), tt.want) {
			t.Errorf("Name(%s).Problem() = %+v, want %s %q", tt.name, p, tt.code, tt.want)
		}
	}
}

func TestNameKnowsFieldsSecretsAndURLs(t *testing.T) {
	if n := Name(StoreURL); n.Field != "url" || !n.URL || n.Secret {
		t.Errorf("Name(ZENML_STORE_URL) = %+v", n)
	}
	for _, s := range []string{StoreAPIKey, "ZENML_STORE_PASSWORD", "ZENML_STORE_API_TOKEN"} {
		if !Name(s).Secret {
			t.Errorf("Name(%s).Secret = false", s)
		}
	}
	if n := Name(ProAPIURL); !n.URL || n.Field != "" {
		t.Errorf("Name(ZENML_PRO_API_URL) = %+v", n)
	}
}

func TestClientVarsAreTheClientsConnectionNames(t *testing.T) {
	for _, name := range ClientVars() {
		if !IsClientVar(name) {
			t.Errorf("ClientVars lists %s, which IsClientVar does not cover", name)
		}
		if c := Name(name).Class; c != Client && name != "ZENML_ACTIVE_WORKSPACE_ID" {
			t.Errorf("ClientVars lists %s, a %v", name, c)
		}
	}
	for name := range fieldNames {
		if !IsClientVar(name) || !slices.Contains(ClientVars(), name) {
			t.Errorf("%s: a profile field sets it, so a stale one must go", name)
		}
	}
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"ZENML_STORE_NOT_YET_KNOWN", true}, // the client reads every ZENML_STORE_ name
		{"ZENML_ACTIVE_WORKSPACE_ID", true},
		{"ZENML_CONFIG_PATH", false},
		{"ZENML_SERVER_URL", false},
		{"zenml_store_url", false},
	} {
		if got := IsClientVar(tt.name); got != tt.want {
			t.Errorf("IsClientVar(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestEveryCodeHasASeverityForEveryCommand(t *testing.T) {
	seen := map[Code]bool{}
	for _, r := range severities {
		if seen[r.code] {
			t.Errorf("%s has two rows; Severity would read only the first", r.code)
		}
		seen[r.code] = true
		for i, cmd := range []string{CmdEnv, CmdLint, CmdDoctor} {
			if got := Severity(r.code, cmd); got != r.levels[i] {
				t.Errorf("Severity(%s, %s) = %v, want %v", r.code, cmd, got, r.levels[i])
			}
		}
	}
	if Severity(CodeURLPlainHTTP, CmdEnv) != Warn || Severity(CodeURLPlainHTTP, CmdDoctor) != Fail {
		t.Errorf("plain http: env must warn and doctor fail (the key would travel in clear)")
	}
	if Severity("no-such-code", CmdEnv) != Fail || Severity(CodeURLAPISuffix, "nope") != Fail {
		t.Errorf("an unplaced code or command must fail, not pass")
	}
}

func TestTheNameTableIsSortedAndEachNameHasOneClass(t *testing.T) {
	seen := map[string]string{}
	for class, list := range map[string][]string{"client": clientNames, "server": serverNames, "internal": internalNames} {
		if !slices.IsSorted(list) {
			t.Errorf("the %s names are not sorted: Name's binary search would miss some", class)
		}
		for _, n := range list {
			if other, ok := seen[n]; ok {
				t.Errorf("%s is both %s and %s", n, other, class)
			}
			seen[n] = class
			if _, ok := mistakes[n]; ok {
				t.Errorf("%s is %s and a mistake", n, class)
			}
			if !strings.HasPrefix(n, "ZENML_") {
				t.Errorf("%s is not a ZENML_ name", n)
			}
		}
	}
}
