package doctor

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Ids in testdata/, captured from a real ZenML 0.98.0 server.
const (
	projectID = "fa20b1cc-1b94-43de-a517-62698f86f1ce"
	stackID   = "02ac9c80-7c1a-4fb5-96bd-2df1314033d3"
	unknownID = "3a2e9d42-1b6c-4e0a-9c56-2f8d7e4b1a00"
	token     = "ACCESS-TOKEN-3f9c1e7d2b"

	serviceAccountID = "fdb7714b-0d60-4bfa-b073-88311d63a134" // in current-user-service-account.json
)

// makeKey builds a ZENKEY_ as ZenML encodes it.
func makeKey(id, secret string) string {
	return "ZENKEY_" + base64.StdEncoding.EncodeToString([]byte(`{"id": "`+id+`", "key": "`+secret+`"}`))
}

var (
	goodKeyID = "c28e0583-8519-41a1-9b31-ed488a7ff9bb"
	goodKey   = makeKey(goodKeyID, strings.Repeat("5ec7", 16))
)

func testdata(t testing.TB, name string) string {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fakeZenML answers as a ZenML 0.98 server does, replaying real answers,
// and records every request it receives.
type fakeZenML struct {
	t      testing.TB
	key    string // the key that logs in
	also   string // a second key that logs in, as the same account
	human  bool   // the key's account is a person, not a service account
	login  func(w http.ResponseWriter) bool
	apiKey func(w http.ResponseWriter) bool // answers the key's record instead

	mu       sync.Mutex
	requests []string // "METHOD path", and the body of each
}

func (f *fakeZenML) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	f.mu.Lock()
	f.requests = append(f.requests, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization")+" "+string(body))
	f.mu.Unlock()
	json := func(status int, s string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, s)
	}
	authed := r.Header.Get("Authorization") == "Bearer "+token
	unauth := `{"detail":["CredentialsNotValid","Authentication error: error decoding access token: Invalid JWT token: Not enough segments."]}`
	switch {
	case r.URL.Path == "/health":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok")
	case r.URL.Path == "/api/v1/info":
		json(200, testdata(f.t, "info.json"))
	case r.URL.Path == "/api/v1/login" && r.Method == "POST":
		if f.login != nil && f.login(w) {
			return
		}
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		r.ParseForm()
		if r.PostForm.Get("grant_type") == "zenml-api-key" && (r.PostForm.Get("password") == f.key || f.also != "" && r.PostForm.Get("password") == f.also) {
			json(200, strings.Replace(testdata(f.t, "login.json"), "ACCESS-TOKEN", token, 1))
		} else {
			json(401, testdata(f.t, "login-401.json"))
		}
	case r.URL.Path == "/api/v1/current-user":
		switch {
		case !authed:
			json(401, unauth)
		case f.human:
			json(200, testdata(f.t, "current-user-human.json"))
		default:
			json(200, testdata(f.t, "current-user-service-account.json"))
		}
	case r.URL.Path == "/api/v1/service_accounts/"+serviceAccountID+"/api_keys/"+goodKeyID && r.URL.Query().Get("hydrate") == "true":
		switch {
		case !authed:
			json(401, unauth)
		case f.apiKey != nil && f.apiKey(w):
		default:
			json(200, testdata(f.t, "api-key.json"))
		}
	case strings.HasPrefix(r.URL.Path, "/api/v1/projects/"), strings.HasPrefix(r.URL.Path, "/api/v1/stacks/"):
		id := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		switch {
		case !authed:
			json(401, unauth)
		case id == projectID:
			json(200, testdata(f.t, "project.json"))
		case id == stackID:
			json(200, testdata(f.t, "stack.json"))
		case strings.Contains(r.URL.Path, "/stacks/"):
			json(404, `{"detail":["KeyError","\"Unable to get stack with ID '`+id+`': No stack with this ID found\""]}`)
		default:
			json(404, strings.ReplaceAll(testdata(f.t, "project-404.json"), unknownID, id))
		}
	case strings.HasPrefix(r.URL.Path, "/api/"):
		json(404, `{"detail":"Not Found"}`)
	default:
		// ZenML answers any other path with its dashboard, status 200.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, testdata(f.t, "dashboard.html"))
	}
}

// seen is everything the server received, joined.
func (f *fakeZenML) seen() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.requests, "\n")
}

func newFake(t *testing.T) (*fakeZenML, *httptest.Server) {
	f := &fakeZenML{t: t, key: goodKey}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

// env is a complete, correct environment for the server at url.
func env(url string, extra ...string) map[string]string {
	e := map[string]string{
		"ZENML_STORE_URL":         url,
		"ZENML_STORE_API_KEY":     goodKey,
		"ZENML_ACTIVE_PROJECT_ID": projectID,
		"ZENML_ACTIVE_STACK_ID":   stackID,
	}
	for _, kv := range extra {
		k, v, _ := strings.Cut(kv, "=")
		if v == "<unset>" {
			delete(e, k)
		} else {
			e[k] = v
		}
	}
	return e
}

// testNow is the time the tests run at: the key in api-key.json was
// created 11 days before, and last logged in 5 days before.
var testNow = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

// input runs online with a short timeout, a fixed local zenml version, no
// proxy, an empty process environment and a fixed clock.
func input(e map[string]string) Input {
	return Input{Env: e, Timeout: 2 * time.Second, Environ: []string{}, Now: func() time.Time { return testNow },
		Probe: func(context.Context) (ClientInfo, error) { return ClientInfo{ZenML: "0.98.1"}, nil },
		Proxy: func(*url.URL) (*url.URL, error) { return nil, nil }}
}

// find returns the result with id, failing the test when there is none.
func find(t *testing.T, results []Result, id string) Result {
	t.Helper()
	for _, r := range results {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no %q result in:\n%s", id, dump(results))
	return Result{}
}

func dump(results []Result) string {
	var b strings.Builder
	for _, r := range results {
		fmt.Fprintf(&b, "  %s %s [%s] %s | %s\n", r.Status, r.ID, r.Title, r.Detail, r.Fix)
	}
	return b.String()
}
