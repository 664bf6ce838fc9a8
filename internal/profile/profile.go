// Package profile builds the one profile zenv renders from: the config
// file's named profile, then $ZENV_PROFILE/$ZENV_CONFIG, then flags, field by
// field. It validates every field before anything is printed, and its errors
// name the field and where it came from (file:line or flag), never a key.
// What it hands on is plain data: render.Input.
package profile

import (
	"maps"
	"slices"

	"github.com/zenv-dev/zenv/internal/config"
	"github.com/zenv-dev/zenv/internal/keysource"
	"github.com/zenv-dev/zenv/internal/zenml"
	"github.com/zenv-dev/zenv/render"
)

// Profile is a resolved, validated profile. The API key itself is not here:
// only where to read it from, so that targets which reference a CI secret
// never touch it.
type Profile struct {
	Name string // profile name; "" when built from flags alone
	Path string // the config file it came from; "" when none
	// Node is the profile's settings as the file writes them, each with
	// its file:line, for a package that reads a key of its own; nil when
	// the profile comes from flags alone.
	Node *config.Node

	URL       string
	Key       keysource.Source // nil when the profile names none
	VerifySSL string           // "", "true", "false", or a CA bundle path
	Project   string
	Stack     string
	Env       map[string]string

	// Settings are the target settings given (prefect_block, ...), by
	// config key, validated by the target that declares them.
	Settings map[string]string

	// Push lists where `zenv push` writes the key (push.go).
	Push []Destination
}

// EnvNames returns the names of the extra variables, sorted.
func (p *Profile) EnvNames() []string {
	return slices.Sorted(maps.Keys(p.Env))
}

// Vars lists the variables of p in zenv's fixed order: URL, key,
// verify_ssl, project, stack, then the extras sorted by name. key may be ""
// when the target references the secret instead of writing it.
func (p *Profile) Vars(key string) []render.Var {
	vars := []render.Var{
		{Name: zenml.StoreURL, Value: p.URL, Field: "url"},
		{Name: zenml.StoreAPIKey, Value: key, Secret: true, Field: "api_key"},
	}
	for _, o := range []struct{ name, value, field string }{
		{zenml.StoreVerifySSL, p.VerifySSL, "verify_ssl"},
		{zenml.ActiveProject, p.Project, "project"},
		{zenml.ActiveStack, p.Stack, "stack"},
	} {
		if o.value != "" {
			vars = append(vars, render.Var{Name: o.name, Value: o.value, Field: o.field})
		}
	}
	for _, n := range p.EnvNames() {
		vars = append(vars, render.Var{Name: n, Value: p.Env[n], Secret: zenml.Name(n).Secret})
	}
	return vars
}

// UnsetVars lists what --unset removes: every ZenML client variable,
// whether or not this profile sets it (so switching profiles leaves
// nothing behind), then the profile's extras.
func (p *Profile) UnsetVars() []render.Var {
	var vars []render.Var
	seen := map[string]bool{}
	for _, n := range zenml.ClientVars() {
		info := zenml.Name(n)
		vars = append(vars, render.Var{Name: n, Secret: info.Secret, Field: info.Field})
		seen[n] = true
	}
	for _, n := range p.EnvNames() {
		if !seen[n] {
			vars = append(vars, render.Var{Name: n, Secret: zenml.Name(n).Secret})
		}
	}
	return vars
}

// clearVars are the client variables the profile does not set.
func (p *Profile) clearVars(set []render.Var) []string {
	has := map[string]bool{}
	for _, v := range set {
		has[v.Name] = true
	}
	var clear []string
	for _, n := range zenml.ClientVars() {
		if !has[n] {
			clear = append(clear, n)
		}
	}
	return clear
}

// Input is the plain data render takes: the variables (or, with unset,
// the names to remove), the target settings and the key's shell command.
// Commands are the caller's to fill: they depend on how zenv was called.
func (p *Profile) Input(key string, unset bool) render.Input {
	in := render.Input{Profile: p.Name, Settings: p.Settings}
	if unset {
		in.Vars = p.UnsetVars()
	} else {
		in.Vars = p.Vars(key)
		in.Clear = p.clearVars(in.Vars)
	}
	if p.Key != nil {
		in.KeyCommand, _ = p.Key.ShellCommand()
	}
	return in
}

// Overrides are the profile fields given on the command line. An empty
// string means "not given".
type Overrides struct {
	URL       string
	VerifySSL string
	Project   string
	Stack     string
	// Key maps a key source kind (env, file, stdin, cmd) to its flag's
	// value; "true" for a boolean kind.
	Key map[string]string
	Set []string // NAME=VALUE, in order; later wins
	// Settings are target settings by config key.
	Settings map[string]string

	AllowUnknown bool
	// ForUnset: only names are needed, so the url may be absent.
	ForUnset bool
}
