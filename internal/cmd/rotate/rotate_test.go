package rotate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gokeyring "github.com/zalando/go-keyring"

	cmdpush "github.com/zenv-dev/zenv/internal/cmd/push"
	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
	oskeyring "github.com/zenv-dev/zenv/internal/keyring"
	"github.com/zenv-dev/zenv/internal/keysource"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/push"
	"github.com/zenv-dev/zenv/internal/testsupport/cmdtest"
	"github.com/zenv-dev/zenv/internal/testsupport/fakestores"
	"net/url"
)

const (
	ghToken = "ghp_test0123456789abcdefTOKEN"
	glToken = "glpat-test0123456789TOKEN"
)

// fakeKeyring is the real keyring store over go-keyring's mock (the
// profile's {keyring:} source reads it too), whose writes can fail.
type fakeKeyring struct {
	store   *oskeyring.Store
	items   map[string]string // what was read or written last, for the checks
	failSet bool
}

func (k *fakeKeyring) Get(name string) (string, error) {
	v, err := k.store.Get(name)
	if err == nil {
		k.items[name] = v
	}
	return v, err
}

func (k *fakeKeyring) Set(name, key string) error {
	if k.failSet {
		return errors.New("the OS keyring did not answer")
	}
	if err := k.store.Set(name, key); err != nil {
		return err
	}
	k.items[name] = key
	return nil
}

type world struct {
	z        *fakestores.ZenML
	gh       *fakestores.GitHub
	gl       *fakestores.GitLab
	kr       *fakeKeyring
	firstKey string
	config   string
	state    string
	env      map[string]string
	out      string
	errOut   string
	exit     int
	// wrapLoad, when set, stands between rotate and the profile's Load.
	wrapLoad func(cmdpush.LoadFunc) cmdpush.LoadFunc
}

