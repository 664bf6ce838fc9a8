package fakestores

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"
)

// GitLab stands in for GitLab's project CI/CD variables API
// (lib/api/ci/variables.rb), with both mask rules of
// app/models/concerns/ci/maskable.rb and the environment-scope filter:
// a key defined for several scopes cannot be read or updated without
// filter[environment_scope].
type GitLab struct {
	URL     string
	Token   string
	Project string // path, such as acme/train
	ID      string // numeric id

	mu   sync.Mutex
	vars []*GitLabVar
	Down bool
}

// GitLabVar is one variable as GitLab keeps it.
type GitLabVar struct {
	Key       string
	Value     string
	Scope     string
	Masked    bool
	Hidden    bool
	Raw       bool
	Protected bool
}

var (
	maskRule    = regexp.MustCompile(`\A[a-zA-Z0-9_+=/@:.~-]{8,}\z`)
	maskRawRule = regexp.MustCompile(`\A\S{8,}\z`)
)

// NewGitLab starts a GitLab stand-in for one project.
func NewGitLab(t testing.TB, token, project, id string) *GitLab {
	g := &GitLab{Token: token, Project: project, ID: id}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v4/projects/{id}", g.project)
	mux.HandleFunc("GET /api/v4/projects/{id}/variables", g.list)
	mux.HandleFunc("GET /api/v4/projects/{id}/variables/{key}", g.get)
	mux.HandleFunc("POST /api/v4/projects/{id}/variables", g.create)
	mux.HandleFunc("PUT /api/v4/projects/{id}/variables/{key}", g.update)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		defer g.mu.Unlock()
		switch {
		case g.Down:
			writeJSON(w, 502, map[string]string{"message": "502 Bad Gateway"})
		case r.Header.Get("Private-Token") != g.Token:
			writeJSON(w, 401, map[string]string{"message": "401 Unauthorized"})
		default:
			mux.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	g.URL = srv.URL + "/api/v4"
	return g
}

func (g *GitLab) known(w http.ResponseWriter, r *http.Request) bool {
	if id := r.PathValue("id"); id != g.Project && id != g.ID {
		writeJSON(w, 404, map[string]string{"message": "404 Project Not Found"})
		return false
	}
	return true
}

func (g *GitLab) project(w http.ResponseWriter, r *http.Request) {
	if g.known(w, r) {
		writeJSON(w, 200, map[string]any{"id": 1, "path_with_namespace": g.Project})
	}
}

func (g *GitLab) list(w http.ResponseWriter, r *http.Request) {
	if g.known(w, r) {
		out := []map[string]any{}
		for _, v := range g.vars {
			out = append(out, v.json())
		}
		writeJSON(w, 200, out)
	}
}

func (v *GitLabVar) json() map[string]any {
	m := map[string]any{"key": v.Key, "value": v.Value, "environment_scope": v.Scope, "masked": v.Masked,
		"hidden": v.Hidden, "raw": v.Raw, "protected": v.Protected, "variable_type": "env_var"}
	if v.Hidden {
		m["value"] = nil
	}
	return m
}

// find applies the environment-scope filter as GitLab does: without it, a
// key defined in several scopes is ambiguous.
func (g *GitLab) find(w http.ResponseWriter, r *http.Request) (*GitLabVar, bool) {
	key := r.PathValue("key")
	scope, filtered := r.URL.Query()["filter[environment_scope]"]
	var hits []*GitLabVar
	for _, v := range g.vars {
		if v.Key == key && (!filtered || v.Scope == scope[0]) {
			hits = append(hits, v)
		}
	}
	switch {
	case len(hits) == 0:
		writeJSON(w, 404, map[string]string{"message": "404 Variable Not Found"})
		return nil, false
	case len(hits) > 1:
		writeJSON(w, 409, map[string]string{"message": "There are multiple variables with provided parameters. Please use 'filter[environment_scope]'"})
		return nil, false
	}
	return hits[0], true
}

func (g *GitLab) get(w http.ResponseWriter, r *http.Request) {
	if !g.known(w, r) {
		return
	}
	if v, ok := g.find(w, r); ok {
		writeJSON(w, 200, v.json())
	}
}

type gitLabBody struct {
	Key             string  `json:"key"`
	Value           *string `json:"value"`
	Scope           *string `json:"environment_scope"`
	Masked          *bool   `json:"masked"`
	MaskedAndHidden *bool   `json:"masked_and_hidden"`
	Raw             *bool   `json:"raw"`
	Protected       *bool   `json:"protected"`
}

// maskable is Ci::Maskable: the raw rule for raw variables, the strict
// one otherwise.
func maskable(v *GitLabVar) bool {
	if v.Raw {
		return maskRawRule.MatchString(v.Value)
	}
	return maskRule.MatchString(v.Value)
}

func (g *GitLab) apply(v *GitLabVar, b gitLabBody) {
	if b.Value != nil {
		v.Value = *b.Value
	}
	if b.Scope != nil {
		v.Scope = *b.Scope
	}
	if b.Masked != nil {
		v.Masked = *b.Masked
	}
	if b.Raw != nil {
		v.Raw = *b.Raw
	}
	if b.Protected != nil {
		v.Protected = *b.Protected
	}
}

func (g *GitLab) create(w http.ResponseWriter, r *http.Request) {
	if !g.known(w, r) {
		return
	}
	var b gitLabBody
	json.NewDecoder(r.Body).Decode(&b)
	v := &GitLabVar{Key: b.Key, Scope: "*"}
	g.apply(v, b)
	if b.MaskedAndHidden != nil && *b.MaskedAndHidden {
		v.Masked, v.Hidden = true, true
	}
	for _, o := range g.vars {
		if o.Key == v.Key && o.Scope == v.Scope {
			writeJSON(w, 400, map[string]any{"message": map[string]any{"key": []string{"(" + v.Key + ") has already been taken"}}})
			return
		}
	}
	if v.Masked && !maskable(v) {
		writeJSON(w, 400, map[string]any{"message": map[string]any{"value": []string{"is invalid"}}})
		return
	}
	g.vars = append(g.vars, v)
	writeJSON(w, 201, v.json())
}

func (g *GitLab) update(w http.ResponseWriter, r *http.Request) {
	if !g.known(w, r) {
		return
	}
	v, ok := g.find(w, r)
	if !ok {
		return
	}
	var b gitLabBody
	json.NewDecoder(r.Body).Decode(&b)
	if b.MaskedAndHidden != nil {
		writeJSON(w, 400, map[string]string{"error": "masked_and_hidden does not have a valid value"})
		return
	}
	next := *v
	g.apply(&next, b)
	if next.Masked && !maskable(&next) {
		writeJSON(w, 400, map[string]any{"message": map[string]any{"value": []string{"is invalid"}}})
		return
	}
	*v = next
	writeJSON(w, 200, v.json())
}

// Var returns the variable of key and scope.
func (g *GitLab) Var(key, scope string) (GitLabVar, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, v := range g.vars {
		if v.Key == key && v.Scope == scope {
			return *v, true
		}
	}
	return GitLabVar{}, false
}

// Add defines a variable directly, as another user would have.
func (g *GitLab) Add(v GitLabVar) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.vars = append(g.vars, &v)
}

// SetDown switches the stand-in off (502) or on.
func (g *GitLab) SetDown(down bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.Down = down
}
