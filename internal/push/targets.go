package push

import (
	"context"
	"fmt"
	"time"

	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/render"
)

// Deps is what building the targets may touch; tests replace it.
type Deps struct {
	HTTPClient func() (Doer, error)
	// ReadToken reads a destination's token (never the ZenML key) and
	// adds it to the redactor.
	ReadToken func(d profile.Destination, which string) (string, error)
	// Secret adds what is built from a token (a basic auth header's
	// base64) to the redactor.
	Secret  func(string)
	Keyring func() (KeyringStore, error)
	Sleep   func(context.Context, time.Duration) error
	Now     func() time.Time
	// InUse maps keyring items to the profile that reads its key from
	// each; writing over another profile's item needs Force.
	InUse   map[string]string
	Profile string
	Force   bool
}

// Setting returns the profile's target setting, or its declared default.
func Setting(p *profile.Profile, key string) string {
	if v := p.Settings[key]; v != "" {
		return v
	}
	for _, s := range render.Settings() {
		if s.Key == key {
			return s.Default
		}
	}
	return ""
}

// Targets builds one target per destination of p, in the profile's order.
// A destination whose token cannot be read fails alone.
func Targets(p *profile.Profile, deps Deps) []Target {
	var out []Target
	gitHub := &Pace{} // GitHub's rate limits count per token and user, not per repository
	for _, d := range p.Push {
		s, err := build(p, d, deps, gitHub)
		t := Target{Store: s, Err: err}
		if s != nil {
			t.Name = s.Name()
		} else {
			t.Name = d.Describe()
		}
		out = append(out, t)
	}
	return out
}

func build(p *profile.Profile, d profile.Destination, deps Deps, gitHub *Pace) (Store, error) {
	if d.Kind == "keyring" {
		ks, err := deps.Keyring()
		k := &Keyring{Store: ks, Item: d.Target}
		if err != nil {
			return k, err
		}
		if other, ok := deps.InUse[d.Target]; ok && other != deps.Profile && !deps.Force {
			return k, fmt.Errorf("profile %s reads its key from this item; writing over it needs --force", other)
		}
		return k, nil
	}
	hc, err := deps.HTTPClient()
	if err != nil {
		return nil, err
	}
	api := &API{Client: hc, Base: d.APIBase(), Sleep: deps.Sleep, Now: deps.Now}
	var token, auth string
	var terr error
	if d.Token != nil {
		token, terr = deps.ReadToken(d, "token")
	}
	if terr == nil && d.AuthString != nil {
		auth, terr = deps.ReadToken(d, "auth_string")
	}
	var s Store
	switch d.Kind {
	case "github":
		NewGitHub(api, token)
		api.Pace = gitHub
		s = &GitHub{API: api, Repo: d.Target, Environment: p.Settings["github_environment"],
			Secret: Setting(p, "github_secret"), URLVar: p.Settings["github_url_var"]}
	case "gitlab":
		NewGitLab(api, token)
		s = &GitLab{API: api, Project: d.Target, Variable: Setting(p, "gitlab_variable"),
			Scope: d.EnvironmentScope, Protected: d.Protected, MaskedAndHidden: d.MaskedAndHidden}
	case "prefect":
		NewPrefect(api, token, auth, deps.Secret)
		s = &Prefect{API: api, Block: Setting(p, "prefect_block")}
	default:
		return nil, fmt.Errorf("unknown destination kind %q", d.Kind)
	}
	return s, terr
}
