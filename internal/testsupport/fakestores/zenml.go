package fakestores

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// ZenML stands in for a ZenML 0.98 server's login and service-account
// key endpoints (zen_server/routers/service_accounts_endpoints.py): one
// service account with one key, an admin user, the retention window, and
// 403 IllegalOperationError for a non-admin's rotate (no RBAC).
type ZenML struct {
	URL           string
	AdminUser     string
	AdminPassword string
	AccountID     string
	AccountName   string
	AuthScheme    string

	mu        sync.Mutex
	keys      map[string]*zenmlKey // by key id
	tokens    map[string]string    // token -> "admin" or key id + generation
	Clock     time.Time
	Rotations int
	// DropRotateAnswer rotates but answers nothing usable (the
	// connection is cut), as a timeout would.
	DropRotateAnswer bool
	// EchoLogin answers a refused password login with the form it was
	// sent, as a careless proxy or debug server does.
	EchoLogin bool
	// Users are other (non-admin) users: name to password.
	Users map[string]string
}

type zenmlKey struct {
	id, name                string
	secret, previous        string
	active                  bool
	created, lastRotated    time.Time
	retainMinutes           int
	generation, tokenMinGen int
}

// NewZenML starts a server with one service account and returns it and
// the account's first key.
func NewZenML(t testing.TB) (*ZenML, string) {
	z := &ZenML{AdminUser: "admin", AdminPassword: "pw", AccountID: "5a7c6b8e-0000-4000-8000-00000000a11c",
		AccountName: "robot", AuthScheme: "OAUTH2_PASSWORD_BEARER", keys: map[string]*zenmlKey{}, tokens: map[string]string{},
		Clock: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
	k := &zenmlKey{id: "0b6d6f6a-0000-4000-8000-0000000000k1", name: "ci", active: true, created: z.Clock}
	k.id = "0b6d6f6a-0000-4000-8000-000000000001"
	k.secret = randHex()
	z.keys[k.id] = k
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/info", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"version": "0.98.0", "auth_scheme": z.AuthScheme, "deployment_type": "other"})
	})
	mux.HandleFunc("POST /api/v1/login", z.login)
	mux.HandleFunc("GET /api/v1/current-user", z.auth(z.currentUser))
	mux.HandleFunc("GET /api/v1/service_accounts", z.auth(z.listAccounts))
	mux.HandleFunc("GET /api/v1/service_accounts/{sa}/api_keys/{key}", z.auth(z.getKey))
	mux.HandleFunc("PUT /api/v1/service_accounts/{sa}/api_keys/{key}/rotate", z.auth(adminOnly(z.rotate)))
	mux.HandleFunc("PUT /api/v1/service_accounts/{sa}/api_keys/{key}", z.auth(adminOnly(z.updateKey)))
	mux.HandleFunc("POST /api/v1/service_accounts/{sa}/api_keys", z.auth(adminOnly(z.createKey)))
	mux.HandleFunc("GET /api/v1/projects", z.auth(func(w http.ResponseWriter, r *http.Request, who string) {
		writeJSON(w, 200, map[string]any{"items": []any{map[string]string{"id": "9f0c0000-0000-4000-8000-000000000000", "name": "default"}}})
	}))
	mux.HandleFunc("GET /api/v1/schedules", z.auth(func(w http.ResponseWriter, r *http.Request, who string) {
		writeJSON(w, 200, map[string]any{"items": []any{}})
	}))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		z.mu.Lock()
		defer z.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	z.URL = srv.URL
	return z, encodeKey(k.id, k.secret)
}

func randHex() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func encodeKey(id, secret string) string {
	b, _ := json.Marshal(map[string]string{"id": id, "key": secret})
	return "ZENKEY_" + base64.StdEncoding.EncodeToString(b)
}

func zenmlErr(w http.ResponseWriter, status int, class, msg string) {
	writeJSON(w, status, map[string]any{"detail": []string{class, msg}})
}

// valid reports whether secret logs in as k now: the current secret, or
// the previous one inside the window.
func (z *ZenML) valid(k *zenmlKey, secret string) (gen int, ok bool) {
	if !k.active {
		return 0, false
	}
	if secret == k.secret {
		return k.generation, true
	}
	if k.previous != "" && secret == k.previous && z.Clock.Before(k.lastRotated.Add(time.Duration(k.retainMinutes)*time.Minute)) {
		return k.generation - 1, true
	}
	return 0, false
}

