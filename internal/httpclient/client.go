// Package httpclient is zenv's one HTTP client, over Go's net/http and
// crypto/tls, for every call zenv makes to a server (doctor's ZenML checks,
// push's GitHub, GitLab and Prefect calls). It sets once what each caller
// would otherwise get wrong:
//
//   - proxies as Python's requests resolves them (ProxyFromEnvironment), an
//     https proxy spoken to over TLS, so its credentials never cross in
//     clear;
//   - trust given explicitly (Trust: a pool, or no verification), never
//     from SSL_CERT_FILE or SSL_CERT_DIR behind the caller's back;
//   - redirects followed only within the request's origin (scheme, host,
//     port), so a key or token never reaches another;
//   - every header block and body bounded, every wait (connect, proxy,
//     TLS, headers, body, redirects) inside one timeout per request.
package httpclient

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/zenv-dev/zenv/internal/redact"
)

// Defaults for Options' zero values.
const (
	DefaultTimeout   = 10 * time.Second
	DefaultMaxBody   = 1 << 20
	DefaultMaxHeader = 64 << 10
	DefaultRedirects = 5
)

// Options configure a Client. The zero value is usable: system roots, the
// process's proxies, the defaults above.
type Options struct {
	// Timeout bounds one Do whole: dial, proxy, TLS, redirects, headers and
	// the body.
	Timeout time.Duration
	// Trust is whom to trust for https; the zero value means SystemTrust.
	Trust Trust
	// Proxy picks the proxy for a request URL, nil for none; nil means
	// ProxyFromEnvironment(os.Environ()). NoProxy disables proxies.
	Proxy   func(*url.URL) (*url.URL, error)
	NoProxy bool
	// DialContext opens TCP connections; nil uses a net.Dialer. Tests point
	// it at their servers.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// MaxBody bounds a response body; MaxHeader the status line and
	// headers.
	MaxBody   int64
	MaxHeader int64
	// Redirects is how many same-origin redirects to follow; negative
	// follows none (the 3xx answer is returned).
	Redirects int
	// UserAgent is sent with every request; "" sends "zenv".
	UserAgent string
}

// Client sends requests under Options. It keeps connections open between
// requests to the same server; Close releases them.
type Client struct {
	opts Options
	hc   *http.Client
	tr   *http.Transport
}

// New builds a Client. It fails only when the system roots are needed and
// cannot be read.
func New(o Options) (*Client, error) {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.MaxHeader <= 0 {
		o.MaxHeader = DefaultMaxHeader
	}
	if o.Redirects == 0 {
		o.Redirects = DefaultRedirects
	}
	if o.UserAgent == "" {
		o.UserAgent = "zenv"
	}
	if o.Trust.Pool == nil && !o.Trust.Insecure {
		t, err := SystemTrust()
		if err != nil {
			return nil, err
		}
		o.Trust = t
	}
	proxy := o.Proxy
	switch {
	case o.NoProxy:
		proxy = nil
	case proxy == nil:
		proxy = ProxyFromEnvironment(os.Environ())
	}
	dial := o.DialContext
	if dial == nil {
		dial = (&net.Dialer{Timeout: o.Timeout, KeepAlive: 30 * time.Second}).DialContext
	}
	tr := &http.Transport{
		Proxy:       func(r *http.Request) (*url.URL, error) { return callProxy(proxy, r.URL) },
		DialContext: dial,
		TLSClientConfig: &tls.Config{
			RootCAs:            o.Trust.Pool,
			InsecureSkipVerify: o.Trust.Insecure,
			MinVersion:         tls.VersionTLS12,
		},
		TLSHandshakeTimeout:    o.Timeout,
		ResponseHeaderTimeout:  o.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: o.MaxHeader,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        30 * time.Second,
		ForceAttemptHTTP2:      false, // HTTP/1.1 only: one request at a time, bounded simply
		ProxyConnectHeader:     http.Header{"User-Agent": {o.UserAgent}},
		// A refused tunnel as a typed error (net/http's is bare text).
		OnProxyConnectResponse: func(_ context.Context, proxy *url.URL, _ *http.Request, resp *http.Response) error {
			if resp.StatusCode != http.StatusOK {
				return &ProxyError{Proxy: shownURL(proxy), Status: resp.StatusCode}
			}
			return nil
		},
	}
	c := &Client{opts: o, tr: tr}
	c.hc = &http.Client{Transport: tr, CheckRedirect: c.checkRedirect}
	return c, nil
}

