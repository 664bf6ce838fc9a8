// Package profile builds the one profile zenv renders from: the config
// file's named profile, then $ZENV_PROFILE/$ZENV_CONFIG, then flags, field by
// field. It validates every field before anything is printed, and its errors
// name the field and where it came from (file:line or flag), never a key.
package profile

import "sort"

// Default names for the secrets CI targets reference.
const (
	DefaultPrefectBlock = "zenml-store-api-key"
	DefaultGitHubSecret = "ZENML_STORE_API_KEY"
)

// Profile is a resolved, validated profile. The API key itself is not here:
// only where to read it from, so that targets which reference a CI secret
// never touch it.
type Profile struct {
	Name string // profile name; "" when built from flags alone
	Path string // the config file it came from; "" when none

	URL       string
	Key       KeySource
	VerifySSL string // "", "true", "false", or a CA bundle path
	Project   string
	Stack     string
	Env       map[string]string

	PrefectBlock string
	GitHubSecret string
	GitHubURLVar string
}

// EnvNames returns the names of the extra variables, sorted.
func (p *Profile) EnvNames() []string {
	names := make([]string, 0, len(p.Env))
	for n := range p.Env {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Overrides are the profile fields given on the command line. An empty
// string means "not given".
type Overrides struct {
	URL       string
	KeyEnv    string
	KeyFile   string
	KeyCmd    string
	KeyStdin  bool
	VerifySSL string
	Project   string
	Stack     string
	Set       []string // NAME=VALUE, in order; later wins

	PrefectBlock string
	GitHubSecret string
	GitHubURLVar string

	AllowUnknown bool
	// ForUnset: only names are needed, so the url may be absent.
	ForUnset bool
}