func (z *ZenML) login(w http.ResponseWriter, r *http.Request) {
	form, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	r.Form, _ = url.ParseQuery(string(form))
	if r.Form.Get("grant_type") == "password" {
		if pw, ok := z.Users[r.Form.Get("username")]; ok && pw == r.Form.Get("password") {
			tok := "tok-user-" + randHex()[:8]
			z.tokens[tok] = "user:" + r.Form.Get("username")
			writeJSON(w, 200, map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": nil})
			return
		}
		if r.Form.Get("username") != z.AdminUser || r.Form.Get("password") != z.AdminPassword {
			if z.EchoLogin {
				zenmlErr(w, 401, "CredentialsNotValid", "Authentication error: invalid form "+string(form))
				return
			}
			zenmlErr(w, 401, "CredentialsNotValid", "Authentication error: invalid username or password")
			return
		}
		tok := "tok-admin-" + randHex()[:8]
		z.tokens[tok] = "admin"
		writeJSON(w, 200, map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": nil})
		return
	}
	raw := r.Form.Get("password")
	b, err := base64.StdEncoding.DecodeString(trimPrefix(raw, "ZENKEY_"))
	var p struct{ ID, Key string }
	if err != nil || json.Unmarshal(b, &p) != nil || z.keys[p.ID] == nil {
		zenmlErr(w, 401, "CredentialsNotValid", "Authentication error: error decoding API key")
		return
	}
	k := z.keys[p.ID]
	gen, ok := z.valid(k, p.Key)
	if !ok {
		zenmlErr(w, 401, "CredentialsNotValid", "Authentication error: invalid API key")
		return
	}
	tok := "tok-" + randHex()[:8]
	z.tokens[tok] = fmt.Sprintf("%s/%d", k.id, gen)
	writeJSON(w, 200, map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": nil})
}

func trimPrefix(s, p string) string {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

// auth checks the bearer token; a key's token dies when its generation
// is no longer valid (zenml PR #5025).
func (z *ZenML) auth(h func(http.ResponseWriter, *http.Request, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok := trimPrefix(r.Header.Get("Authorization"), "Bearer ")
		who, ok := z.tokens[tok]
		if ok && who != "admin" && !strings.HasPrefix(who, "user:") {
			var id string
			var gen int
			fmt.Sscanf(replaceSlash(who), "%s %d", &id, &gen)
			k := z.keys[id]
			cur := k.active && (gen == k.generation || gen == k.generation-1 && z.Clock.Before(k.lastRotated.Add(time.Duration(k.retainMinutes)*time.Minute)))
			if !cur {
				ok = false
			}
		}
		if !ok {
			zenmlErr(w, 401, "CredentialsNotValid", "Authentication error: invalid token")
			return
		}
		h(w, r, who)
	}
}

func replaceSlash(s string) string {
	b := []byte(s)
	for i := range b {
		if b[i] == '/' {
			b[i] = ' '
		}
	}
	return string(b)
}

func (z *ZenML) currentUser(w http.ResponseWriter, r *http.Request, who string) {
	if who == "admin" {
		writeJSON(w, 200, map[string]any{"id": "aaaaaaaa-0000-4000-8000-000000000000", "name": z.AdminUser, "body": map[string]any{"is_service_account": false, "is_admin": true}})
		return
	}
	if name, ok := strings.CutPrefix(who, "user:"); ok {
		writeJSON(w, 200, map[string]any{"id": "bbbbbbbb-0000-4000-8000-000000000000", "name": name, "body": map[string]any{"is_service_account": false, "is_admin": false}})
		return
	}
	writeJSON(w, 200, map[string]any{"id": z.AccountID, "name": z.AccountName, "body": map[string]any{"is_service_account": true, "is_admin": false}})
}

// listAccounts is one page of service accounts: another account first
// (without keys), then the one with the key.
func (z *ZenML) listAccounts(w http.ResponseWriter, r *http.Request, who string) {
	items := []any{
		map[string]any{"id": "5a7c6b8e-0000-4000-8000-00000000b0b0", "name": "other", "body": map[string]any{"active": true}},
		map[string]any{"id": z.AccountID, "name": z.AccountName, "body": map[string]any{"active": true}},
	}
	writeJSON(w, 200, map[string]any{"index": 1, "max_size": 1000, "total_pages": 1, "total": len(items), "items": items})
}

func (z *ZenML) keyJSON(k *zenmlKey, withKey bool) map[string]any {
	body := map[string]any{"active": k.active, "created": k.created.Format("2006-01-02T15:04:05.000000")}
	if withKey {
		body["key"] = encodeKey(k.id, k.secret)
	}
	var rot any
	if !k.lastRotated.IsZero() {
		rot = k.lastRotated.Format("2006-01-02T15:04:05.000000")
	}
	return map[string]any{"id": k.id, "name": k.name, "body": body,
		"metadata": map[string]any{"retain_period_minutes": k.retainMinutes, "last_rotated": rot, "last_login": nil}}
}

func (z *ZenML) keyOf(w http.ResponseWriter, r *http.Request) *zenmlKey {
	k := z.keys[r.PathValue("key")]
	if r.PathValue("sa") != z.AccountID || k == nil {
		zenmlErr(w, 404, "KeyError", "Unable to get API key with ID "+r.PathValue("key")+": No API key with this ID found.")
		return nil
	}
	return k
}

func (z *ZenML) getKey(w http.ResponseWriter, r *http.Request, who string) {
	if k := z.keyOf(w, r); k != nil {
		writeJSON(w, 200, z.keyJSON(k, false))
	}
}

func (z *ZenML) rotate(w http.ResponseWriter, r *http.Request, who string) {
	k := z.keyOf(w, r)
	if k == nil {
		return
	}
	var body struct {
		Retain int `json:"retain_period_minutes"`
	}
	json.NewDecoder(r.Body).Decode(&body)
	k.previous, k.secret = k.secret, randHex()
	k.generation++
	k.lastRotated, k.retainMinutes = z.Clock, body.Retain
	z.Rotations++
	if z.DropRotateAnswer {
		if hj, ok := w.(http.Hijacker); ok {
			c, _, _ := hj.Hijack()
			c.Close()
			return
		}
	}
	writeJSON(w, 200, z.keyJSON(k, true))
}

func (z *ZenML) updateKey(w http.ResponseWriter, r *http.Request, who string) {
	k := z.keyOf(w, r)
	if k == nil {
		return
	}
	var body struct {
		Active *bool `json:"active"`
	}
	json.NewDecoder(r.Body).Decode(&body)
	if body.Active != nil {
		k.active = *body.Active
	}
	writeJSON(w, 200, z.keyJSON(k, false))
}

func (z *ZenML) createKey(w http.ResponseWriter, r *http.Request, who string) {
	var body struct{ Name string }
	json.NewDecoder(r.Body).Decode(&body)
	k := &zenmlKey{id: fmt.Sprintf("0b6d6f6a-0000-4000-8000-%012d", len(z.keys)+1), name: body.Name, active: true, created: z.Clock, secret: randHex()}
	z.keys[k.id] = k
	writeJSON(w, 201, z.keyJSON(k, true))
}

// adminOnly answers 403 IllegalOperationError to anyone but an admin, as
// verify_admin_status_if_no_rbac does for key changes without RBAC.
func adminOnly(h func(http.ResponseWriter, *http.Request, string)) func(http.ResponseWriter, *http.Request, string) {
	return func(w http.ResponseWriter, r *http.Request, who string) {
		if who != "admin" {
			zenmlErr(w, 403, "IllegalOperationError", "Only admin users can perform this operation.")
			return
		}
		h(w, r, who)
	}
}

// Advance moves the server's clock.
func (z *ZenML) Advance(d time.Duration) {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.Clock = z.Clock.Add(d)
}

// KeyActive reports whether key id is active.
func (z *ZenML) KeyActive(id string) bool {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.keys[id] != nil && z.keys[id].active
}

// Set changes a field under the lock.
func (z *ZenML) Set(fn func(*ZenML)) {
	z.mu.Lock()
	defer z.mu.Unlock()
	fn(z)
}
