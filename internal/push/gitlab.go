package push

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sync"
)

// GitLab is a project's CI/CD variable for one environment scope
// (lib/api/ci/variables.rb): updated with PUT when it exists, created with
// POST when not, always masked and raw (no $ expansion), protected when
// the profile asks. Only the variable of that key and scope is touched.
type GitLab struct {
	API             *API
	Project         string // path (group/project) or numeric id
	Variable        string
	Scope           string // environment scope; "*" for all
	Protected       bool
	MaskedAndHidden bool // on creation only: GitLab never returns the value again
}

// NewGitLab sets GitLab's token header.
func NewGitLab(api *API, token string) *API {
	api.Header = http.Header{"Private-Token": {token}}
	return api
}

// GitLab's mask rules (app/models/concerns/ci/maskable.rb): a masked value
// is at least 8 characters of a small alphabet, or of anything but white
// space when the variable is raw. Compiled on first use, off zenv's
// start-up path.
var (
	gitLabMask    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\A[a-zA-Z0-9_+=/@:.~-]{8,}\z`) })
	gitLabMaskRaw = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\A\S{8,}\z`) })
)

// GitLabMaskable reports whether GitLab accepts value as a masked
// variable, raw or not.
func GitLabMaskable(value string, raw bool) bool {
	if raw {
		return gitLabMaskRaw().MatchString(value)
	}
	return gitLabMask().MatchString(value)
}

func (g *GitLab) Name() string {
	n := "gitlab " + g.Project + " variable " + g.Variable
	if g.Scope != "*" {
		n += " (environment " + g.Scope + ")"
	}
	return n
}

func (g *GitLab) projectPath() string { return "/projects/" + url.PathEscape(g.Project) }
func (g *GitLab) varsPath() string    { return g.projectPath() + "/variables" }
func (g *GitLab) varPath() string     { return g.varsPath() + "/" + url.PathEscape(g.Variable) }
func (g *GitLab) filter() url.Values  { return url.Values{"filter[environment_scope]": {g.Scope}} }

type gitLabVariable struct {
	Key       string  `json:"key"`
	Value     *string `json:"value"`
	Masked    bool    `json:"masked"`
	Hidden    bool    `json:"hidden"`
	Raw       bool    `json:"raw"`
	Protected bool    `json:"protected"`
	Scope     string  `json:"environment_scope"`
}

// read returns the variable of g's key and scope, nil when absent.
func (g *GitLab) read(ctx context.Context) (*gitLabVariable, error) {
	resp, err := g.API.Do(ctx, http.MethodGet, g.varPath(), g.filter(), nil)
	if err != nil {
		return nil, err
	}
	if resp.Status == http.StatusNotFound {
		return nil, nil
	}
	if resp.Status != http.StatusOK {
		return nil, resp.Error("GET", g.varPath())
	}
	var v gitLabVariable
	if err := resp.DecodeJSON("GET", g.varPath(), &v); err != nil {
		return nil, err
	}
	return &v, nil
}

func (g *GitLab) Preflight(ctx context.Context) error {
	for _, path := range []string{g.projectPath(), g.varsPath()} {
		resp, err := g.API.Do(ctx, http.MethodGet, path, url.Values{"per_page": {"1"}}, nil)
		if err != nil {
			return err
		}
		if resp.Status != http.StatusOK {
			return resp.Error("GET", path)
		}
	}
	return nil
}

func (g *GitLab) Plan(Values) string {
	s := "set variable " + g.Variable + " (masked, raw"
	if g.MaskedAndHidden {
		s += ", hidden when created"
	}
	if g.Protected {
		s += ", protected"
	}
	return s + ", environment scope " + g.Scope + ")"
}

func (g *GitLab) Push(ctx context.Context, v Values) (Status, string, error) {
	// Refuse before sending: GitLab would answer 400 for a value it
	// cannot mask, and an unmasked key would show in job logs.
	if !GitLabMaskable(v.Key, true) {
		return Failed, "", fmt.Errorf("GitLab cannot mask this key (a masked raw value is 8 or more characters without white space); nothing was sent")
	}
	cur, err := g.read(ctx)
	if err != nil {
		return Failed, "", err
	}
	if cur != nil && cur.Value != nil && *cur.Value == v.Key && cur.Masked && cur.Raw && cur.Protected == g.Protected {
		return Unchanged, "", nil
	}
	body := map[string]any{
		"value":             v.Key,
		"masked":            true,
		"raw":               true,
		"protected":         g.Protected,
		"environment_scope": g.Scope,
		"variable_type":     "env_var",
	}
	if cur != nil {
		resp, err := g.API.Do(ctx, http.MethodPut, g.varPath(), g.filter(), body)
		if err != nil {
			return Failed, "", err
		}
		if resp.Status != http.StatusOK {
			return Failed, "", resp.Error("PUT", g.varPath())
		}
	} else {
		body["key"] = g.Variable
		if g.MaskedAndHidden {
			body["masked_and_hidden"] = true
		}
		resp, err := g.API.Do(ctx, http.MethodPost, g.varsPath(), nil, body)
		if err != nil {
			return Failed, "", err
		}
		if resp.Status != http.StatusCreated {
			return Failed, "", resp.Error("POST", g.varsPath())
		}
	}
	got, err := g.read(ctx)
	switch {
	case err != nil:
		return Failed, "", fmt.Errorf("written, but reading it back failed: %w", err)
	case got == nil:
		return Failed, "", fmt.Errorf("written, but GitLab does not list it")
	case got.Value == nil || got.Hidden:
		return Written, "the variable is hidden, so GitLab never returns its value", nil
	case *got.Value != v.Key:
		return Failed, "", fmt.Errorf("written, but reading it back gives another value")
	case !got.Masked:
		return Failed, "", fmt.Errorf("written, but GitLab does not show it masked")
	case !got.Raw:
		return Failed, "", fmt.Errorf("written, but GitLab does not show it raw, so a $ in the key would be expanded")
	case got.Protected != g.Protected:
		return Failed, "", fmt.Errorf("written, but GitLab shows it protected %t, not %t", got.Protected, g.Protected)
	}
	return Verified, "", nil
}

func (g *GitLab) Check(ctx context.Context, v Values) (Status, string, error) {
	cur, err := g.read(ctx)
	switch {
	case err != nil:
		return Failed, "", err
	case cur == nil:
		return Drift, "the variable does not exist in this environment scope", nil
	case cur.Value == nil || cur.Hidden:
		return Unknown, "the variable is hidden, so GitLab never returns its value", nil
	case *cur.Value != v.Key:
		return Drift, "the variable holds another value", nil
	case !cur.Masked:
		return Drift, "the variable holds the key but is not masked", nil
	case !cur.Raw:
		return Drift, "the variable holds the key but is not raw", nil
	case cur.Protected != g.Protected:
		return Drift, fmt.Sprintf("the variable holds the key but is protected %t, not %t", cur.Protected, g.Protected), nil
	}
	return InSync, "", nil
}