func newWorld(t *testing.T, apiKey string) *world {
	w := &world{gh: fakestores.NewGitHub(t, ghToken), gl: fakestores.NewGitLab(t, glToken, "acme/train", "42"),
		state: t.TempDir()}
	w.z, w.firstKey = fakestores.NewZenML(t)
	gokeyring.MockInit()
	store, err := oskeyring.New(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	store.LockPath = ""
	w.kr = &fakeKeyring{store: store, items: map[string]string{}}
	if err := w.kr.Set("prod", w.firstKey); err != nil {
		t.Fatal(err)
	}
	w.env = map[string]string{"GITHUB_TOKEN": ghToken, "GITLAB_TOKEN": glToken, "ADMIN_PW": "pw", "ZENML_PROD_KEY": w.firstKey}
	if apiKey == "" {
		apiKey = "{keyring: prod}"
	}
	w.config = filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(w.config, []byte(fmt.Sprintf(`profiles:
  prod:
    url: %s
    api_key: %s
    gitlab_variable: ZENML_PROD_KEY
    push:
      - github: acme/train
        token: {env: GITHUB_TOKEN}
        api: %s
      - gitlab: acme/train
        token: {env: GITLAB_TOKEN}
        api: %s
`, w.z.URL, apiKey, w.gh.URL, w.gl.URL)), 0o600)
	return w
}

var admin = []string{"--admin-user", "admin", "--admin-password-env", "ADMIN_PW"}

func (w *world) run(t *testing.T, args ...string) {
	t.Helper()
	f, out, errOut := cmdtest.Factory(t, func(k string) string { return w.env[k] })
	cmd := NewCmdRotate(f, func(o *RotateOptions) error {
		o.Keyring = func() (push.KeyringStore, error) { return w.kr, nil }
		o.Sleep = func(context.Context, time.Duration) error { return nil }
		o.StateDir = w.state
		if w.wrapLoad != nil {
			o.Load = w.wrapLoad(o.Load)
		}
		o.Clock = func() time.Time { var c time.Time; w.z.Set(func(z *fakestores.ZenML) { c = z.Clock }); return c }
		return rotateRun(context.Background(), o)
	})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(append([]string{"--config", w.config, "-p", "prod"}, args...))
	err := cmd.Execute()
	if err != nil {
		fmt.Fprintln(errOut, "ERROR: "+f.Redactor.String(err.Error()))
	}
	f.FlushWarnings()
	w.out, w.errOut, w.exit = out.String(), errOut.String(), cmdutil.ExitCode(err)
	for _, s := range []string{w.firstKey, w.kr.items["prod"], ghToken, glToken} {
		if strings.Contains(w.out+w.errOut, s) {
			t.Fatalf("a secret reached the output:\n%s%s", w.out, w.errOut)
		}
	}
}

func TestRotateSavesThePushesAndSaysWhenTheOldKeyStops(t *testing.T) {
	w := newWorld(t, "")
	w.run(t, admin...)
	if w.exit != 0 {
		t.Fatalf("exit %d\n%s%s", w.exit, w.out, w.errOut)
	}
	newKey := w.kr.items["prod"]
	if newKey == w.firstKey || !strings.HasPrefix(newKey, "ZENKEY_") {
		t.Fatalf("the keyring item was not replaced by the new key")
	}
	if got, _ := w.gh.Secret("acme/train", "ZENML_STORE_API_KEY"); got != newKey {
		t.Errorf("GitHub holds another key")
	}
	if v, _ := w.gl.Var("ZENML_PROD_KEY", "*"); v.Value != newKey {
		t.Errorf("GitLab holds another key")
	}
	if !strings.Contains(w.errOut, "the old key keeps working until 2026-11-30 13:00:00 UTC, then stops") {
		t.Errorf("stderr:\n%s", w.errOut)
	}
	if w.z.Rotations != 1 {
		t.Errorf("%d rotations", w.z.Rotations)
	}
	// A second rotation inside the window is refused: it would end the
	// first key at once.
	w.z.Advance(10 * time.Minute)
	w.run(t, admin...)
	if w.exit != 2 || !strings.Contains(w.errOut, "a retention window is open until 2026-11-30 13:00:00 UTC") || w.z.Rotations != 1 {
		t.Fatalf("inside the window: exit %d, %d rotations\n%s", w.exit, w.z.Rotations, w.errOut)
	}
	w.run(t, append(admin, "--now")...)
	if w.exit != 0 || w.z.Rotations != 2 || !strings.Contains(w.errOut, "--now: the key from before the last rotation stops working now") {
		t.Fatalf("--now: exit %d\n%s", w.exit, w.errOut)
	}
}

func TestANonAdminIsToldWhatIsNeeded(t *testing.T) {
	w := newWorld(t, "")
	w.run(t)
	if w.exit != 2 || w.out != "" || !strings.Contains(w.errOut, "403 IllegalOperationError") || !strings.Contains(w.errOut, "pass --admin-user NAME with --admin-password-env NAME") {
		t.Fatalf("exit %d\n%s%s", w.exit, w.out, w.errOut)
	}
	if w.kr.items["prod"] != w.firstKey || w.z.Rotations != 0 {
		t.Errorf("something changed")
	}
}

func TestPartialFailureExits1AndResumeCompletes(t *testing.T) {
	w := newWorld(t, "")
	w.run(t, admin...) // warm: a first rotation, all fine
	w.z.Advance(2 * time.Hour)
	w.gl.SetDown(true)
	// Preflight refuses while GitLab is down: nothing is rotated.
	w.run(t, admin...)
	if w.exit != 2 || !strings.Contains(w.errOut, "a destination cannot be written, so nothing was rotated") || w.z.Rotations != 1 {
		t.Fatalf("preflight: exit %d\n%s", w.exit, w.errOut)
	}
	// GitLab fails between the preflight and the push: GitHub gets the key.
	w.gl.SetDown(false)
	n := w.gh.Writes()
	w.gh.Set(func(g *fakestores.GitHub) { g.FailWrite = n + 1 })
	w.run(t, admin...)
	if w.exit != 1 || !strings.Contains(w.out, "github acme/train secret ZENML_STORE_API_KEY: failed") ||
		!strings.Contains(w.out, "gitlab acme/train variable ZENML_PROD_KEY: written and verified") ||
		!strings.Contains(w.errOut, "run zenv rotate -p prod --resume") {
		t.Fatalf("partial: exit %d\n%s%s", w.exit, w.out, w.errOut)
	}
	newKey := w.kr.items["prod"]
	if v, _ := w.gl.Var("ZENML_PROD_KEY", "*"); v.Value != newKey {
		t.Errorf("GitLab does not hold the saved key")
	}
	w.run(t, "--resume")
	if w.exit != 0 || w.z.Rotations != 2 {
		t.Fatalf("resume: exit %d, %d rotations\n%s%s", w.exit, w.z.Rotations, w.out, w.errOut)
	}
	if got, _ := w.gh.Secret("acme/train", "ZENML_STORE_API_KEY"); got != newKey {
		t.Errorf("after --resume GitHub holds another key")
	}
}

func TestAKeyZenvCannotWriteIsRefusedUpFront(t *testing.T) {
	w := newWorld(t, "{env: ZENML_PROD_KEY}")
	w.run(t, admin...)
	if w.exit != 2 || !strings.Contains(w.errOut, "move it to the OS keyring first: printenv ZENML_PROD_KEY | zenv key set prod, then set api_key: {keyring: prod}") || w.z.Rotations != 0 {
		t.Fatalf("exit %d\n%s", w.exit, w.errOut)
	}
}

func TestALostRotateAnswerIsFoundThroughLastRotatedAndNeverRetried(t *testing.T) {
	w := newWorld(t, "")
	w.z.Set(func(z *fakestores.ZenML) { z.DropRotateAnswer = true })
	w.run(t, admin...)
	if w.exit != 1 || w.z.Rotations != 1 || !strings.Contains(w.errOut, "the server rotated the key, but its answer was lost") ||
		!strings.Contains(w.errOut, "zenv rotate -p prod --strategy replace") {
		t.Fatalf("exit %d, %d rotations\n%s", w.exit, w.z.Rotations, w.errOut)
	}
	// The recovery: a second key, pushed, then the first deactivated.
	w.z.Set(func(z *fakestores.ZenML) { z.DropRotateAnswer = false })
	w.run(t, append(admin, "--strategy", "replace")...)
	if w.exit != 0 || w.z.KeyActive("0b6d6f6a-0000-4000-8000-000000000001") {
		t.Fatalf("replace: exit %d\n%s%s", w.exit, w.out, w.errOut)
	}
	if got, _ := w.gh.Secret("acme/train", "ZENML_STORE_API_KEY"); got != w.kr.items["prod"] || got == w.firstKey {
		t.Errorf("GitHub does not hold the replacement key")
	}
}

func TestASaveFailureWritesAPrivateRecoveryFile(t *testing.T) {
	w := newWorld(t, "")
	w.kr.failSet = true
	w.run(t, admin...)
	if w.exit != 1 || !strings.Contains(w.errOut, "the new key is in ") {
		t.Fatalf("exit %d\n%s", w.exit, w.errOut)
	}
	files, _ := filepath.Glob(filepath.Join(w.state, "recovery", "prod-*.key"))
	if len(files) != 1 {
		t.Fatalf("recovery files: %v", files)
	}
	fi, _ := os.Stat(files[0])
	b, _ := os.ReadFile(files[0])
	if fi.Mode().Perm() != 0o600 || !strings.HasPrefix(string(b), "ZENKEY_") || strings.TrimSpace(string(b)) == w.firstKey {
		t.Errorf("recovery file mode %v", fi.Mode().Perm())
	}
}

func TestAZenMLProWorkspaceIsRefusedBeforeAnyChange(t *testing.T) {
	w := newWorld(t, "")
	w.z.Set(func(z *fakestores.ZenML) { z.AuthScheme = "EXTERNAL" })
	w.run(t, admin...)
	if w.exit != 2 || !strings.Contains(w.errOut, "this is a ZenML Pro workspace (auth_scheme EXTERNAL), whose workspace keys cannot be rotated") || w.z.Rotations != 0 {
		t.Fatalf("exit %d\n%s", w.exit, w.errOut)
	}
}

func TestALiteralKeyIsReplacedInTheConfigFile(t *testing.T) {
	w := newWorld(t, "")
	b, _ := os.ReadFile(w.config)
	os.WriteFile(w.config, []byte(strings.Replace(string(b), "api_key: {keyring: prod}", "api_key: {value: \""+w.firstKey+"\"} # the literal key", 1)), 0o600)
	w.run(t, admin...)
	after, _ := os.ReadFile(w.config)
	if w.exit != 0 || strings.Contains(string(after), w.firstKey) || !strings.Contains(string(after), "api_key: {value: \"ZENKEY_") || !strings.Contains(string(after), "# the literal key") {
		t.Fatalf("exit %d\n%s\nconfig:\n%s", w.exit, w.errOut, after)
	}
	if got, _ := w.gh.Secret("acme/train", "ZENML_STORE_API_KEY"); !strings.Contains(string(after), got) {
		t.Errorf("GitHub holds another key than the config file")
	}
}

// A literal key is saved only when the profile, loaded again, reads the
// new key: an edit the profile does not see (here, a load that still
// gives the old key) is a failed save, with the new key in a recovery file.
func TestALiteralKeyTheProfileDoesNotReadBackIsAFailedSave(t *testing.T) {
	w := newWorld(t, "")
	b, _ := os.ReadFile(w.config)
	os.WriteFile(w.config, []byte(strings.Replace(string(b), "api_key: {keyring: prod}", "api_key: {value: \""+w.firstKey+"\"}", 1)), 0o600)
	w.wrapLoad = func(load cmdpush.LoadFunc) cmdpush.LoadFunc {
		var first *cmdpush.Loaded
		return func(ctx context.Context, po *cmdutil.ProfileOptions, lo cmdpush.LoadOptions) (*cmdpush.Loaded, error) {
			if first != nil {
				return first, nil
			}
			l, err := load(ctx, po, lo)
			first = l
			return l, err
		}
	}
	w.run(t, admin...)
	if w.exit != 1 || !strings.Contains(w.errOut, "does not read the new key from it") || !strings.Contains(w.errOut, "the new key is in ") {
		t.Fatalf("exit %d\n%s%s", w.exit, w.out, w.errOut)
	}
	if files, _ := filepath.Glob(filepath.Join(w.state, "recovery", "prod-*.key")); len(files) != 1 {
		t.Fatalf("recovery files: %v", files)
	}
	if got, _ := w.gh.Secret("acme/train", "ZENML_STORE_API_KEY"); got != "" {
		t.Errorf("a key was pushed although it was not saved")
	}
}

// TestAKeyZenvCannotWriteIsRefusedBeforeTheServerIsAsked calls rotateRun
// directly, with a fake Load: a key source zenv cannot write a rotated key
// back to is refused up front with the line that moves the key to the
// keyring, and an admin password that cannot be read stops the run too;
// either way no server is contacted, so nothing is rotated.
func TestAKeyZenvCannotWriteIsRefusedBeforeTheServerIsAsked(t *testing.T) {
	tests := []struct {
		name   string
		key    keysource.Source
		path   string // the profile's config file; "" for a profile from flags
		admin  bool   // --admin-user with a password whose read fails
		resume bool
		want   string
	}{
		{name: "an environment variable", key: keysource.Env{Name: "ZENML_PROD_KEY"}, path: "/c.yaml",
			want: "the key comes from environment variable ZENML_PROD_KEY, which zenv cannot write, so a rotated key could not be saved; move it to the OS keyring first: printenv ZENML_PROD_KEY | zenv key set prod, then set api_key: {keyring: prod} in the profile"},
		{name: "standard input", key: keysource.Stdin{}, path: "/c.yaml",
			want: "move it to the OS keyring first: zenv key set prod, then"},
		{name: "a literal key without a config file", key: keysource.Value{From: "--api-key-value"},
			want: "move it to the OS keyring first: zenv key set prod, then"},
		{name: "an admin password that cannot be read", key: keysource.Keyring{Name: "prod"}, path: "/c.yaml", admin: true,
			want: "admin password: environment variable ADMIN_PW is empty"},
		{name: "resume reads the admin password too", key: keysource.Env{Name: "ZENML_PROD_KEY"}, path: "/c.yaml", admin: true, resume: true,
			want: "admin password: environment variable ADMIN_PW is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var events []string
			o := &RotateOptions{
				IO: &iostreams.IOStreams{}, Strategy: "rotate", Retain: time.Hour, Resume: tt.resume, Format: "text",
				adminFlags: map[string]*string{}, adminBools: map[string]*bool{},
				Load: func(context.Context, *cmdutil.ProfileOptions, cmdpush.LoadOptions) (*cmdpush.Loaded, error) {
					p := &profile.Profile{Name: "prod", Path: tt.path, URL: "https://zenml.example.com", Key: tt.key}
					deps := push.Deps{HTTPClient: func() (push.Doer, error) {
						events = append(events, "server")
						return nil, errors.New("no server in this test")
					}}
					return &cmdpush.Loaded{Profile: p, Key: "ZENKEY_x", Deps: deps}, nil
				},
				ReadSecret: func(_ context.Context, src keysource.Source, _ time.Duration, what string, _ bool) (string, error) {
					events = append(events, "read "+what)
					return "", errors.New(what + ": " + src.Describe() + " is empty")
				},
				Secret:        func(string) { events = append(events, "secret") },
				Redact:        func(s string) string { return s },
				Notice:        func(m string) { events = append(events, "notice") },
				FlushWarnings: func() { events = append(events, "flush") },
			}
			if tt.admin {
				pw := "ADMIN_PW"
				o.AdminUser, o.adminFlags["env"] = "admin", &pw
			}
			err := rotateRun(context.Background(), o)
			if err == nil || !strings.Contains(err.Error(), tt.want) || cmdutil.ExitCode(err) != cmdutil.ExitInput {
				t.Fatalf("got %v (exit %d), want %q", err, cmdutil.ExitCode(err), tt.want)
			}
			want := ""
			if tt.admin {
				want = "read admin password"
			}
			if got := strings.Join(events, ","); got != want {
				t.Errorf("did %q before refusing, want %q", got, want)
			}
		})
	}
}

