// Package fakestores holds faithful stand-ins for the stores zenv push
// writes to, as httptest servers: GitHub (sealed boxes opened and their
// exact bytes kept, updated_at, secondary rate limits, a failing Nth
// write), GitLab (both mask rules and the environment-scope filter) and
// a ZenML server's key endpoints. Each follows the REST API it stands
// for (REFERENCE.md sections 2 to 4), not zenv's client.
package fakestores

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/nacl/box"
)

// GitHub stands in for api.github.com's Actions secrets and variables.
type GitHub struct {
	URL   string
	Token string

	mu     sync.Mutex
	pub    *[32]byte
	priv   *[32]byte
	keyID  string
	clock  time.Time
	writes int
	// FailWrite makes the Nth secret PUT (1-based) answer 500; 0 never.
	FailWrite int
	// RateLimitNext makes the next secret PUT answer 403 with
	// Retry-After: 1 (a secondary rate limit), once.
	RateLimitNext bool
	// Down answers every request 503.
	Down bool

	secrets map[string]githubSecret // by scope + "/" + name
	vars    map[string]string
	// Requests lists "METHOD path" in order.
	Requests []string
}

type githubSecret struct {
	plain     []byte
	created   time.Time
	updatedAt time.Time
}

// NewGitHub starts a GitHub stand-in that accepts token.
func NewGitHub(t testing.TB, token string) *GitHub {
	pub, priv, err := box.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	g := &GitHub{Token: token, pub: pub, priv: priv, keyID: "568250167242549743",
		clock: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC), secrets: map[string]githubSecret{}, vars: map[string]string{}}
	mux := http.NewServeMux()
	for _, scope := range []string{"/repos/{owner}/{repo}/actions", "/repos/{owner}/{repo}/environments/{env}"} {
		mux.HandleFunc("GET "+scope+"/secrets/public-key", g.publicKey)
		mux.HandleFunc("PUT "+scope+"/secrets/{name}", g.putSecret)
		mux.HandleFunc("GET "+scope+"/secrets/{name}", g.getSecret)
		mux.HandleFunc("PATCH "+scope+"/variables/{name}", g.patchVar)
		mux.HandleFunc("POST "+scope+"/variables", g.postVar)
		mux.HandleFunc("GET "+scope+"/variables/{name}", g.getVar)
	}
	srv := httptest.NewServer(g.guard(mux))
	t.Cleanup(srv.Close)
	g.URL = srv.URL
	return g
}

// now advances GitHub's clock a second per call, so every write has its
// own updated_at, in whole seconds as GitHub's.
func (g *GitHub) now() time.Time {
	g.clock = g.clock.Add(time.Second)
	return g.clock
}

func (g *GitHub) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		defer g.mu.Unlock()
		g.Requests = append(g.Requests, r.Method+" "+r.URL.Path)
		w.Header().Set("Date", g.clock.Format(http.TimeFormat))
		switch {
		case g.Down:
			writeJSON(w, 503, map[string]string{"message": "Service Unavailable"})
		case r.Header.Get("Authorization") != "Bearer "+g.Token:
			writeJSON(w, 401, map[string]string{"message": "Bad credentials"})
		default:
			next.ServeHTTP(w, r)
		}
	})
}

func scopeOf(r *http.Request) string {
	if env := r.PathValue("env"); env != "" {
		return r.PathValue("owner") + "/" + r.PathValue("repo") + "/env/" + env
	}
	return r.PathValue("owner") + "/" + r.PathValue("repo")
}

func (g *GitHub) publicKey(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, 200, map[string]string{"key_id": g.keyID, "key": base64.StdEncoding.EncodeToString(g.pub[:])})
}

