package doctor

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/internal/httpclient"
)

func TestTheRightKeyPassesEveryCheckAgainstAZenMLServer(t *testing.T) {
	f, srv := newFake(t)
	results := Run(context.Background(), input(env(srv.URL)))
	for _, r := range results {
		if r.Status != Pass {
			t.Errorf("%s: %s %s (%s)", r.ID, r.Status, r.Detail, r.Fix)
		}
	}
	for id, want := range map[string]string{
		"info":    "ZenML 0.98.0 \"default\", deployment local",
		"login":   "the key logs in; the server set no expiry",
		"account": `service account "robot2"`,
		"project": `project "default"`,
		"stack":   `stack "default"`,
		"key":     "key id " + goodKeyID,
	} {
		if r := find(t, results, id); !strings.Contains(r.Detail, want) {
			t.Errorf("%s: %q does not say %q", id, r.Detail, want)
		}
	}
	if ExitCode(results) != 0 {
		t.Errorf("exit %d, want 0", ExitCode(results))
	}
	if !strings.Contains(f.seen(), "grant_type=zenml-api-key&password=") {
		t.Errorf("the login was not the client's form:\n%s", f.seen())
	}
}

func TestServerAnswersBecomeOneLineFindings(t *testing.T) {
	tests := []struct {
		name   string
		extra  []string
		human  bool
		login  func(w http.ResponseWriter) bool
		client string // local zenml version; "-" for none
		id     string
		status Status
		want   string
	}{
		{name: "a wrong key is refused with the server's words", extra: []string{"ZENML_STORE_API_KEY=" + makeKey(unknownID, strings.Repeat("ab", 32))},
			id: "login", status: Fail, want: "the server refused key id " + unknownID + ": Authentication error: error retrieving API key"},
		{name: "a human account is not a service account", human: true,
			id: "account", status: Warn, want: `logged in as "default", which is not a service account`},
		{name: "an unknown project", extra: []string{"ZENML_ACTIVE_PROJECT_ID=" + unknownID},
			id: "project", status: Fail, want: "no project with id " + unknownID + " on this server: Unable to get project with name or ID"},
		{name: "an unknown stack", extra: []string{"ZENML_ACTIVE_STACK_ID=" + unknownID},
			id: "stack", status: Fail, want: "no stack with id " + unknownID},
		{name: "the login rate limit", login: func(w http.ResponseWriter) bool {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(429)
			io.WriteString(w, `{"detail":"Minute request limit exceeded."}`)
			return true
		}, id: "login", status: Fail, want: "the server limits logins (5 a minute by default) and refused this one: Minute request limit exceeded."},
		{name: "a forbidden login", login: func(w http.ResponseWriter) bool {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(403)
			io.WriteString(w, `{"detail":["IllegalOperationError","The service account is inactive."]}`)
			return true
		}, id: "login", status: Fail, want: "The service account is inactive."},
		{name: "a token with a lifetime", login: func(w http.ResponseWriter) bool {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"`+token+`","token_type":"bearer","expires_in":3600}`)
			return true
		}, id: "login", status: Pass, want: "the access token lasts 1h0m0s"},
		{name: "a token that would break the next request's header", login: func(w http.ResponseWriter) bool {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"t\r\nX-Injected: 1","token_type":"bearer"}`)
			return true
		}, id: "login", status: Fail, want: "without a usable access token"},
		{name: "a client of another minor version", client: "0.97.2", id: "client-version", status: Warn, want: "the zenml here is 0.97.2, the server 0.98.0"},
		{name: "no local client", client: "-", id: "client-version", status: Skip, want: "no zenml installed for python3 here"},
		{name: "a Pro key against a local server is not sent", extra: []string{"ZENML_STORE_API_KEY=ZENPROKEY_abcdefabcdef"},
			id: "login", status: Fail, want: "not a ZenML Pro workspace (deployment local); the key was not sent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newFake(t)
			f.human, f.login = tt.human, tt.login
			in := input(env(srv.URL, tt.extra...))
			if tt.client != "" {
				v := strings.TrimPrefix(tt.client, "-")
				in.Probe = func(context.Context) (ClientInfo, error) { return ClientInfo{ZenML: v}, nil }
			}
			r := find(t, Run(context.Background(), in), tt.id)
			if r.Status != tt.status || !strings.Contains(r.Detail, tt.want) {
				t.Errorf("%s: got %s %q, want %s %q", tt.id, r.Status, r.Detail, tt.status, tt.want)
			}
			if strings.Contains(tt.name, "not sent") && strings.Contains(f.seen(), "/login") {
				t.Errorf("the key was sent:\n%s", f.seen())
			}
		})
	}
}