func callProxy(p func(*url.URL) (*url.URL, error), u *url.URL) (*url.URL, error) {
	if p == nil {
		return nil, nil
	}
	return p(u)
}

// Close drops the connections kept open.
func (c *Client) Close() { c.tr.CloseIdleConnections() }

// Trust is whom this client trusts.
func (c *Client) Trust() Trust { return c.opts.Trust }

// Timeout is the bound on one Do.
func (c *Client) Timeout() time.Duration { return c.opts.Timeout }

// Request is one request. Header values must not hold CR or LF (net/http
// refuses them).
type Request struct {
	Method string // "" is GET
	URL    *url.URL
	Header http.Header
	Body   []byte // sent with Content-Length; nil for none
}

// Response is an answer, its body read whole (at most MaxBody bytes).
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	URL    *url.URL // after same-origin redirects
}

// Do sends req and reads the answer, all within the client's timeout (and
// ctx). It returns *RedirectError for a redirect to another origin, and
// ErrTooLarge for an answer over the bounds.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, method, req.URL.String(), body)
	if err != nil {
		return nil, err
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			hr.Header.Add(k, v)
		}
	}
	hr.Header.Set("User-Agent", c.opts.UserAgent)
	resp, err := c.hc.Do(hr)
	if err != nil {
		return nil, c.bare(ctx, err)
	}
	defer resp.Body.Close()
	out := &Response{Status: resp.StatusCode, Header: resp.Header, URL: resp.Request.URL}
	if resp.ContentLength > c.opts.MaxBody {
		return nil, fmt.Errorf("%w (Content-Length %d)", ErrTooLarge, resp.ContentLength)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBody+1))
	if err != nil {
		return nil, c.bare(ctx, err)
	}
	if int64(len(b)) > c.opts.MaxBody {
		return nil, fmt.Errorf("%w (over %d bytes)", ErrTooLarge, c.opts.MaxBody)
	}
	out.Body = b
	return out, nil
}

// ProxyError: the proxy answered CONNECT with another status than 200.
type ProxyError struct {
	Proxy  string // the proxy's URL, its password masked
	Status int
}

func (e *ProxyError) Error() string {
	return fmt.Sprintf("the proxy %s refused the tunnel (HTTP %d)", e.Proxy, e.Status)
}

// ErrTooLarge: a body or a header block passed its bound.
var ErrTooLarge = errors.New("the answer is larger than zenv reads")

// RedirectError: the server redirected to another origin, or too often;
// nothing was sent there.
type RedirectError struct {
	From *url.URL
	To   *url.URL
	// TooMany: the redirects went on past Options.Redirects, all within
	// the origin.
	TooMany bool
}

func (e *RedirectError) Error() string {
	if e.TooMany {
		return "too many redirects from " + shownURL(e.From)
	}
	return "redirected from " + shownURL(e.From) + " to " + shownURL(e.To) + ", another origin; not followed"
}

// shownURL is u as every message shows a url (redact.URL): never its
// userinfo, query or a key; u.Redacted would keep the user name.
func shownURL(u *url.URL) string {
	shown, _ := redact.URL(u.String())
	return shown
}

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	if !SameOrigin(first, req.URL) {
		return &RedirectError{From: via[len(via)-1].URL, To: req.URL}
	}
	if c.opts.Redirects < 0 {
		return http.ErrUseLastResponse
	}
	if len(via) > c.opts.Redirects {
		return &RedirectError{From: first, To: req.URL, TooMany: true}
	}
	return nil
}

// SameOrigin: same scheme, host and port (the default port of the scheme
// when none is written).
func SameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(HostPort(a), HostPort(b))
}

// HostPort is host:port of u, with the scheme's default port.
func HostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if strings.EqualFold(u.Scheme, "https") {
			port = "443"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// bare drops net/http's *url.Error wrapper (its message repeats the
// method and URL) and makes a passed deadline context.DeadlineExceeded
// whatever the read under it said.
func (c *Client) bare(ctx context.Context, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var re *RedirectError
	switch {
	case errors.As(err, &re) || errors.Is(err, context.Canceled) && ctx.Err() != context.DeadlineExceeded:
		return err
	case ctx.Err() == context.DeadlineExceeded || errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%w: no complete answer within %s", context.DeadlineExceeded, c.opts.Timeout)
	case strings.Contains(err.Error(), "response headers exceeded"):
		return fmt.Errorf("%w (headers over %d bytes)", ErrTooLarge, c.opts.MaxHeader)
	}
	return err
}
