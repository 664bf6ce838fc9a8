package httpclient

import (
	"bufio"
	"bytes"
	"context"
	"encoding/pem"
	"io"
	"net"
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

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func newClient(t *testing.T, o Options) *Client {
	t.Helper()
	o.NoProxy = o.NoProxy || o.Proxy == nil
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func TestRedirectsStayWithinTheOrigin(t *testing.T) {
	var otherHits int
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { otherHits++ }))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/a":
			http.Redirect(w, r, "/b", http.StatusFound)
		case "/b":
			io.WriteString(w, "auth="+r.Header.Get("Authorization"))
		case "/away":
			http.Redirect(w, r, other.URL+"/steal", http.StatusTemporaryRedirect)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		}
	}))
	defer srv.Close()
	c := newClient(t, Options{Timeout: 5 * time.Second})
	hdr := http.Header{"Authorization": {"Bearer tok"}}
	resp, err := c.Do(context.Background(), Request{URL: mustURL(t, srv.URL+"/a"), Header: hdr})
	if err != nil || string(resp.Body) != "auth=Bearer tok" || resp.URL.Path != "/b" {
		t.Fatalf("same-origin redirect: %v %+v", err, resp)
	}
	_, err = c.Do(context.Background(), Request{Method: "POST", URL: mustURL(t, srv.URL+"/away"), Header: hdr, Body: []byte("password=key")})
	if Classify(err) != KindRedirect || otherHits != 0 {
		t.Errorf("a redirect to another origin: err %v, other server hit %d times", err, otherHits)
	}
	_, err = c.Do(context.Background(), Request{URL: mustURL(t, srv.URL+"/loop")})
	if Classify(err) != KindRedirect {
		t.Errorf("a redirect loop: err %v", err)
	}
}

func TestBodiesAndHeadersAreBounded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big":
			w.Write(bytes.Repeat([]byte("x"), 2<<20))
		case "/chunked":
			for i := 0; i < 40; i++ {
				w.Write(bytes.Repeat([]byte("x"), 64<<10))
				w.(http.Flusher).Flush()
			}
		case "/headers":
			for i := 0; i < 200; i++ {
				w.Header().Add("X-Pad", strings.Repeat("h", 1000))
			}
		}
	}))
	defer srv.Close()
	c := newClient(t, Options{Timeout: 5 * time.Second})
	for _, p := range []string{"/big", "/chunked", "/headers"} {
		if _, err := c.Do(context.Background(), Request{URL: mustURL(t, srv.URL+p)}); Classify(err) != KindTooLarge {
			t.Errorf("%s: err %v, want too large", p, err)
		}
	}
}

func TestATricklingAnswerEndsAtTheTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		for i := 0; i < 100; i++ {
			w.Write([]byte("x"))
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}))
	defer srv.Close()
	c := newClient(t, Options{Timeout: 300 * time.Millisecond})
	start := time.Now()
	_, err := c.Do(context.Background(), Request{URL: mustURL(t, srv.URL)})
	if Classify(err) != KindTimeout || time.Since(start) > 2*time.Second {
		t.Errorf("err %v after %s, want a timeout after 300ms", err, time.Since(start))
	}
}

// pemOf writes a test server's certificate as a CA bundle.
func pemOf(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600)
	return p
}

