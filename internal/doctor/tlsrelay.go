package doctor

// TLS without crypto/tls. Linking crypto/tls and crypto/x509 put about 60
// page faults and 0.2x of a hello-world's run time on every start of the
// binary (make bench: 1.91x without, 2.09x with, Nov 2026), and `zenv env`
// runs in every new shell. So doctor hands the TLS connection to python3,
// which every ZenML client environment has: a small relay script connects
// (through the proxy if any), verifies the certificate as the ZenML client
// would (its ssl module, verify_ssl's CA bundle or no verification), then
// copies the request from its stdin to the server and the answer back to
// its stdout. The HTTP framing, the bounds, the redirects and the timeouts
// stay in Go. The key reaches python only on that pipe, never in argv.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// relayScript: line 1 of stdin is the JSON settings; then the request
// until EOF. Line 1 of stdout is "OK" or "ERR <kind> <message>"; then the
// answer. Kinds: cabundle, dns, refused, timeout, proxy, verify-unknown,
// verify-hostname, verify-expired, verify, nottls, closed, error.
const relayScript = `import json, os, socket, ssl, sys
def out(s):
    os.write(1, (s.replace("\n", " ") + "\n").encode())
def line():
    b = bytearray()
    while len(b) < 1 << 20:
        c = os.read(0, 1)
        if not c or c == b"\n":
            break
        b += c
    return bytes(b)
try:
    cfg = json.loads(line())
    ctx = ssl.create_default_context(cadata=cfg.get("cadata") or None)
    if not cfg["verify"]:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
except Exception as e:
    out("ERR cabundle %s" % e)
    sys.exit(0)
try:
    sock = socket.create_connection((cfg["dial_host"], cfg["dial_port"]), timeout=cfg["timeout"])
    if cfg.get("tunnel"):
        req = "CONNECT %s HTTP/1.1\r\nHost: %s\r\n" % (cfg["tunnel"], cfg["tunnel"])
        if cfg.get("proxy_auth"):
            req += "Proxy-Authorization: %s\r\n" % cfg["proxy_auth"]
        sock.sendall((req + "\r\n").encode())
        resp = b""
        while b"\r\n\r\n" not in resp:
            c = sock.recv(1)
            if not c or len(resp) > 65536:
                raise ConnectionResetError("the proxy closed the connection")
            resp += c
        parts = resp.split(b" ", 2)
        if len(parts) < 2 or parts[1] != b"200":
            out("ERR proxy " + (parts[1].decode("ascii", "replace") if len(parts) > 1 else "?"))
            sys.exit(0)
    tls = ctx.wrap_socket(sock, server_hostname=cfg["sni"])
except ssl.SSLCertVerificationError as e:
    kind = {10: "verify-expired", 62: "verify-hostname", 18: "verify-unknown", 19: "verify-unknown", 20: "verify-unknown", 21: "verify-unknown"}.get(e.verify_code, "verify")
    out("ERR %s %s" % (kind, e.verify_message))
    sys.exit(0)
except socket.gaierror as e:
    out("ERR dns %s" % e)
    sys.exit(0)
except ConnectionRefusedError as e:
    out("ERR refused %s" % e)
    sys.exit(0)
except (socket.timeout, TimeoutError) as e:
    out("ERR timeout %s" % e)
    sys.exit(0)
except ssl.SSLError as e:
    out("ERR nottls %s" % e)
    sys.exit(0)
except (ConnectionResetError, BrokenPipeError, EOFError) as e:
    out("ERR closed %s" % e)
    sys.exit(0)
except Exception as e:
    out("ERR error %s: %s" % (type(e).__name__, e))
    sys.exit(0)
out("OK")
tls.settimeout(cfg["timeout"])  # an orphaned relay (zenv killed) ends on its own
try:
    while True:
        b = os.read(0, 65536)
        if not b:
            break
        tls.sendall(b)
    while True:
        b = tls.recv(65536)
        if not b:
            break
        os.write(1, b)
except (OSError, ssl.SSLError):
    pass
`

// relaySettings is line 1 of the relay's stdin.
type relaySettings struct {
	DialHost  string  `json:"dial_host"`
	DialPort  int     `json:"dial_port"`
	Tunnel    string  `json:"tunnel,omitempty"`
	ProxyAuth string  `json:"proxy_auth,omitempty"`
	SNI       string  `json:"sni"`
	Verify    bool    `json:"verify"`
	CAData    string  `json:"cadata,omitempty"`
	Timeout   float64 `json:"timeout"`
}

