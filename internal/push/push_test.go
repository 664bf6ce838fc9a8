package push

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	oskeyring "github.com/zenv-dev/zenv/internal/keyring"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/testsupport/fakestores"
)

const key = "ZENKEY_eyJpZCI6ICIwYjZkNmY2YS0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCAia2V5IjogIjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYifQ=="

func client(t *testing.T) Doer {
	c, err := DefaultHTTPClient()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func gitlab(t *testing.T, g *fakestores.GitLab, scope string) *GitLab {
	api := NewGitLab(&API{Client: client(t), Base: g.URL}, g.Token)
	return &GitLab{API: api, Project: "acme/train", Variable: "ZENML_STORE_API_KEY", Scope: scope}
}

func TestGitLabWritesOnlyItsEnvironmentScope(t *testing.T) {
	g := fakestores.NewGitLab(t, "tok", "acme/train", "42")
	other := "ZENKEY_for-everything-else"
	g.Add(fakestores.GitLabVar{Key: "ZENML_STORE_API_KEY", Value: other, Scope: "*"})
	g.Add(fakestores.GitLabVar{Key: "ZENML_STORE_API_KEY", Value: other, Scope: "staging", Masked: true, Raw: true})
	st, _, err := gitlab(t, g, "production").Push(context.Background(), Values{Key: key})
	if err != nil || st != Verified {
		t.Fatalf("create in production: %s %v", st, err)
	}
	// The stage's variable was updated through the filter, the others
	// untouched (without the filter the stand-in answers 409, as GitLab).
	st, _, err = gitlab(t, g, "staging").Push(context.Background(), Values{Key: key})
	if err != nil || st != Verified {
		t.Fatalf("update in staging: %s %v", st, err)
	}
	for scope, want := range map[string]string{"production": key, "staging": key, "*": other} {
		if v, _ := g.Var("ZENML_STORE_API_KEY", scope); v.Value != want {
			t.Errorf("scope %s holds %q", scope, v.Value)
		}
	}
	if v, _ := g.Var("ZENML_STORE_API_KEY", "production"); !v.Masked || !v.Raw || v.Protected {
		t.Errorf("production variable: %+v", v)
	}
}

func TestGitLabMaskRulesAreCheckedBeforeSending(t *testing.T) {
	// GitLab's two rules (app/models/concerns/ci/maskable.rb).
	for _, tc := range []struct {
		value   string
		raw, ok bool
	}{
		{key, false, true},
		{key, true, true},
		{"short", true, false},
		{"has a space in it", true, false},
		{"dollar$sign!", false, false},
		{"dollar$sign!", true, true},
	} {
		if GitLabMaskable(tc.value, tc.raw) != tc.ok {
			t.Errorf("GitLabMaskable(%q, raw %v) != %v", tc.value, tc.raw, tc.ok)
		}
	}
	g := fakestores.NewGitLab(t, "tok", "acme/train", "42")
	st, _, err := gitlab(t, g, "*").Push(context.Background(), Values{Key: "has a space in it"})
	if st != Failed || err == nil || !strings.Contains(err.Error(), "nothing was sent") {
		t.Errorf("an unmaskable value: %s %v", st, err)
	}
	if _, ok := g.Var("ZENML_STORE_API_KEY", "*"); ok {
		t.Errorf("an unmaskable value reached GitLab")
	}
}

func TestAHiddenGitLabVariableIsWrittenButNotVerified(t *testing.T) {
	g := fakestores.NewGitLab(t, "tok", "acme/train", "42")
	gl := gitlab(t, g, "*")
	gl.MaskedAndHidden = true
	st, detail, err := gl.Push(context.Background(), Values{Key: key})
	if err != nil || st != Written || !strings.Contains(detail, "hidden") {
		t.Fatalf("%s %q %v", st, detail, err)
	}
	// On update, masked_and_hidden is not sent (GitLab refuses it there).
	st, _, err = gl.Push(context.Background(), Values{Key: key + "x"})
	if err != nil || st != Written {
		t.Errorf("update of a hidden variable: %s %v", st, err)
	}
	if v, _ := g.Var("ZENML_STORE_API_KEY", "*"); v.Value != key+"x" {
		t.Errorf("the hidden variable holds another value")
	}
}

func TestAWaitLongerThanTheBoundFailsAndSaysWhen(t *testing.T) {
	calls, retry := 0, "600"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Retry-After", retry)
		w.WriteHeader(429)
	}))
	defer srv.Close()
	var slept []time.Duration
	api := &API{Client: client(t), Base: srv.URL, Sleep: func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }}
	_, err := api.Do(context.Background(), "PUT", "/x", nil, map[string]string{})
	if err == nil || !strings.Contains(err.Error(), "asks to wait 10m0s, longer than zenv waits (1m30s); try again after") || calls != 1 || len(slept) != 0 {
		t.Errorf("calls %d, slept %v: %v", calls, slept, err)
	}
	// A huge Retry-After neither wraps into a short wait nor hides the date.
	retry = "99999999999999"
	_, err = api.Do(context.Background(), "PUT", "/x", nil, map[string]string{})
	if err == nil || !regexp.MustCompile(`try again after \d{4}-\d\d-\d\d \d\d:\d\d UTC`).MatchString(err.Error()) || len(slept) != 0 {
		t.Errorf("huge Retry-After: slept %v: %v", slept, err)
	}
}

