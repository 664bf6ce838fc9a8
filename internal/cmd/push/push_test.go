package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
	oskeyring "github.com/zenv-dev/zenv/internal/keyring"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/push"
	"github.com/zenv-dev/zenv/internal/testsupport/cmdtest"
	"github.com/zenv-dev/zenv/internal/testsupport/fakestores"
)

// testKey is a well-formed ZenML key (id + 64 hex secret).
const testKey = "ZENKEY_eyJpZCI6ICIwYjZkNmY2YS0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCAia2V5IjogIjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYifQ=="

const (
	ghToken = "ghp_test0123456789abcdefTOKEN"
	glToken = "glpat-test0123456789TOKEN"
)

// fakeKeyring is an OS keyring in memory.
type fakeKeyring map[string]string

func (k fakeKeyring) Get(name string) (string, error) {
	v, ok := k[name]
	if !ok {
		return "", fmt.Errorf("key %s: %w", name, oskeyring.ErrNotFound)
	}
	return v, nil
}
func (k fakeKeyring) Set(name, key string) error { k[name] = key; return nil }

type world struct {
	gh      *fakestores.GitHub
	gl      *fakestores.GitLab
	kr      fakeKeyring
	config  string
	env     map[string]string
	slept   []time.Duration
	out     string
	errOut  string
	exit    int
	extraYA string
}

func newWorld(t *testing.T) *world {
	w := &world{
		gh:  fakestores.NewGitHub(t, ghToken),
		gl:  fakestores.NewGitLab(t, glToken, "acme/train", "42"),
		kr:  fakeKeyring{},
		env: map[string]string{"ZENML_PROD_KEY": testKey, "GITHUB_TOKEN": ghToken, "GITLAB_TOKEN": glToken},
	}
	return w
}