// tlsError is the relay's verdict on a connection that did not open.
type tlsError struct {
	kind, msg string
}

func (e *tlsError) Error() string { return e.kind + ": " + e.msg }

// errNoPython: https needs python3 on PATH.
var errNoPython = errors.New("no python3 on PATH for https")

// dialRelay opens a TLS connection to target (host:port) through python,
// dialling dialAddr (the target, or the proxy when tunnel is set).
func (c *client) dialRelay(ctx context.Context, dialAddr, target, sni, proxyAuth string, tunnel bool) (*relayConn, error) {
	py := c.python
	if py == "" {
		var err error
		if py, err = exec.LookPath("python3"); err != nil {
			if py, err = exec.LookPath("python"); err != nil { // Windows
				return nil, errNoPython
			}
		}
	}
	host, port, err := net.SplitHostPort(dialAddr)
	if err != nil {
		return nil, err
	}
	n, _ := strconv.Atoi(port)
	s := relaySettings{DialHost: host, DialPort: n, SNI: sni, Verify: !c.tlsOff, CAData: string(c.caBundle),
		Timeout: c.timeout.Seconds()}
	if tunnel {
		s.Tunnel, s.ProxyAuth = target, proxyAuth
	}
	settings, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	// Not CommandContext: Close kills the relay, and the caller closes it
	// on its deadline.
	cmd := exec.Command(py, "-I", "-c", relayScript) // -I: no user site, no PYTHON* settings
	cmd.Dir = os.TempDir()                           // nothing of a checkout is imported
	cmd.Env = withoutZenMLSecrets(os.Environ())      // the key reaches it on stdin only
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, errors.New("cannot start python3 for https: " + err.Error())
	}
	rc := &relayConn{cmd: cmd, w: stdin, r: bufio.NewReader(stdout)}
	stop := context.AfterFunc(ctx, func() { rc.Close() })
	defer stop()
	if _, err := stdin.Write(append(settings, '\n')); err != nil {
		rc.Close()
		return nil, errClosed
	}
	verdict, err := rc.r.ReadString('\n')
	if err != nil {
		rc.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, errors.New("python3 did not run the https relay")
	}
	verdict = strings.TrimSpace(verdict)
	if verdict != "OK" {
		rc.Close()
		kind, msg, _ := strings.Cut(strings.TrimPrefix(verdict, "ERR "), " ")
		return nil, &tlsError{kind: kind, msg: msg}
	}
	return rc, nil
}

// relayConn is the plain side of the relay, as a net.Conn for the HTTP
// client: writes go to the server, reads come from it.
type relayConn struct {
	cmd     *exec.Cmd
	w       io.WriteCloser
	r       *bufio.Reader
	once    sync.Once
	mu      sync.Mutex
	tmr     *time.Timer
	expired atomic.Bool // closed by its deadline
}

func (c *relayConn) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	return n, c.deadlineErr(err)
}

func (c *relayConn) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	return n, c.deadlineErr(err)
}

// deadlineErr reports a read or write cut by the deadline as a net.Conn
// does, not as a closed pipe.
func (c *relayConn) deadlineErr(err error) error {
	if err != nil && c.expired.Load() {
		return os.ErrDeadlineExceeded
	}
	return err
}

// requestDone closes the relay's stdin: it sends the request on and reads
// the answer.
func (c *relayConn) requestDone() { c.w.Close() }

// Close ends the relay and reaps it.
func (c *relayConn) Close() error {
	c.once.Do(func() {
		c.w.Close()
		c.cmd.Process.Kill()
		c.cmd.Wait()
	})
	return nil
}

func (c *relayConn) LocalAddr() net.Addr  { return relayAddr{} }
func (c *relayConn) RemoteAddr() net.Addr { return relayAddr{} }

// SetDeadline closes the relay at t: a read or write then fails, and the
// client reports the deadline.
func (c *relayConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tmr != nil {
		c.tmr.Stop()
	}
	if t.IsZero() {
		return nil // no deadline, as net.Conn means it
	}
	c.tmr = time.AfterFunc(time.Until(t), func() {
		c.expired.Store(true)
		c.Close()
	})
	return nil
}
func (c *relayConn) SetReadDeadline(t time.Time) error  { return c.SetDeadline(t) }
func (c *relayConn) SetWriteDeadline(t time.Time) error { return c.SetDeadline(t) }

type relayAddr struct{}

func (relayAddr) Network() string { return "python3" }
func (relayAddr) String() string  { return "python3 https relay" }

var _ net.Conn = (*relayConn)(nil)
