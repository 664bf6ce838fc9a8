package zenml

import (
	"slices"
	"strings"

	"github.com/zenv-dev/zenv/internal/fuzzy"
)

// ProAPIURL points a client at a self-hosted ZenML Pro control plane. The
// client reads it (src/zenml/login/pro/constants.py), but from outside
// constants.py, so it is not in Known, which the e2e suite checks against
// that file.
const ProAPIURL = "ZENML_PRO_API_URL"

// Ignored reports whether a client ignores the variable name, and what to
// set instead. instead is "" when name configures a ZenML server
// (ZENML_SERVER_*), which no client setting replaces. Names outside ZENML_
// are never ignored here: they are not ZenML's.
func Ignored(name string) (instead string, ignored bool) {
	if !strings.HasPrefix(name, "ZENML_") || name == ProAPIURL || IsClientName(name) {
		return "", false
	}
	if strings.HasPrefix(name, "ZENML_SERVER_") && mistakes[name] == "" {
		return "", true
	}
	return Suggest(name), true
}

// ParseBool reads a value as pydantic reads a boolean: case-insensitively,
// one of 0/off/f/false/n/no or 1/on/t/true/y/yes. ok is false for anything
// else.
func ParseBool(value string) (b, ok bool) {
	i := slices.Index(boolValues, strings.ToLower(value))
	if i < 0 {
		return false, false
	}
	return i >= len(boolValues)/2, true
}

// NearestBool returns the boolean spelling value most likely meant ("ture"
// gives "true"), or "" when none is close.
func NearestBool(value string) string {
	return fuzzy.Closest(value, []string{"true", "false"})
}