// faultyServers are servers that are not ZenML or misbehave, each with
// what doctor must say about it. other is a second server, on another
// origin, that must receive nothing.
func faultyServers(t *testing.T, other *httptest.Server) []struct {
	name    string
	handler http.HandlerFunc
	id      string
	want    string
} {
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	html := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
			io.WriteString(w, "<!doctype html><html><body>Internal Server Error</body></html>")
		}
	}
	zenmlUntil := func(path string, then http.HandlerFunc) http.HandlerFunc {
		f := &fakeZenML{t: t, key: goodKey}
		return func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == path {
				then(w, r)
				return
			}
			f.ServeHTTP(w, r)
		}
	}
	return []struct {
		name    string
		handler http.HandlerFunc
		id      string
		want    string
	}{
		{"hanging", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-hang:
			case <-r.Context().Done():
			}
		}, "health", "no complete answer from 127.0.0.1:"},
		{"endless slow body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			for {
				if _, err := io.WriteString(w, " "); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-hang:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}, "health", "no complete answer"},
		{"500 page", html(500), "health", "/health answered HTTP 500 with an HTML page"},
		{"HTML 200 everywhere", html(200), "info", "/api/v1/info answered an HTML page: this URL is not a ZenML server's root"},
		{"invalid JSON", zenmlUntil("/api/v1/info", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"version": "0.98.0", `)
		}), "info", "did not answer JSON with ZenML's server model"},
		{"gigabyte body", zenmlUntil("/api/v1/info", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			chunk := []byte(strings.Repeat("[", 1<<16))
			for i := 0; i < 1<<14; i++ { // 1 GiB, streamed
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}), "info", "sent an answer larger than zenv reads (1 MiB of body, 64 KiB of headers); a ZenML answer here is a few KiB"},
		{"gigabyte Content-Length", zenmlUntil("/api/v1/info", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "1073741824")
			w.WriteHeader(200)
			io.WriteString(w, "{")
		}), "info", "larger than zenv reads"},
		{"endless headers", func(w http.ResponseWriter, r *http.Request) {
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			buf.WriteString("HTTP/1.1 200 OK\r\n")
			line := "X-Filler: " + strings.Repeat("a", 1000) + "\r\n"
			for i := 0; i < 1<<20; i++ { // a gigabyte of headers
				if _, err := buf.WriteString(line); err != nil || buf.Flush() != nil {
					return
				}
			}
		}, "health", "larger than zenv reads"},
		{"redirect to another host", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
		}, "health", "redirects /health to " + other.URL + "/health; zenv did not follow it and sent nothing there"},
		{"login redirected to another host", zenmlUntil("/api/v1/login", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
		}), "login", "redirects /api/v1/login to " + other.URL},
		{"rate limit", zenmlUntil("/api/v1/login", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(429)
			io.WriteString(w, `{"error": "Server too busy. Please try again later."}`)
		}), "login", "refused this one: Server too busy. Please try again later."},
		{"echoes the key back", zenmlUntil("/api/v1/login", func(w http.ResponseWriter, r *http.Request) {
			r.ParseForm()
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(401)
			io.WriteString(w, `{"detail":["CredentialsNotValid","bad key `+r.PostForm.Get("password")+`"]}`)
		}), "login", "bad key [redacted]"},
	}
}

func TestFaultyServersGetAOneLineExplanationInTime(t *testing.T) {
	other, otherSeen := recorder(t)
	for _, tt := range faultyServers(t, other) {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			in := input(env(srv.URL))
			in.Timeout = 300 * time.Millisecond
			start := time.Now()
			results := Run(context.Background(), in)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %s", took)
			}
			r := find(t, results, tt.id)
			if r.Status != Fail || !strings.Contains(r.Detail, tt.want) || strings.ContainsAny(r.Detail+r.Fix, "\r\n") {
				t.Errorf("%s: got %s %q, want fail %q\n%s", tt.id, r.Status, r.Detail, tt.want, dump(results))
			}
			if ExitCode(results) != 1 {
				t.Errorf("exit %d, want 1", ExitCode(results))
			}
		})
	}
	if s := otherSeen(); s != "" {
		t.Errorf("the other host received requests:\n%s", s)
	}
}

// recorder is a server that records whatever reaches it.
func recorder(t *testing.T) (*httptest.Server, func() string) {
	var seen []string
	done := make(chan string, 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		done <- r.Method + " " + r.URL.String() + " " + r.Header.Get("Authorization") + " " + string(b)
		io.WriteString(w, "ok")
	}))
	t.Cleanup(srv.Close)
	return srv, func() string {
		for {
			select {
			case s := <-done:
				seen = append(seen, s)
			default:
				return strings.Join(seen, "\n")
			}
		}
	}
}

func TestAKeyIsNeverSentToANonZenMLServer(t *testing.T) {
	var posts int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" {
			posts++
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html>dashboard</html>")
	}))
	defer srv.Close()
	results := Run(context.Background(), input(env(srv.URL)))
	if posts != 0 {
		t.Errorf("the key was posted %d times to a server that is not ZenML", posts)
	}
	if r := find(t, results, "login"); r.Status != Skip || !strings.Contains(r.Detail, "the key was not sent") {
		t.Errorf("login: %s %q", r.Status, r.Detail)
	}
}

func TestConnectionProblemsAreNamed(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	plain := httptest.NewServer(&fakeZenML{t: t, key: goodKey})
	defer plain.Close()
	tests := []struct {
		name string
		url  string
		dial func(ctx context.Context, network, addr string) (net.Conn, error)
		want string
	}{
		{"refused", closedURL, nil, "nothing listens at 127.0.0.1:"},
		{"unknown host", "http://zenml.invalid", func(context.Context, string, string) (net.Conn, error) {
			return nil, &net.DNSError{Err: "no such host", Name: "zenml.invalid", IsNotFound: true}
		}, "cannot resolve the host zenml.invalid"},
		{"https to a plain http port", strings.Replace(plain.URL, "http://", "https://", 1), nil, "does not speak TLS"},
		{"a closed connection", "http://127.0.0.1:9", func(context.Context, string, string) (net.Conn, error) {
			c1, c2 := net.Pipe()
			go func() { // reads the request, then hangs up
				b := make([]byte, 4096)
				for s := ""; !strings.HasSuffix(s, "\r\n\r\n"); {
					n, err := c2.Read(b)
					if err != nil {
						break
					}
					s += string(b[:n])
				}
				c2.Close()
			}()
			return c1, nil
		}, "closed the connection without an answer"},
		{"a dial failure", "http://127.0.0.1:9", func(context.Context, string, string) (net.Conn, error) {
			return nil, errors.New("network is unreachable")
		}, "failed: network is unreachable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := input(env(tt.url))
			in.Dial = tt.dial
			results := Run(context.Background(), in)
			r := find(t, results, "health")
			if r.Status != Fail || !strings.Contains(r.Detail, tt.want) {
				t.Errorf("health: %s %q, want %q", r.Status, r.Detail, tt.want)
			}
			if r := find(t, results, "login"); r.Status != Skip {
				t.Errorf("login ran after the server was unreachable: %s %q", r.Status, r.Detail)
			}
		})
	}
}

// tlsFake is the fake ZenML server behind TLS, and the path of a PEM
// bundle with its certificate.
func tlsFake(t *testing.T) (*httptest.Server, string) {
	srv := httptest.NewUnstartedServer(&fakeZenML{t: t, key: goodKey})
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	srv.StartTLS()
	t.Cleanup(srv.Close)
	bundle := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(bundle, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600)
	return srv, bundle
}

func TestTLSHonoursVerifySSL(t *testing.T) {
	srv, bundle := tlsFake(t)
	tests := []struct {
		verify string
		id     string
		status Status
		want   string
	}{
		{"<unset>", "health", Fail, "the server's certificate is not signed by a trusted authority (checked against the system roots"},
		{"true", "health", Fail, "not signed by a trusted authority"},
		{bundle, "health", Pass, "is up"},
		{bundle, "trust", Pass, "certificates are checked against ZENML_STORE_VERIFY_SSL " + bundle + " (1 certificate)"},
		{"false", "health", Pass, "is up"},
		{"false", "trust", Warn, "certificates are not checked: no verification (ZENML_STORE_VERIFY_SSL is false)"},
		{"-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n", "trust", Fail, "no trust to check the server's certificate with: ZENML_STORE_VERIFY_SSL (inline PEM): holds no PEM certificate"},
	}
	for _, tt := range tests {
		t.Run(strings.SplitN(tt.verify, "\n", 2)[0]+" "+tt.id, func(t *testing.T) {
			results := Run(context.Background(), input(env(srv.URL, "ZENML_STORE_VERIFY_SSL="+tt.verify)))
			if r := find(t, results, tt.id); r.Status != tt.status || !strings.Contains(r.Detail, tt.want) {
				t.Errorf("%s: %s %q, want %s %q", tt.id, r.Status, r.Detail, tt.status, tt.want)
			}
			if tt.status == Pass {
				if r := find(t, results, "login"); r.Status != Pass {
					t.Errorf("login over TLS: %s %q", r.Status, r.Detail)
				}
			}
		})
	}
}

// TestTrustIsTheClientsNotGos: the ZenML client (requests) trusts
// REQUESTS_CA_BUNDLE, then CURL_CA_BUNDLE, then certifi's bundle of the
// Python that has zenml; never SSL_CERT_FILE, which Go's own loader reads.
func TestTrustIsTheClientsNotGos(t *testing.T) {
	srv, bundle := tlsFake(t)
	t.Setenv("SSL_CERT_FILE", bundle) // for Go's loader, were it used
	for _, tt := range []struct {
		name    string
		environ []string
		certifi string
		zenml   string
		status  Status
		want    string
	}{
		{"REQUESTS_CA_BUNDLE", []string{"REQUESTS_CA_BUNDLE=" + bundle}, "", "0.98.1", Pass, "REQUESTS_CA_BUNDLE " + bundle},
		{"CURL_CA_BUNDLE", []string{"CURL_CA_BUNDLE=" + bundle}, "", "0.98.1", Pass, "CURL_CA_BUNDLE " + bundle},
		{"certifi of the client's python", nil, bundle, "0.98.1", Pass, "certifi's bundle " + bundle},
		{"certifi of a python without zenml is not the client's", nil, bundle, "", Fail, "no python3 with zenml found here"},
		{"SSL_CERT_FILE alone", []string{"SSL_CERT_FILE=" + bundle}, "", "0.98.1", Fail, "SSL_CERT_FILE is set, and the ZenML client (requests) never reads it"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := input(env(srv.URL))
			in.Environ = tt.environ
			if in.Environ == nil {
				in.Environ = []string{}
			}
			in.Probe = func(context.Context) (ClientInfo, error) {
				return ClientInfo{ZenML: tt.zenml, Certifi: tt.certifi}, nil
			}
			in.SystemTrust = func() (httpclient.Trust, error) {
				return httpclient.PEMTrust("the system roots (test)", testCA(t))
			}
			results := Run(context.Background(), in)
			trust, health := find(t, results, "trust"), find(t, results, "health")
			if !strings.Contains(trust.Detail, tt.want) || health.Status != tt.status {
				t.Errorf("trust %s %q, health %s %q; want %q and health %s", trust.Status, trust.Detail, health.Status, health.Detail, tt.want, tt.status)
			}
		})
	}
}

// TestTrustWarnsWhenPythonCouldNotBeAsked: when the probe fails, doctor
// cannot tell whether the client trusts certifi's bundle; the system roots
// it used instead may give another verdict than the client's, so the trust
// check says so and does not pass.
func TestTrustWarnsWhenPythonCouldNotBeAsked(t *testing.T) {
	srv, bundle := tlsFake(t)
	in := input(env(srv.URL))
	in.Probe = func(context.Context) (ClientInfo, error) {
		return ClientInfo{}, errors.New("python3 did not answer in time")
	}
	in.SystemTrust = func() (httpclient.Trust, error) {
		b, err := os.ReadFile(bundle)
		if err != nil {
			return httpclient.Trust{}, err
		}
		return httpclient.PEMTrust("the system roots (test)", b)
	}
	results := Run(context.Background(), in)
	r := find(t, results, "trust")
	if r.Status != Warn || !strings.Contains(r.Detail, "asking python3 failed (python3 did not answer in time)") || !strings.Contains(r.Fix, "--timeout") {
		t.Errorf("trust: %s %q → %q, want a warning that certifi's bundle was not asked", r.Status, r.Detail, r.Fix)
	}
	if h := find(t, results, "health"); h.Status != Pass {
		t.Errorf("health: %s %q", h.Status, h.Detail)
	}
}

// testCA is a certificate of another authority, as system roots that do
// not know the test server.
func testCA(t *testing.T) []byte {
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "other CA"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// TestHTTPSNeedsNoPython: https was a python3 relay, and without python3
// every online check was skipped and doctor exited 0.
func TestHTTPSNeedsNoPython(t *testing.T) {
	srv, bundle := tlsFake(t)
	t.Setenv("PATH", t.TempDir())
	in := input(env(srv.URL))
	in.Probe = nil // the real probe: no python3 on PATH
	in.Environ = []string{"REQUESTS_CA_BUNDLE=" + bundle}
	results := Run(context.Background(), in)
	if ExitCode(results) != 0 || find(t, results, "login").Status != Pass {
		t.Errorf("exit %d without python3:\n%s", ExitCode(results), dump(results))
	}
	if r := find(t, results, "client-version"); r.Status != Skip {
		t.Errorf("client-version: %s %q, want it informational", r.Status, r.Detail)
	}
}

func TestATricklingHTTPSAnswerEndsAtTheTimeout(t *testing.T) {
	hang := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, " ")
		w.(http.Flusher).Flush()
		<-hang // a body that never ends
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer func() { close(hang); srv.Close() }()
	in := input(env(srv.URL, "ZENML_STORE_VERIFY_SSL=false"))
	in.Timeout = time.Second
	start := time.Now()
	results := Run(context.Background(), in)
	r := find(t, results, "health")
	if took := time.Since(start); took > 10*time.Second || r.Status != Fail || !strings.Contains(r.Detail, "no complete answer") {
		t.Errorf("health after %s: %s %q", took, r.Status, r.Detail)
	}
	if ExitCode(results) != 1 {
		t.Errorf("exit %d", ExitCode(results))
	}
}

func TestSameOriginRedirectsOfAGetAreFollowed(t *testing.T) {
	f := &fakeZenML{t: t, key: goodKey}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/health" {
			http.Redirect(w, r, "/health/", http.StatusTemporaryRedirect)
			return
		}
		if r.URL.Path == "/health/" {
			r.URL.Path = "/health"
		}
		f.ServeHTTP(w, r)
	}))
	defer srv.Close()
	if r := find(t, Run(context.Background(), input(env(srv.URL))), "health"); r.Status != Pass {
		t.Errorf("health: %s %q", r.Status, r.Detail)
	}
}

func TestChunkedAnswersAreRead(t *testing.T) {
	f := &fakeZenML{t: t, key: goodKey}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/info" {
			w.Header().Set("Content-Type", "application/json")
			body := testdata(t, "info.json")
			io.WriteString(w, body[:10])
			w.(http.Flusher).Flush() // forces Transfer-Encoding: chunked
			io.WriteString(w, body[10:])
			return
		}
		f.ServeHTTP(w, r)
	}))
	defer srv.Close()
	if r := find(t, Run(context.Background(), input(env(srv.URL))), "info"); r.Status != Pass {
		t.Errorf("info: %s %q", r.Status, r.Detail)
	}
}

func TestProxySettingsAreUsed(t *testing.T) {
	_, target := newFake(t)
	var connects, gets int
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "CONNECT" {
			connects++
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		gets++
		// Plain http through a proxy: the request line holds the full URL.
		if !strings.HasPrefix(r.RequestURI, target.URL) {
			http.Error(w, "not absolute", 400)
			return
		}
		resp, err := http.Get(r.RequestURI)
		if err != nil {
			http.Error(w, err.Error(), 502)
			return
		}
		defer resp.Body.Close()
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	defer proxy.Close()
	in := input(env(target.URL))
	in.Proxy = nil
	in.Environ = []string{"Http_Proxy=" + proxy.URL} // any case, as Python reads it
	if r := find(t, Run(context.Background(), in), "info"); r.Status != Pass || gets == 0 {
		t.Errorf("info through the proxy: %s %q (%d requests)", r.Status, r.Detail, gets)
	}
	in = input(env("https://zenml.example.com"))
	in.Proxy = nil
	in.Environ = []string{"hTTPS_pROXY=" + proxy.URL}
	if r := find(t, Run(context.Background(), in), "health"); r.Status != Fail || connects != 1 || !strings.Contains(r.Detail, "the proxy refused a tunnel to zenml.example.com:443 (HTTP 403)") {
		t.Errorf("https through the proxy: %s %q (%d CONNECTs)", r.Status, r.Detail, connects)
	}
}

func TestCancellingTheContextStopsAHangingRequest(t *testing.T) {
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-hang }))
	defer func() { close(hang); srv.Close() }()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	in := input(env(srv.URL))
	in.Timeout = time.Hour
	start := time.Now()
	Run(ctx, in)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("a cancelled run took %s", took)
	}
}
