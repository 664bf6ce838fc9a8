package doctor

// A small HTTP/1.1 client, instead of net/http: net/http's package
// initialisation (its bundled HTTP/2 tables, compress/gzip, crypto/tls) is
// paid by every run of the binary, `zenv env` in each new shell included,
// and doctor needs one request at a time, a bounded body and no redirects
// it did not vet. TLS goes through python3 (tlsrelay.go).

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/zenv-dev/zenv/internal/zenml"
)

// maxBody bounds every response body doctor reads; ZenML's largest answer
// here, the server info, is under 2 KiB. maxResponse bounds all bytes read
// from one connection: the body and 64 KiB of status line and headers.
const (
	maxBody     = 1 << 20
	maxResponse = maxBody + 64<<10
)

// response is what doctor looks at in an answer.
type response struct {
	status      int
	contentType string
	location    string
	body        []byte
}

// request is one HTTP request; header values must not hold CR or LF.
type request struct {
	method string
	url    *url.URL
	header [][2]string
	body   string // form data for the login; never printed
}

type client struct {
	timeout  time.Duration
	dial     func(ctx context.Context, network, addr string) (net.Conn, error)
	proxy    func(scheme, host string) string
	python   string // the TLS relay's interpreter; "" finds python3
	tlsOff   bool   // verify_ssl is false
	caBundle []byte // verify_ssl's CA bundle: the only trust store when set
}

func newClient(st *state) *client {
	c := &client{timeout: st.in.Timeout, dial: st.in.Dial, proxy: st.in.Proxy}
	if c.dial == nil {
		c.dial = (&net.Dialer{}).DialContext
	}
	if c.proxy == nil {
		c.proxy = proxyFromEnvironment
	}
	c.python, c.tlsOff, c.caBundle = st.in.Python, st.tlsOff, st.caBundle
	return c
}

// do sends one request and reads the answer, all within the client's
// timeout, and the body up to maxBody. It follows no redirect.
func (c *client) do(ctx context.Context, req request) (*response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	resp, err := c.roundTrip(ctx, req)
	if err != nil && ctx.Err() != nil {
		// The deadline or the cancel closed the connection under a read;
		// say which, not "use of closed network connection".
		return nil, ctx.Err()
	}
	return resp, err
}

func (c *client) roundTrip(ctx context.Context, req request) (*response, error) {
	u := req.url
	addr := hostPort(u)
	dialAddr, proxyAuth := addr, ""
	var proxied bool
	if p := c.proxy(u.Scheme, u.Hostname()); p != "" {
		pu, err := url.Parse(p)
		if err != nil || pu.Host == "" {
			return nil, fmt.Errorf("the proxy setting is not a URL")
		}
		dialAddr, proxied = hostPort(pu), true
		if pu.User != nil {
			pw, _ := pu.User.Password()
			proxyAuth = "Basic " + base64.StdEncoding.EncodeToString([]byte(pu.User.Username()+":"+pw))
		}
	}
	var conn net.Conn
	var err error
	if u.Scheme == "https" {
		conn, err = c.dialRelay(ctx, dialAddr, addr, u.Hostname(), proxyAuth, proxied)
	} else {
		conn, err = c.dial(ctx, "tcp", dialAddr)
	}
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	// The deadline bounds every read and write, a trickling body included;
	// closing on cancel covers a caller that gives up first.
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	// Headers are bounded too: a server that sends header lines forever
	// ends in errTooLarge, not in memory growing until the timeout.
	br := bufio.NewReader(&capReader{r: conn, left: maxResponse})

	target := u.RequestURI()
	var b strings.Builder
	if proxied && u.Scheme == "http" {
		target = u.String()
	}
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: zenv-doctor\r\nAccept: application/json\r\nConnection: close\r\n", req.method, target, u.Host)
	if proxied && u.Scheme == "http" && proxyAuth != "" {
		fmt.Fprintf(&b, "Proxy-Authorization: %s\r\n", proxyAuth)
	}
	for _, h := range req.header {
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	if req.method == "POST" {
		fmt.Fprintf(&b, "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n", len(req.body))
	}
	b.WriteString("\r\n")
	b.WriteString(req.body)
	if _, err := io.WriteString(conn, b.String()); err != nil {
		return nil, err
	}
	if rc, ok := conn.(*relayConn); ok {
		rc.requestDone()
	}
	return readResponse(br, req.method)
}

func readResponse(br *bufio.Reader, method string) (*response, error) {
	tp := textproto.NewReader(br)
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return nil, noAnswer(err)
		}
		proto, rest, _ := strings.Cut(line, " ")
		code, _, _ := strings.Cut(rest, " ")
		status, cerr := strconv.Atoi(code)
		if !strings.HasPrefix(proto, "HTTP/1.") || cerr != nil || status < 100 || status > 999 {
			return nil, errNotHTTP
		}
		h, err := tp.ReadMIMEHeader()
		if err != nil {
			return nil, noAnswer(err)
		}
		if status < 200 && status != 101 {
			continue // 100 Continue and other interim answers
		}
		resp := &response{status: status, contentType: h.Get("Content-Type"), location: h.Get("Location")}
		var body io.Reader = br
		switch {
		case method == "HEAD" || status == 204 || status == 304:
			return resp, nil
		case strings.Contains(strings.ToLower(h.Get("Transfer-Encoding")), "chunked"):
			body = &chunkedReader{r: br}
		case h.Get("Content-Length") != "":
			n, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64)
			if err != nil || n < 0 {
				return nil, errNotHTTP
			}
			if n > maxBody {
				return nil, errTooLarge
			}
			body = io.LimitReader(br, n)
		}
		resp.body, err = readAtMost(body, maxBody)
		return resp, err
	}
}