func TestTheTimeToTryAgainHasTheDateWhenNotToday(t *testing.T) {
	now := time.Date(2026, 12, 4, 23, 30, 10, 0, time.UTC)
	for _, tt := range []struct {
		wait time.Duration
		want string
	}{
		{10 * time.Minute, "23:41 UTC"},
		{3*time.Hour + 42*time.Minute, "2026-12-05 03:13 UTC"},
		{400 * 24 * time.Hour, "2028-01-08 23:31 UTC"},
	} {
		if got := untilText(now, tt.wait); got != tt.want {
			t.Errorf("untilText(%s) = %q, want %q", tt.wait, got, tt.want)
		}
	}
}

func TestThrottledRequestsAreTriedABoundedNumberOfTimes(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("X-Ratelimit-Remaining", "0")
		w.Header().Set("X-Ratelimit-Reset", "0")
		w.WriteHeader(403)
	}))
	defer srv.Close()
	api := &API{Client: client(t), Base: srv.URL, Sleep: func(context.Context, time.Duration) error { return nil }}
	_, err := api.Do(context.Background(), "GET", "/x", nil, nil)
	if err == nil || calls != maxAttempts || !strings.Contains(err.Error(), "still rate limited") {
		t.Errorf("calls %d: %v", calls, err)
	}
}

// A server (or proxy) that echoes the Authorization header shows the
// auth_string's base64: the redactor knows it before it is sent.
func TestAPrefectAuthStringIsRedactedInBase64(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"detail": "bad header %s"}`, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	for _, auth := range []string{"admin:pw", "admin:a much longer pass phrase"} {
		var r redact.Redactor
		api := NewPrefect(&API{Client: client(t), Base: srv.URL}, "", auth, r.Add)
		_, _, err := (&Prefect{API: api, Block: "zenml-key"}).Push(context.Background(), Values{Key: key})
		enc := base64.StdEncoding.EncodeToString([]byte(auth))
		if err == nil || !strings.Contains(err.Error(), enc) {
			t.Fatalf("the stand-in did not echo the header: %v", err)
		}
		if got := r.String(err.Error()); strings.Contains(got, strings.TrimRight(enc, "=")) || !strings.Contains(got, "bad header Basic [redacted]") {
			t.Errorf("%s", got)
		}
	}
}

func TestStoreMessageReadsEveryShapeOfError(t *testing.T) {
	tests := []struct{ body, want string }{
		{`["ValueError", "Name too long"]`, "ValueError: Name too long"},
		{`{"detail": ["KeyError", "No API key with this ID found."]}`, "KeyError: No API key with this ID found."},
		{`{"detail": "Not authenticated"}`, "Not authenticated"},
		{`{"detail": [{"loc": ["body", "name"], "msg": "String should have at most 255 characters", "type": "string_too_long"}]}`, "String should have at most 255 characters"},
		{`{"message": "Bad credentials", "documentation_url": "x"}`, "Bad credentials"},
		{`"just a string"`, ""},
		{`not json`, ""},
	}
	for _, tt := range tests {
		if got := StoreMessage([]byte(tt.body)); got != tt.want {
			t.Errorf("StoreMessage(%s) = %q, want %q", tt.body, got, tt.want)
		}
	}
	if got := StoreMessage([]byte(`["` + strings.Repeat("é", 150) + `"]`)); !utf8.ValidString(got) || len(got) > 203 {
		t.Errorf("cut inside a character: %q", got)
	}
}

// lossyKeyring accepts every Set and keeps nothing, as a keyring whose
// write went to another collection would.
type lossyKeyring struct{}

func (lossyKeyring) Get(string) (string, error) {
	return "", fmt.Errorf("item: %w", oskeyring.ErrNotFound)
}
func (lossyKeyring) Set(string, string) error { return nil }

// A keyring write is verified only when the item reads back the key: a
// Set that reported success is not enough.
func TestAKeyringItemThatDoesNotReadBackFails(t *testing.T) {
	st, _, err := (&Keyring{Store: lossyKeyring{}, Item: "prod"}).Push(context.Background(), Values{Key: "ZENKEY_x"})
	if st != Failed || err == nil || !strings.Contains(err.Error(), "stored, but reading it back gives another value") {
		t.Fatalf("status %q, err %v", st, err)
	}
}

// A GitLab that takes the write but keeps the variable unprotected (or
// not raw) has not stored what zenv asked: the write fails, it is not
// "verified" (and the next push would never find it unchanged), and
// --check calls it drift.
func TestAGitLabVariableThatDoesNotKeepItsFlagsFails(t *testing.T) {
	for _, tc := range []struct{ name, answer, want string }{
		{"unprotected", `"raw": true, "protected": false`, "GitLab shows it protected false, not true"},
		{"not raw", `"raw": false, "protected": true`, "does not show it raw"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			written := false
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPost {
					written = true
					w.WriteHeader(http.StatusCreated)
					fmt.Fprint(w, `{}`)
					return
				}
				if !written {
					w.WriteHeader(http.StatusNotFound)
					fmt.Fprint(w, `{"message": "404 Variable Not Found"}`)
					return
				}
				fmt.Fprintf(w, `{"key": "ZENML_STORE_API_KEY", "value": %q, "masked": true, "hidden": false, %s, "environment_scope": "*"}`, key, tc.answer)
			}))
			defer srv.Close()
			g := &GitLab{API: NewGitLab(&API{Client: client(t), Base: srv.URL}, "tok"), Project: "acme/train",
				Variable: "ZENML_STORE_API_KEY", Scope: "*", Protected: true}
			st, _, err := g.Push(context.Background(), Values{Key: key})
			if st != Failed || err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("status %q, err %v", st, err)
			}
			// --check agrees: what push would write again is not in sync.
			if st, detail, err := g.Check(context.Background(), Values{Key: key}); st != Drift || err != nil {
				t.Errorf("check: %q %q %v", st, detail, err)
			}
		})
	}
}