func (w *world) writeConfig(t *testing.T, extra string) {
	t.Helper()
	w.config = filepath.Join(t.TempDir(), "config.yaml")
	body := fmt.Sprintf(`default: prod
profiles:
  prod:
    url: https://zenml.example.com
    api_key: {env: ZENML_PROD_KEY}
    github_secret: ZENML_PROD_KEY
    github_environment: production
    github_url_var: ZENML_PROD_URL
    gitlab_variable: ZENML_PROD_KEY
    push:
      - github: acme/train
        token: {env: GITHUB_TOKEN}
        api: %s
      - gitlab: acme/train
        token: {env: GITLAB_TOKEN}
        api: %s
        environment_scope: production
        protected: true
      - keyring: prod-backup
%s`, w.gh.URL, w.gl.URL, extra)
	if err := os.WriteFile(w.config, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

func (w *world) run(t *testing.T, args ...string) {
	t.Helper()
	getenv := func(k string) string { return w.env[k] }
	f, out, errOut := cmdtest.Factory(t, getenv)
	cmd := NewCmdPush(f, func(o *PushOptions) error {
		o.Keyring = func() (push.KeyringStore, error) { return w.kr, nil }
		o.Sleep = func(_ context.Context, d time.Duration) error { w.slept = append(w.slept, d); return nil }
		return pushRun(context.Background(), o)
	})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(append([]string{"--config", w.config}, args...))
	cmd.SetOut(out)
	cmd.SetErr(errOut)
	err := cmd.Execute()
	if err != nil && cmdutil.ExitCode(err) != 1 {
		fmt.Fprintln(errOut, f.Redactor.String(err.Error()))
	}
	f.FlushWarnings()
	w.out, w.errOut, w.exit = out.String(), errOut.String(), cmdutil.ExitCode(err)
	for _, s := range []string{testKey, ghToken, glToken} {
		if strings.Contains(w.out+w.errOut, s) {
			t.Fatalf("a secret reached the output:\n%s%s", w.out, w.errOut)
		}
	}
}

func TestPushWritesEveryDestinationAndVerifiesIt(t *testing.T) {
	w := newWorld(t)
	w.writeConfig(t, "")
	w.run(t)
	if w.exit != 0 {
		t.Fatalf("exit %d\n%s%s", w.exit, w.out, w.errOut)
	}
	// The GitHub stand-in opened the sealed box: the exact bytes.
	if got, ok := w.gh.Secret("acme/train/env/production", "ZENML_PROD_KEY"); !ok || got != testKey {
		t.Errorf("GitHub environment secret holds %q (exists %v)", got, ok)
	}
	if got, _ := w.gh.Variable("acme/train/env/production", "ZENML_PROD_URL"); got != "https://zenml.example.com" {
		t.Errorf("GitHub url variable holds %q", got)
	}
	v, ok := w.gl.Var("ZENML_PROD_KEY", "production")
	if !ok || v.Value != testKey || !v.Masked || !v.Raw || !v.Protected {
		t.Errorf("GitLab variable: %+v (exists %v)", v, ok)
	}
	if w.kr["prod-backup"] != testKey {
		t.Errorf("keyring item holds %q", w.kr["prod-backup"])
	}
	want := []string{
		"github acme/train secret ZENML_PROD_KEY (environment production): written and verified: updated_at 2026-11-30T12:00:01Z; variable ZENML_PROD_URL verified",
		"gitlab acme/train variable ZENML_PROD_KEY (environment production): written and verified",
		"keyring prod-backup: written and verified",
	}
	if got := strings.Split(strings.TrimSpace(w.out), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("status lines:\n%s\nwant:\n%s", w.out, strings.Join(want, "\n"))
	}
	// A second push finds GitLab and the keyring unchanged.
	w.run(t)
	if w.exit != 0 || !strings.Contains(w.out, "gitlab acme/train variable ZENML_PROD_KEY (environment production): unchanged") || !strings.Contains(w.out, "keyring prod-backup: unchanged") {
		t.Errorf("second push: exit %d\n%s%s", w.exit, w.out, w.errOut)
	}
}

func TestPushHonoursRetryAfterAndGitHubsGap(t *testing.T) {
	w := newWorld(t)
	w.writeConfig(t, "")
	w.gh.Set(func(g *fakestores.GitHub) { g.RateLimitNext = true })
	w.run(t)
	if w.exit != 0 {
		t.Fatalf("exit %d\n%s%s", w.exit, w.out, w.errOut)
	}
	waitedRetryAfter := false
	for _, d := range w.slept {
		if d == time.Second {
			waitedRetryAfter = true
		}
		if d > push.MaxWait {
			t.Errorf("waited %s, more than the bound", d)
		}
	}
	if !waitedRetryAfter {
		t.Errorf("zenv did not wait the Retry-After second; slept %v", w.slept)
	}
	// Writes to GitHub are spaced about a second apart (the secret, then
	// the url variable).
	spaced := false
	for _, d := range w.slept {
		spaced = spaced || d > 500*time.Millisecond && d < time.Second
	}
	if !spaced {
		t.Errorf("GitHub writes were not spaced; slept %v", w.slept)
	}
	if got, _ := w.gh.Secret("acme/train/env/production", "ZENML_PROD_KEY"); got != testKey {
		t.Errorf("after the rate limit the secret holds %q", got)
	}
}

func TestAFailedDestinationDoesNotStopTheOthersAndExits1(t *testing.T) {
	w := newWorld(t)
	w.writeConfig(t, "")
	w.gh.Set(func(g *fakestores.GitHub) { g.FailWrite = 1 })
	w.run(t)
	if w.exit != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", w.exit, w.out, w.errOut)
	}
	lines := strings.Split(strings.TrimSpace(w.out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], ": failed: PUT /repos/acme/train/environments/production/secrets/ZENML_PROD_KEY answered 500: Server Error") {
		t.Fatalf("status lines:\n%s", w.out)
	}
	if v, _ := w.gl.Var("ZENML_PROD_KEY", "production"); v.Value != testKey || w.kr["prod-backup"] != testKey {
		t.Errorf("the destinations after the failed one were not written")
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	w := newWorld(t)
	w.writeConfig(t, "")
	w.run(t, "--dry-run")
	if w.exit != 0 || len(w.gh.Requests) != 0 || len(w.kr) != 0 {
		t.Fatalf("exit %d, GitHub requests %v, keyring %v\n%s", w.exit, w.gh.Requests, w.kr, w.out)
	}
	if _, ok := w.gl.Var("ZENML_PROD_KEY", "production"); ok {
		t.Errorf("dry run wrote GitLab")
	}
	if !strings.Contains(w.out, "github acme/train secret ZENML_PROD_KEY (environment production): would write: seal the key") {
		t.Errorf("dry run output:\n%s", w.out)
	}
}

func TestCheckFindsDriftWhereTheStoreCanBeRead(t *testing.T) {
	w := newWorld(t)
	w.writeConfig(t, "")
	w.run(t)
	w.kr["prod-backup"] = "ZENKEY_old"
	w.run(t, "--check", "--format", "json")
	if w.exit != 1 {
		t.Fatalf("exit %d, want 1 for drift\n%s%s", w.exit, w.out, w.errOut)
	}
	var got struct {
		OK           bool
		Destinations []push.Result
	}
	if err := json.Unmarshal([]byte(w.out), &got); err != nil {
		t.Fatal(err)
	}
	st := map[string]push.Status{}
	for _, r := range got.Destinations {
		st[strings.Fields(r.Destination)[0]] = r.Status
	}
	// GitHub cannot be compared here: the key's last rotation comes from
	// a ZenML server this test has none of.
	if got.OK || st["keyring"] != push.Drift || st["gitlab"] != push.InSync || st["github"] != push.Unknown {
		t.Errorf("check: %+v", got)
	}
}

func TestAnEmptyOrMisshapenKeyIsRefusedBeforeAnyWrite(t *testing.T) {
	for _, key := range []string{"", "not-a-zenml-key"} {
		w := newWorld(t)
		w.env["ZENML_PROD_KEY"] = key
		w.writeConfig(t, "")
		w.run(t)
		if w.exit != 2 || w.out != "" || len(w.gh.Requests) != 0 || len(w.kr) != 0 {
			t.Errorf("key %q: exit %d, stdout %q, GitHub requests %v", key, w.exit, w.out, w.gh.Requests)
		}
	}
}

func TestAnUnreadableTokenFailsOnlyItsDestination(t *testing.T) {
	w := newWorld(t)
	delete(w.env, "GITLAB_TOKEN")
	w.writeConfig(t, "")
	w.run(t)
	if w.exit != 1 || !strings.Contains(w.out, "gitlab acme/train variable ZENML_PROD_KEY (environment production): failed: token: environment variable GITLAB_TOKEN is empty or not set") {
		t.Fatalf("exit %d\n%s", w.exit, w.out)
	}
	if got, _ := w.gh.Secret("acme/train/env/production", "ZENML_PROD_KEY"); got != testKey || w.kr["prod-backup"] != testKey {
		t.Errorf("the other destinations were not written")
	}
}

func TestATokenAStoreEchoesIsRedacted(t *testing.T) {
	echo := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.WriteHeader(401)
		fmt.Fprintf(rw, `{"message": "token %s is not valid"}`, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	}))
	defer echo.Close()
	w := newWorld(t)
	w.writeConfig(t, fmt.Sprintf("      - github: acme/other\n        token: {env: GITHUB_TOKEN}\n        api: %s\n", echo.URL))
	w.run(t) // run fails the test if the token shows
	if w.exit != 1 || !strings.Contains(w.out, "token [redacted] is not valid") {
		t.Errorf("exit %d\n%s", w.exit, w.out)
	}
}

