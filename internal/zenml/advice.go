package zenml

import (
	"strings"

	"github.com/zenv-dev/zenv/internal/fuzzy"
)

// This file answers the same questions as CheckName, for callers that judge
// names found in files (zenv lint) rather than flags: no CLI advice in the
// answers, and a verdict instead of an error.

// IsClientName reports whether the ZenML client reads the variable name.
func IsClientName(name string) bool {
	for _, k := range Known {
		if k == name {
			return true
		}
	}
	return false
}

// Mistaken returns the variable the client reads that name was most likely
// meant to be, or "" when name is not a plausible mistake for one: a name
// the client reads, a name outside ZENML_, or a ZENML_ name far from every
// client name (a server setting such as ZENML_SERVER_DEPLOYMENT_TYPE, say).
// Plausible mistakes are the names seen in the wild (ZENML_URL, ...), any
// unknown ZENML_STORE_ field (the client drops it silently, REFERENCE.md
// section 2), and names within two edits of a client name (typos).
func Mistaken(name string) string {
	if !strings.HasPrefix(name, "ZENML_") || IsClientName(name) {
		return ""
	}
	if right, ok := mistakes[name]; ok {
		return right
	}
	if strings.HasPrefix(name, "ZENML_STORE_") {
		return Suggest(name)
	}
	for _, k := range Known {
		// Names whose lengths differ by more than 2 are more than 2 edits
		// apart: skip the costly distance, which lint pays per name.
		if d := len(name) - len(k); -2 <= d && d <= 2 && fuzzy.Distance(name, k) <= 2 {
			return Suggest(name)
		}
	}
	return ""
}

// IsUUID reports whether s is in the canonical 8-4-4-4-12 hex form that
// ZENML_ACTIVE_PROJECT_ID and ZENML_ACTIVE_STACK_ID need: a name works once,
// then fails (REFERENCE.md section 2).
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range []byte(s) {
		dash := i == 8 || i == 13 || i == 18 || i == 23
		hex := '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
		if dash != (c == '-') || !dash && !hex {
			return false
		}
	}
	return true
}