func TestTrustFollowsPythonRequestsAndNeverSSLCertFile(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	defer srv.Close()
	ca := pemOf(t, srv)
	other := filepath.Join(t.TempDir(), "other.pem")
	os.WriteFile(other, []byte("no certificate"), 0o600)
	get := func(tr Trust) error {
		c := newClient(t, Options{Timeout: 5 * time.Second, Trust: tr})
		_, err := c.Do(context.Background(), Request{URL: mustURL(t, srv.URL)})
		return err
	}
	env := func(kv ...string) func(string) string {
		return func(n string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == n {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, tc := range []struct {
		name    string
		v       RequestsVerify
		getenv  func(string) string
		certifi string
		source  string
		kind    Kind // KindOther: passes
	}{
		{"REQUESTS_CA_BUNDLE", RequestsVerify{}, env("REQUESTS_CA_BUNDLE", ca, "CURL_CA_BUNDLE", other), "", "REQUESTS_CA_BUNDLE " + ca, KindOther},
		{"CURL_CA_BUNDLE", RequestsVerify{}, env("CURL_CA_BUNDLE", ca), "", "CURL_CA_BUNDLE " + ca, KindOther},
		{"verify_ssl wins over the environment", RequestsVerify{Path: ca, Source: "ZENML_STORE_VERIFY_SSL"}, env("REQUESTS_CA_BUNDLE", other), "", "ZENML_STORE_VERIFY_SSL " + ca, KindOther},
		{"verify_ssl false", RequestsVerify{Off: true, Source: "ZENML_STORE_VERIFY_SSL"}, env(), "", "no verification", KindOther},
		{"certifi", RequestsVerify{}, env(), ca, "certifi's bundle " + ca, KindOther},
		{"the system roots know no private CA", RequestsVerify{}, env(), "", "the system roots", KindUnknownAuthority},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("SSL_CERT_FILE", ca) // Go's loader would trust it; requests does not
			t.Setenv("SSL_CERT_DIR", filepath.Dir(ca))
			tr, err := RequestsTrust(tc.v, tc.getenv, func() string { return tc.certifi }, nil)
			if err != nil {
				if tc.kind == KindOther {
					t.Fatal(err)
				}
				return
			}
			if !strings.HasPrefix(tr.Source, tc.source) {
				t.Errorf("source %q, want %q...", tr.Source, tc.source)
			}
			if err := get(tr); Classify(err) != tc.kind || (tc.kind != KindOther) != (err != nil) {
				t.Errorf("err %v (kind %d), want kind %d", err, Classify(err), tc.kind)
			}
		})
	}
	if _, err := RequestsTrust(RequestsVerify{}, env("REQUESTS_CA_BUNDLE", other), nil, nil); Classify(err) != KindBundle {
		t.Errorf("a bundle without certificates: %v", err)
	}
}

// recordingConn keeps every byte the client wrote.
type recordingConn struct {
	net.Conn
	mu  *sync.Mutex
	buf *bytes.Buffer
}

func (c recordingConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.buf.Write(p)
	c.mu.Unlock()
	return c.Conn.Write(p)
}

// TestAnHTTPSProxyGetsItsCredentialsOnlyInsideTLS: the old relay sent
// Proxy-Authorization in clear text to an https:// proxy.
func TestAnHTTPSProxyGetsItsCredentialsOnlyInsideTLS(t *testing.T) {
	target := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "through") }))
	defer target.Close()
	var gotAuth string
	proxy := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "connect only", 405)
			return
		}
		gotAuth = r.Header.Get("Proxy-Authorization")
		up, err := net.Dial("tcp", r.Host)
		if err != nil {
			http.Error(w, err.Error(), 502)
			return
		}
		w.WriteHeader(200)
		conn, brw, _ := w.(http.Hijacker).Hijack()
		go func() { io.Copy(up, brw); up.Close() }()
		io.Copy(conn, up)
		conn.Close()
	}))
	proxy.StartTLS()
	defer proxy.Close()
	// One pool trusts both test servers (httptest shares its certificate).
	tr, err := PEMTrust("test", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: target.Certificate().Raw}))
	if err != nil {
		t.Fatal(err)
	}
	pu := mustURL(t, proxy.URL)
	pu.User = url.UserPassword("alice", "s3cret-proxy-pass")
	var mu sync.Mutex
	var wire bytes.Buffer
	c := newClient(t, Options{Timeout: 5 * time.Second, Trust: tr,
		Proxy: ProxyFromEnvironment([]string{"HTTPS_PROXY=" + pu.String()}),
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			return recordingConn{conn, &mu, &wire}, err
		}})
	resp, err := c.Do(context.Background(), Request{URL: mustURL(t, target.URL)})
	if err != nil || string(resp.Body) != "through" {
		t.Fatalf("through the https proxy: %v", err)
	}
	if !strings.HasPrefix(gotAuth, "Basic ") {
		t.Errorf("the proxy got no credentials: %q", gotAuth)
	}
	mu.Lock()
	defer mu.Unlock()
	if bytes.Contains(wire.Bytes(), []byte("Proxy-Authorization")) || bytes.Contains(wire.Bytes(), []byte(gotAuth[len("Basic "):])) || bytes.Contains(wire.Bytes(), []byte("CONNECT")) {
		t.Errorf("the CONNECT or its credentials crossed in clear text")
	}
	if !bytes.HasPrefix(wire.Bytes(), []byte{0x16, 0x03}) {
		t.Errorf("the first bytes to the proxy are not a TLS handshake: %q", wire.Bytes()[:min(16, wire.Len())])
	}
}

func TestARefusedTunnelIsAProxyFailure(t *testing.T) {
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "denied", http.StatusProxyAuthRequired)
	}))
	defer proxy.Close()
	c := newClient(t, Options{Timeout: 5 * time.Second, Proxy: ProxyFromEnvironment([]string{"https_proxy=" + proxy.URL})})
	_, err := c.Do(context.Background(), Request{URL: mustURL(t, "https://zenml.example.com")})
	if Classify(err) != KindProxy || !strings.Contains(err.Error(), "407") {
		t.Errorf("err %v, want the proxy's 407", err)
	}
}

func TestConnectionFailuresAreClassified(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	c := newClient(t, Options{Timeout: 2 * time.Second})
	if _, err := c.Do(context.Background(), Request{URL: mustURL(t, "http://"+addr)}); Classify(err) != KindRefused {
		t.Errorf("refused: %v (kind %d)", err, Classify(err))
	}
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer plain.Close()
	if _, err := c.Do(context.Background(), Request{URL: mustURL(t, strings.Replace(plain.URL, "http:", "https:", 1))}); Classify(err) != KindNotTLS {
		t.Errorf("https to plain http: %v (kind %d)", err, Classify(err))
	}
	garbage, _ := net.Listen("tcp", "127.0.0.1:0")
	defer garbage.Close()
	go func() {
		for {
			conn, err := garbage.Accept()
			if err != nil {
				return
			}
			bufio.NewReader(conn).ReadString('\n')
			conn.Write([]byte("SSH-2.0-OpenSSH_9.6\r\n\r\n"))
			conn.Close()
		}
	}()
	if _, err := c.Do(context.Background(), Request{URL: mustURL(t, "http://"+garbage.Addr().String())}); Classify(err) != KindNotHTTP {
		t.Errorf("not http: %v (kind %d)", err, Classify(err))
	}
}