func TestAKeyringItemAnotherProfileReadsNeedsForce(t *testing.T) {
	w := newWorld(t)
	w.writeConfig(t, "  other:\n    url: https://zenml.example.com\n    api_key: {keyring: prod-backup}\n")
	w.run(t)
	if w.exit != 1 || !strings.Contains(w.out, "keyring prod-backup: failed: profile other reads its key from this item; writing over it needs --force") || len(w.kr) != 0 {
		t.Fatalf("exit %d, keyring %v\n%s", w.exit, w.kr, w.out)
	}
	w.run(t, "--force")
	if w.exit != 0 || w.kr["prod-backup"] != testKey {
		t.Errorf("with --force: exit %d\n%s", w.exit, w.out)
	}
}

func TestAProfileWithoutDestinationsIsRefused(t *testing.T) {
	w := newWorld(t)
	w.config = filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(w.config, []byte("profiles:\n  p:\n    url: https://z.example.com\n    api_key: {env: ZENML_PROD_KEY}\n"), 0o600)
	w.run(t)
	if w.exit != 2 || !strings.Contains(w.errOut, "profile p has no push: destinations") {
		t.Errorf("exit %d: %s", w.exit, w.errOut)
	}
}

var _ = errors.New

// push --check reads the key's record by logging in with the key: never
// over plain http to another host.
func TestCheckDoesNotSendTheKeyOverPlainHTTP(t *testing.T) {
	w := newWorld(t)
	w.env["ZENML_PROD_KEY"] = "ZENKEY_eyJpZCI6ICIwYjZkNmY2YS0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCAia2V5IjogIjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYifQ=="
	w.config = filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(w.config, []byte(fmt.Sprintf(`profiles:
  prod:
    url: http://zenml.example.com
    api_key: {env: ZENML_PROD_KEY}
    push:
      - github: acme/train
        token: {env: GITHUB_TOKEN}
        api: %s
`, w.gh.URL)), 0o600)
	w.run(t)
	w.run(t, "--check")
	if !strings.Contains(w.out+w.errOut, "the key's last rotation is not read: the profile's url is plain http to another host") {
		t.Fatalf("exit %d\n%s%s", w.exit, w.out, w.errOut)
	}
}

