package doctor

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestDoctorFailsClosed: doctor exited 0 having checked nothing online
// (no python3, an empty key, no credential). Whatever online check cannot
// run, the report fails; only --offline leaves the server unasked.
func TestDoctorFailsClosed(t *testing.T) {
	closed := httptest.NewServer(nil)
	closedURL := closed.URL
	closed.Close()
	_, srv := newFake(t)
	for _, tt := range []struct {
		name string
		env  map[string]string
		id   string
		want string
	}{
		{"an empty key", env(srv.URL, "ZENML_STORE_API_KEY="), "key", "ZENML_STORE_API_KEY is set but empty"},
		{"a white-space key", env(srv.URL, "ZENML_STORE_API_KEY=  \t"), "key", "set to white space or quotes only"},
		{"an empty key, online", env(srv.URL, "ZENML_STORE_API_KEY="), "login", "there is no key to log in with"},
		{"no credential", env(srv.URL, "ZENML_STORE_API_KEY=<unset>"), "login", "no credential to log in with"},
		{"no server url", env(srv.URL, "ZENML_STORE_URL=<unset>"), "server", "not contacted: no usable ZENML_STORE_URL"},
		{"an unusable server url", env("HTTPS://zenml.example.com"), "server", "not contacted"},
		{"an unreachable server", env(closedURL), "health", "nothing listens at"},
		{"plain http to another host", env("http://zenml.invalid"), "url", "plain http to another host"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			results := Run(context.Background(), input(tt.env))
			r := find(t, results, tt.id)
			if r.Status != Fail || !strings.Contains(r.Detail, tt.want) || ExitCode(results) != 1 {
				t.Errorf("%s: %s %q, exit %d; want fail %q\n%s", tt.id, r.Status, r.Detail, ExitCode(results), tt.want, dump(results))
			}
		})
	}
	// Offline, nothing online is asked, and the variables alone decide.
	in := input(env(closedURL))
	in.Offline = true
	if results := Run(context.Background(), in); ExitCode(results) != 0 {
		t.Errorf("--offline: exit %d\n%s", ExitCode(results), dump(results))
	}
}

// TestASkippedOnlineCheckNeverPasses guards the table: should a check skip
// on its own, with no failure before it, the report still fails.
func TestASkippedOnlineCheckNeverPasses(t *testing.T) {
	got := failClosed([]Result{{ID: "health", Status: Pass}, {ID: "login", Status: Skip, Detail: "not run"}, {ID: "client-version", Status: Skip}})
	if ExitCode(got) != 1 || got[1].Status != Fail || got[2].Status != Skip {
		t.Errorf("%+v", got)
	}
}