// putSecret opens the sealed box with the private key: a value sealed
// wrongly, or with another key, is refused as GitHub would fail to use it.
func (g *GitHub) putSecret(w http.ResponseWriter, r *http.Request) {
	if g.RateLimitNext {
		g.RateLimitNext = false
		w.Header().Set("Retry-After", "1")
		writeJSON(w, 403, map[string]string{"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."})
		return
	}
	g.writes++
	if g.writes == g.FailWrite {
		writeJSON(w, 500, map[string]string{"message": "Server Error"})
		return
	}
	var body struct {
		EncryptedValue string `json:"encrypted_value"`
		KeyID          string `json:"key_id"`
	}
	if json.NewDecoder(r.Body).Decode(&body) != nil || body.KeyID != g.keyID {
		writeJSON(w, 422, map[string]string{"message": "Invalid request: key_id"})
		return
	}
	sealed, err := base64.StdEncoding.DecodeString(body.EncryptedValue)
	if err != nil {
		writeJSON(w, 422, map[string]string{"message": "encrypted_value is not base64"})
		return
	}
	plain, ok := box.OpenAnonymous(nil, sealed, g.pub, g.priv)
	if !ok {
		writeJSON(w, 422, map[string]string{"message": "encrypted_value cannot be opened with the repository key"})
		return
	}
	id := scopeOf(r) + "/" + r.PathValue("name")
	s, exists := g.secrets[id]
	now := g.now()
	if !exists {
		s.created = now
	}
	s.plain, s.updatedAt = plain, now
	g.secrets[id] = s
	if exists {
		w.WriteHeader(204)
	} else {
		w.WriteHeader(201)
	}
}

func (g *GitHub) getSecret(w http.ResponseWriter, r *http.Request) {
	s, ok := g.secrets[scopeOf(r)+"/"+r.PathValue("name")]
	if !ok {
		writeJSON(w, 404, map[string]string{"message": "Not Found"})
		return
	}
	writeJSON(w, 200, map[string]string{"name": r.PathValue("name"),
		"created_at": s.created.Format(time.RFC3339), "updated_at": s.updatedAt.Format(time.RFC3339)})
}

func (g *GitHub) patchVar(w http.ResponseWriter, r *http.Request) {
	id := scopeOf(r) + "/" + r.PathValue("name")
	if _, ok := g.vars[id]; !ok {
		writeJSON(w, 404, map[string]string{"message": "Not Found"})
		return
	}
	var body struct{ Value string }
	json.NewDecoder(r.Body).Decode(&body)
	g.vars[id] = body.Value
	w.WriteHeader(204)
}

func (g *GitHub) postVar(w http.ResponseWriter, r *http.Request) {
	var body struct{ Name, Value string }
	json.NewDecoder(r.Body).Decode(&body)
	id := scopeOf(r) + "/" + body.Name
	if _, ok := g.vars[id]; ok {
		writeJSON(w, 409, map[string]string{"message": "Already exists"})
		return
	}
	g.vars[id] = body.Value
	w.WriteHeader(201)
}

func (g *GitHub) getVar(w http.ResponseWriter, r *http.Request) {
	v, ok := g.vars[scopeOf(r)+"/"+r.PathValue("name")]
	if !ok {
		writeJSON(w, 404, map[string]string{"message": "Not Found"})
		return
	}
	writeJSON(w, 200, map[string]string{"name": r.PathValue("name"), "value": v})
}

// Secret returns the exact bytes sealed into a secret (scope "owner/repo"
// or "owner/repo/env/ENV"), and whether it exists.
func (g *GitHub) Secret(scope, name string) (string, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	s, ok := g.secrets[scope+"/"+name]
	return string(s.plain), ok
}

// Variable returns an Actions variable's value.
func (g *GitHub) Variable(scope, name string) (string, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	v, ok := g.vars[scope+"/"+name]
	return v, ok
}

// Writes counts the secret PUTs answered (rate-limited ones excluded).
func (g *GitHub) Writes() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.writes
}

// SetDown switches the stand-in off (503) or on.
func (g *GitHub) SetDown(down bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.Down = down
}

// Set changes a field under the lock.
func (g *GitHub) Set(fn func(*GitHub)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	fn(g)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
