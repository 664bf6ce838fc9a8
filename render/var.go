// Package render turns a profile into an ordered list of variables, and the
// variables into the exact bytes of one target. It is pure: no I/O, no
// clock, no randomness, so the same profile always gives the same bytes.
package render

import (
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// Var is one environment variable to set.
type Var struct {
	Name   string
	Value  string
	Secret bool // the API key: referenced by CI targets, never in comments
}

// Vars lists the variables of p in zenv's fixed order: URL, key,
// verify_ssl, project, stack, then the extras sorted by name. key may be ""
// when the target references the secret instead of writing it.
func Vars(p *profile.Profile, key string) []Var {
	vars := []Var{
		{Name: zenml.StoreURL, Value: p.URL},
		{Name: zenml.StoreAPIKey, Value: key, Secret: true},
	}
	for _, o := range []struct{ name, value string }{
		{zenml.StoreVerifySSL, p.VerifySSL},
		{zenml.ActiveProject, p.Project},
		{zenml.ActiveStack, p.Stack},
	} {
		if o.value != "" {
			vars = append(vars, Var{Name: o.name, Value: o.value})
		}
	}
	for _, n := range p.EnvNames() {
		vars = append(vars, Var{Name: n, Value: p.Env[n]})
	}
	return vars
}

// UnsetVars lists what --unset removes: every variable a profile field can
// set, whether or not this profile sets it (so switching profiles leaves
// nothing behind), then the profile's extras.
func UnsetVars(p *profile.Profile) []Var {
	vars := []Var{
		{Name: zenml.StoreURL},
		{Name: zenml.StoreAPIKey, Secret: true},
		{Name: zenml.StoreVerifySSL},
		{Name: zenml.ActiveProject},
		{Name: zenml.ActiveStack},
	}
	for _, n := range p.EnvNames() {
		vars = append(vars, Var{Name: n})
	}
	return vars
}