func TestAnAdminUserWhoIsNotAnAdminIsToldSo(t *testing.T) {
	w := newWorld(t, "")
	w.z.Set(func(z *fakestores.ZenML) { z.Users = map[string]string{"bob": "pw"} })
	w.run(t, "--admin-user", "bob", "--admin-password-env", "ADMIN_PW")
	if w.exit != 2 || !strings.Contains(w.errOut, "user bob is not an admin, and only an admin user may change service-account keys") ||
		strings.Contains(w.errOut, "pass --admin-user NAME") || w.z.Rotations != 0 {
		t.Fatalf("exit %d\n%s", w.exit, w.errOut)
	}
}

// After a lost rotate answer the profile's key is dead (retain 0, or the
// window closed): the recovery rotate offers must work without it.
func TestReplaceRecoversAKeyThatNoLongerLogsIn(t *testing.T) {
	for _, tc := range []struct {
		name   string
		retain string
		wait   time.Duration
	}{{"retain 0", "0", 0}, {"window closed", "60m", 61 * time.Minute}} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, "")
			w.z.Set(func(z *fakestores.ZenML) { z.DropRotateAnswer = true })
			w.run(t, append(admin, "--retain", tc.retain)...)
			if w.exit != 1 || !strings.Contains(w.errOut, "recover now with zenv rotate -p prod --strategy replace") {
				t.Fatalf("lost answer: exit %d\n%s", w.exit, w.errOut)
			}
			w.z.Set(func(z *fakestores.ZenML) { z.DropRotateAnswer = false })
			w.z.Advance(tc.wait)
			w.run(t, append(admin, "--strategy", "replace")...)
			if w.exit != 0 || w.z.KeyActive("0b6d6f6a-0000-4000-8000-000000000001") || !strings.Contains(w.errOut, "no longer logs in; replacing it as admin user admin (service account robot)") {
				t.Fatalf("replace: exit %d\n%s%s", w.exit, w.out, w.errOut)
			}
			newKey := w.kr.items["prod"]
			if got, _ := w.gh.Secret("acme/train", "ZENML_STORE_API_KEY"); got != newKey || newKey == w.firstKey {
				t.Errorf("GitHub does not hold the replacement key")
			}
			// Without an admin credential the refusal says what is needed.
			w2 := newWorld(t, "")
			w2.z.Set(func(z *fakestores.ZenML) { z.DropRotateAnswer = true })
			w2.run(t, append(admin, "--retain", "0")...)
			w2.run(t, "--strategy", "replace")
			if w2.exit != 2 || !strings.Contains(w2.errOut, "to replace a key that no longer logs in, pass --admin-user NAME") {
				t.Fatalf("no admin: exit %d\n%s", w2.exit, w2.errOut)
			}
		})
	}
}

