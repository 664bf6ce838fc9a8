// Package zenml holds what zenv knows about the ZenML client: the environment
// variables it reads, the names people use instead, and the values it
// accepts. Sources: REFERENCE.md section 2 (zenml/config/global_config.py,
// zenml/constants.py), checked against the installed client in the e2e suite.
package zenml

import (
	"fmt"
	"strings"

	"github.com/zenv-dev/zenv/internal/fuzzy"
)

// The variables zenv sets from profile fields.
const (
	StoreURL       = "ZENML_STORE_URL"
	StoreAPIKey    = "ZENML_STORE_API_KEY"
	StoreVerifySSL = "ZENML_STORE_VERIFY_SSL"
	ActiveProject  = "ZENML_ACTIVE_PROJECT_ID"
	ActiveStack    = "ZENML_ACTIVE_STACK_ID"
)

// fieldNames maps the variables set from a profile field to that field, so a
// user who puts one under env: is sent to the field instead.
var fieldNames = map[string]string{
	StoreURL:       "url",
	StoreAPIKey:    "api_key",
	StoreVerifySSL: "verify_ssl",
	ActiveProject:  "project",
	ActiveStack:    "stack",
}

// Known lists the ZENML_ variables the client reads. A ZENML_ name outside
// this list is almost always a typo, and ZenML ignores it without a word.
var Known = []string{
	StoreURL, StoreAPIKey, StoreVerifySSL, ActiveProject, ActiveStack,
	"ZENML_STORE_TYPE",
	"ZENML_STORE_HTTP_TIMEOUT",
	"ZENML_STORE_API_TOKEN",
	"ZENML_STORE_USERNAME",
	"ZENML_STORE_PASSWORD",
	"ZENML_CONFIG_PATH",
	"ZENML_ANALYTICS_OPT_IN",
	"ZENML_LOGGING_VERBOSITY",
	"ZENML_DEBUG",
	"ZENML_LOGGING_COLORS_DISABLED",
	"ZENML_DISABLE_CLIENT_SERVER_MISMATCH_WARNING",
	"ZENML_ENABLE_RICH_TRACEBACK",
	"ZENML_REPOSITORY_PATH",
	"ZENML_LOCAL_STORES_PATH",
}

// mistakes are names seen in the wild (ZenML issues #3652, #4650, the seed
// article), each with the name the client really reads and why.
var mistakes = map[string]string{
	"ZENML_URL":                 StoreURL,
	"ZENML_API_KEY":             StoreAPIKey,
	"ZENML_SERVER_URL":          StoreURL,
	"ZENML_SERVER_API_KEY":      StoreAPIKey,
	"ZENML_STORE_APIKEY":        StoreAPIKey,
	"ZENML_KEY":                 StoreAPIKey,
	"ZENML_HOST":                StoreURL,
	"ZENML_ACTIVE_WORKSPACE_ID": ActiveProject,
	"ZENML_PROJECT":             ActiveProject,
	"ZENML_PROJECT_ID":          ActiveProject,
	"ZENML_STACK":               ActiveStack,
	"ZENML_STACK_ID":            ActiveStack,
}

// FieldFor returns the profile field that sets name, or "" when no field
// does. Such a name cannot also be an extra variable: two sources for one
// variable would make the output depend on which wins.
func FieldFor(name string) string {
	return fieldNames[name]
}

// CheckName returns nil when name is one the ZenML client reads, or is not a
// ZENML_ name at all. Otherwise the error suggests the right name. The
// message names no zenv flag: the caller says how to override it.
func CheckName(name string) error {
	if !strings.HasPrefix(name, "ZENML_") {
		return nil
	}
	for _, k := range Known {
		if k == name {
			return nil
		}
	}
	if strings.HasPrefix(name, "ZENML_SERVER_") && mistakes[name] == "" {
		return fmt.Errorf("%s configures a ZenML server, not a client; a client reads ZENML_STORE_*", name)
	}
	return fmt.Errorf("ZenML does not read %s; did you mean %s?", name, Suggest(name))
}

// Suggest returns the variable the user most likely meant by name.
func Suggest(name string) string {
	if right, ok := mistakes[strings.ToUpper(name)]; ok {
		return right
	}
	return fuzzy.Nearest(strings.ToUpper(name), Known)
}
