package zenml

import "strings"

// The prefixes of the variables that pick the server, the credentials, the
// project and the stack. The client takes every ZENML_STORE_ variable as a
// field of its store configuration (config/global_config.py), so the prefix,
// not the list of fields zenv knows today, is what decides; ZENML_ACTIVE_
// covers the project and stack, and the old workspace of clients before 0.80.
const (
	storePrefix  = "ZENML_STORE_"
	activePrefix = "ZENML_ACTIVE_"
)

// IsConnection reports whether the ZenML client reads name to decide which
// server it talks to, as whom, and in which project and stack. Such a
// variable left over from another profile (a stale ZENML_STORE_API_TOKEN, a
// previous project) would win over, or mix with, the profile zenv applies,
// so `zenv run` removes every one the profile does not set. Settings that
// are the user's own (ZENML_CONFIG_PATH, logging, analytics) are not
// connection variables and pass through.
func IsConnection(name string) bool {
	return strings.HasPrefix(name, storePrefix) || strings.HasPrefix(name, activePrefix)
}
