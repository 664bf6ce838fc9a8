package zenml

import "strings"

// ClientVars lists every variable that points a ZenML client at a server
// or a project: the field variables first, then the other ZENML_STORE_*
// and ZENML_ACTIVE_* names that choose a server, a credential or a
// project, sorted (TestClientVarsAreTheClientsConnectionNames). A shell
// that switches profiles must clear the ones the new profile does not set,
// or a stale token, CA bundle or project from the last profile wins.
func ClientVars() []string {
	return []string{StoreURL, StoreAPIKey, StoreVerifySSL, ActiveProject, ActiveStack,
		"ZENML_ACTIVE_WORKSPACE_ID", // read by clients before 0.80
		"ZENML_STORE_API_TOKEN",
		"ZENML_STORE_HTTP_TIMEOUT",
		"ZENML_STORE_PASSWORD",
		"ZENML_STORE_TYPE",
		"ZENML_STORE_USERNAME",
	}
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
