package zenml

import (
	"sort"
	"strings"
)

// ClientVars lists every variable that points a ZenML client at a server
// or a project: the field variables first, then every other known
// ZENML_STORE_* and ZENML_ACTIVE_* name, sorted. A shell that switches
// profiles must clear the ones the new profile does not set, or a stale
// token, CA bundle or project from the last profile wins.
func ClientVars() []string {
	names := []string{StoreURL, StoreAPIKey, StoreVerifySSL, ActiveProject, ActiveStack}
	var rest []string
	for _, k := range append(append([]string(nil), Known...), "ZENML_ACTIVE_WORKSPACE_ID") {
		if FieldFor(k) == "" && IsClientVar(k) {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(names, rest...)
}

// IsClientVar reports whether the client reads name to pick its server,
// its credentials, its project or its stack: every ZENML_STORE_ name (the
// client takes each one as a field of its store configuration,
// config/global_config.py, so an unknown one counts too) and every
// ZENML_ACTIVE_ name. `zenv run`, which sees the whole environment, drops
// every such variable the profile does not set; ClientVars is the known
// part of the set, for outputs that must name what they clear.
func IsClientVar(name string) bool {
	return strings.HasPrefix(name, "ZENML_STORE_") || strings.HasPrefix(name, "ZENML_ACTIVE_")
}

// secretNames are the credentials the client reads: CI targets reference
// them instead of writing them, and messages never show them.
var secretNames = map[string]bool{
	StoreAPIKey:             true,
	"ZENML_STORE_PASSWORD":  true,
	"ZENML_STORE_API_TOKEN": true,
}

// IsSecret reports whether the client reads name as a credential.
func IsSecret(name string) bool { return secretNames[name] }