var (
	errNotHTTP  = errors.New("the answer is not HTTP")
	errTooLarge = errors.New("an answer larger than 1 MiB") // maxBody
)

// noAnswer turns an EOF before any header into what it means.
func noAnswer(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errClosed
	}
	return err
}

var errClosed = errors.New("the connection was closed before an answer")

// readAtMost reads r to its end, failing once it passes max bytes: a
// gigabyte answer costs max+1 bytes and one error, not a gigabyte.
func readAtMost(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, errTooLarge
	}
	return b, nil
}

// capReader fails with errTooLarge once more than left bytes were read.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// chunkedReader decodes Transfer-Encoding: chunked (RFC 9112 7.1).
type chunkedReader struct {
	r       *bufio.Reader
	left    int64
	started bool
	done    bool
}

func (c *chunkedReader) Read(p []byte) (int, error) {
	if c.done {
		return 0, io.EOF
	}
	if c.left == 0 {
		if c.started {
			if err := c.crlf(); err != nil {
				return 0, err
			}
		}
		c.started = true
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return 0, noAnswer(err)
		}
		size, _, _ := strings.Cut(strings.TrimSpace(string(line)), ";")
		n, err := strconv.ParseInt(size, 16, 64)
		if err != nil || n < 0 {
			return 0, errNotHTTP
		}
		if n == 0 {
			c.done = true // trailers are not read: the connection closes
			return 0, io.EOF
		}
		c.left = n
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

func (c *chunkedReader) crlf() error {
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		return noAnswer(err)
	}
	if strings.TrimSpace(string(line)) != "" {
		return errNotHTTP
	}
	return nil
}

func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// proxyFromEnvironment applies HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either
// case) as the client's requests library does. A loopback host never goes
// through a proxy.
func proxyFromEnvironment(scheme, host string) string {
	get := func(name string) string {
		if v := os.Getenv(name); v != "" {
			return v
		}
		return os.Getenv(strings.ToLower(name))
	}
	p := get("HTTP_PROXY")
	if scheme == "https" {
		p = get("HTTPS_PROXY")
	}
	if p == "" || zenml.IsLoopbackHost(host) || noProxy(get("NO_PROXY"), host) {
		return ""
	}
	if !strings.Contains(p, "://") {
		p = "http://" + p
	}
	return p
}

// noProxy: "*", a host, or a domain whose subdomains are excluded too.
func noProxy(list, host string) bool {
	host = strings.ToLower(host)
	for _, e := range strings.Split(list, ",") {
		e = strings.ToLower(strings.TrimSpace(e))
		if h, _, err := net.SplitHostPort(e); err == nil {
			e = h
		}
		d := strings.TrimPrefix(e, ".")
		if e == "*" || d != "" && (host == d || strings.HasSuffix(host, "."+d)) {
			return true
		}
	}
	return false
}