func TestCheckComparesGitHubsUpdatedAtWithTheKeysLastRotation(t *testing.T) {
	z, zkey := fakestores.NewZenML(t)
	w := newWorld(t)
	w.env["ZENML_PROD_KEY"] = zkey
	w.config = filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(w.config, []byte(fmt.Sprintf(`profiles:
  prod:
    url: %s
    api_key: {env: ZENML_PROD_KEY}
    push:
      - github: acme/train
        token: {env: GITHUB_TOKEN}
        api: %s
`, z.URL, w.gh.URL)), 0o600)
	w.run(t, "--check")
	if w.exit != 1 || !strings.Contains(w.out, "github acme/train secret ZENML_STORE_API_KEY: drift: the secret does not exist") {
		t.Fatalf("before a push: exit %d\n%s%s", w.exit, w.out, w.errOut)
	}
	w.run(t)
	w.run(t, "--check")
	// The stand-in's key was created at 12:00:00, the secret written at 12:00:01.
	if w.exit != 0 || !strings.Contains(w.out, "github acme/train secret ZENML_STORE_API_KEY: in sync: updated_at 2026-11-30T12:00:01Z, at or after the key's last rotation") {
		t.Fatalf("after a push: exit %d\n%s%s", w.exit, w.out, w.errOut)
	}
	if strings.Contains(w.out+w.errOut, zkey) {
		t.Fatal("the key reached the output")
	}
}

// TestPushRunModesOverAKeyringDestination calls pushRun directly, with a
// fake Load and an in-memory keyring: each mode does what it says to the
// destination, flushes the warnings before the status line, passes that
// line through the redactor, and gives the exit code the help promises.
func TestPushRunModesOverAKeyringDestination(t *testing.T) {
	tests := []struct {
		name    string
		args    PushOptions
		before  string // the keyring item before; "" for none
		after   string // after
		line    string // the status line
		code    int
		loadErr error
	}{
		{name: "write", before: "", after: testKey, line: "keyring prod-backup: written and verified", code: 0},
		{name: "unchanged", before: testKey, after: testKey, line: "keyring prod-backup: unchanged", code: 0},
		{name: "dry run", args: PushOptions{DryRun: true}, before: "ZENKEY_old", after: "ZENKEY_old", line: "keyring prod-backup: would write", code: 0},
		{name: "check finds drift", args: PushOptions{Check: true}, before: "ZENKEY_old", after: "ZENKEY_old", line: "keyring prod-backup: drift", code: 1},
		{name: "check in sync", args: PushOptions{Check: true}, before: testKey, after: testKey, line: "keyring prod-backup: in sync", code: 0},
		{name: "a load that fails writes nothing", before: "", after: "", loadErr: errors.New("profile prod has no push: destinations"), code: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr := fakeKeyring{}
			if tt.before != "" {
				kr["prod-backup"] = tt.before
			}
			var out strings.Builder
			var events []string
			o := tt.args
			o.Format = "text"
			o.IO = &iostreams.IOStreams{Out: &out}
			o.FlushWarnings = func() { events = append(events, "flush") }
			o.Redact = func(s string) string {
				events = append(events, "redact")
				return s
			}
			o.Load = func(_ context.Context, po *cmdutil.ProfileOptions, lo LoadOptions) (*Loaded, error) {
				if po != &o.Profile || !lo.NeedPush {
					t.Errorf("Load got %p (want the options' profile flags) and NeedPush %v", po, lo.NeedPush)
				}
				if tt.loadErr != nil {
					return nil, tt.loadErr
				}
				p := &profile.Profile{Name: "prod", URL: "https://zenml.example.com", Push: []profile.Destination{{Kind: "keyring", Target: "prod-backup"}}}
				deps := push.Deps{Keyring: func() (push.KeyringStore, error) { return kr, nil }, Profile: "prod"}
				return &Loaded{Profile: p, Key: testKey, Deps: deps}, nil
			}
			err := pushRun(context.Background(), &o)
			if got := cmdutil.ExitCode(err); got != tt.code {
				t.Errorf("exit %d, want %d (%v)", got, tt.code, err)
			}
			if kr["prod-backup"] != tt.after {
				t.Errorf("keyring item %q, want %q", kr["prod-backup"], tt.after)
			}
			if tt.loadErr != nil {
				if out.Len() != 0 || len(events) != 0 {
					t.Errorf("a failed load printed %q and did %q", out.String(), events)
				}
				return
			}
			if !strings.HasPrefix(out.String(), tt.line) || len(events) < 2 || events[0] != "flush" || events[1] != "redact" {
				t.Errorf("output %q, events %q; want %q after the warnings, redacted", out.String(), events, tt.line)
			}
		})
	}
}
