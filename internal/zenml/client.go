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
		if FieldFor(k) == "" && (strings.HasPrefix(k, "ZENML_STORE_") || strings.HasPrefix(k, "ZENML_ACTIVE_")) {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(names, rest...)
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