// A server that echoes the login form shows the admin password
// URL-encoded, after "password=" and before "&": neither form is printed.
func TestAnEchoedLoginFormDoesNotShowTheAdminPassword(t *testing.T) {
	for _, pw := range []string{"p@ss w0rd", "hunter2", "a long pass phrase/with 100% of it"} {
		w := newWorld(t, "")
		w.z.Set(func(z *fakestores.ZenML) { z.EchoLogin = true })
		w.env["ADMIN_PW"] = pw
		w.run(t, admin...)
		q := url.QueryEscape(pw)
		if w.exit != 2 || !strings.Contains(w.errOut, "invalid form") || strings.Contains(w.errOut, q) || strings.Contains(w.errOut, pw) {
			t.Fatalf("password %q: exit %d\n%s", pw, w.exit, w.errOut)
		}
	}
}

// The key and the admin password never cross a network in clear text:
// plain http to another host is refused before anything is sent.
func TestPlainHTTPToAnotherHostIsRefusedBeforeAnythingIsSent(t *testing.T) {
	w := newWorld(t, "")
	b, _ := os.ReadFile(w.config)
	os.WriteFile(w.config, []byte(strings.Replace(string(b), "url: "+w.z.URL, "url: http://zenml.example.com", 1)), 0o600)
	n := w.gh.Writes()
	w.run(t, admin...)
	if w.exit != 2 || w.out != "" || !strings.Contains(w.errOut, "url is plain http to another host, so rotating would send the key and the admin password in clear text; nothing was sent") {
		t.Fatalf("exit %d\n%s%s", w.exit, w.out, w.errOut)
	}
	if w.gh.Writes() != n || w.z.Rotations != 0 {
		t.Errorf("something was sent")
	}
	// Without admin flags no admin password is involved: the refusal says
	// what rotate would send, the profile's key.
	w.run(t)
	if w.exit != 2 || !strings.Contains(w.errOut, "so rotating would send the profile's key in clear text") || strings.Contains(w.errOut, "admin password") {
		t.Errorf("without --admin-user: exit %d\n%s", w.exit, w.errOut)
	}
}
