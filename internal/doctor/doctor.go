// Package doctor diagnoses the environment a ZenML client would see: the
// names and values it reads (offline), and what its server answers to the
// calls the client makes (online). It returns plain data, one Result per
// check, and never holds the key in a result: at most its id.
//
// The checks are one table (checks.go): each has an id, the title the
// README lists, and a function over the state the earlier checks left.
package doctor

import (
	"context"
	"net"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/zenv-dev/zenv/internal/httpclient"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// Status is the outcome of one check.
type Status string

const (
	Pass Status = "pass"
	Warn Status = "warn" // works, but is risky or will break
	Fail Status = "fail" // the client will not work as intended, or doctor could not check it
	Skip Status = "skip" // not checked, and why is in Detail
)

// Result is one check's outcome. Detail says what was found, Fix what to do;
// neither holds a secret.
type Result struct {
	Profile string `json:"profile,omitempty"`
	ID      string `json:"id"`
	// Code is internal/zenml's problem code, when the finding is one: the
	// same code env and lint give for the same name or value.
	Code   string `json:"code,omitempty"`
	Status Status `json:"status"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Fix    string `json:"fix,omitempty"`
}

// DefaultTimeout bounds each request, and the local client probe.
const DefaultTimeout = 5 * time.Second

// DefaultMaxKeyAge: past this age since its last rotation (or creation) a
// key is reported for rotation.
const DefaultMaxKeyAge = 90 * 24 * time.Hour

// ClientInfo is what the Python that would run the ZenML client has: the
// zenml version ("" when it has none) and the path of certifi's CA bundle,
// which requests trusts by default.
type ClientInfo struct {
	ZenML   string
	Certifi string
}

// Input is the environment to diagnose and how.
type Input struct {
	// Env maps variable names to values: the process environment, or a
	// profile's rendered variables.
	Env map[string]string
	// Environ is the process environment in its order, where the client
	// finds its proxies and CA bundles (REQUESTS_CA_BUNDLE ...); nil reads
	// os.Environ.
	Environ []string
	Offline bool
	// KeyVars are the variables a profile of the config file reads its key
	// or a push token from (api_key: {env: NAME}): set for zenv, not for
	// the client, so the names check does not flag them.
	KeyVars []string
	// Profile is the profile doctor was asked for (-p), "" for none: the
	// fixes name it.
	Profile   string
	Timeout   time.Duration // per request; DefaultTimeout when zero
	MaxKeyAge time.Duration // DefaultMaxKeyAge when zero
	Now       func() time.Time

	// Dial opens connections; nil uses a net.Dialer. Tests point it at
	// their servers.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Proxy picks the proxy of a request; nil reads Environ as the
	// client's requests library does (httpclient.ProxyFromEnvironment).
	Proxy func(*url.URL) (*url.URL, error)
	// Probe asks the local Python for the client's version and certifi's
	// bundle; nil asks python3 on PATH (probe.go).
	Probe func(ctx context.Context) (ClientInfo, error)
	// SystemTrust loads the system's roots; nil uses httpclient's.
	SystemTrust func() (httpclient.Trust, error)
	// ReadFile reads a verify_ssl CA bundle; nil uses the file system.
	ReadFile func(name string) ([]byte, error)
}

// NamedInput is one profile's Input, for Run over several profiles.
type NamedInput struct {
	Name string
	Input
}

// Report is one environment's results, with what the cross-profile checks
// compare: the server, the key id and the account the key logs in as.
type Report struct {
	Profile   string
	Results   []Result
	ServerURL string // normalized ZENML_STORE_URL, "" when unusable
	KeyID     string // the ZENKEY_'s id, "" when unknown
	AccountID string // from current-user, "" when not reached
	Account   string // the account's name
}

// Run checks one environment and returns one result per check, in the
// table's order.
func Run(ctx context.Context, in Input) []Result {
	return Check(ctx, in).Results
}

// Check is Run with the facts the cross-profile checks need.
func Check(ctx context.Context, in Input) Report {
	if in.Timeout <= 0 {
		in.Timeout = DefaultTimeout
	}
	if in.MaxKeyAge <= 0 {
		in.MaxKeyAge = DefaultMaxKeyAge
	}
	if in.Now == nil {
		in.Now = time.Now
	}
	if in.ReadFile == nil {
		in.ReadFile = func(name string) ([]byte, error) { return httpclient.ReadBounded(name, httpclient.MaxBundle) }
	}
	if in.Environ == nil {
		in.Environ = os.Environ()
	}
	if in.Probe == nil {
		in.Probe = pythonProbe
	}
	if in.SystemTrust == nil {
		in.SystemTrust = httpclient.SystemTrust
	}
	st := newState(in)
	defer st.close()
	results := runChecks(ctx, st)
	return Report{Results: redactAll(results, st.red), ServerURL: st.url, KeyID: st.keyID, AccountID: st.accountID, Account: st.account}
}

// ExitCode is 1 when any check failed, else 0. Warnings do not fail.
func ExitCode(results []Result) int {
	for _, r := range results {
		if r.Status == Fail {
			return 1
		}
	}
	return 0
}

// state is what the checks learn about one environment as they go. Each
// field says which check writes it; the checks after it read it.
type state struct {
	in  Input
	env map[string]string
	red *redact.Redactor // every secret of env; all text passes through it

	key      string // the key as set (may hold pasted quotes)
	keySet   bool   // ZENML_STORE_API_KEY is set, even to ""
	cleanKey string // without pasted quotes and white space
	keyID    string
	secret   string // the key's decoded secret, never printed

	url      string                    // url: normalized store URL, "" when missing or unusable
	sqlStore bool                      // url: the store is a SQL database, no server
	verify   httpclient.RequestsVerify // verify-ssl: what verify_ssl gives requests

	probe func() (ClientInfo, error) // runChecks: the local Python's answer, asked once
	c     *httpclient.Client         // trust: the client every request goes through
	base  *url.URL                   // trust: the parsed store URL
	stop  string                     // any online check: why the next ones cannot run

	serverInfo *serverInfo // info
	token      string      // login: the access token
	accountID  string      // account
	account    string      // account
	isService  bool        // account: the key's account is a service account
}

func newState(in Input) *state {
	st := &state{in: in, env: in.Env, red: &redact.Redactor{}}
	st.key, st.keySet = in.Env[zenml.StoreAPIKey]
	st.cleanKey = strings.Trim(strings.TrimSpace(st.key), `"'`)
	k, _ := zenml.ParseKey(st.key)
	st.keyID, st.secret = k.ID, k.Secret
	for _, s := range st.secrets() {
		st.red.Add(s)
	}
	return st
}

func (st *state) close() {
	if st.c != nil {
		st.c.Close()
	}
}

// secrets lists every value no output may hold: the key as set and as
// cleaned, its decoded secret, every credential the client reads, and any
// value shaped like a key whatever its name (ZENML_API_KEY holds one too).
// The token is added when the login returns it.
func (st *state) secrets() []string {
	s := []string{st.key, st.cleanKey, st.secret}
	for _, name := range sortedNames(st.env) {
		v := st.env[name]
		if zenml.Name(name).Secret {
			s = append(s, v) // every credential the client reads
		}
		t := strings.Trim(strings.TrimSpace(v), `"'`)
		if zenml.HasKeyPrefix(t) {
			s = append(s, v, t)
		}
	}
	return s
}

// redactAll passes every result through the redactor loaded with this
// environment's secrets. Server text was already redacted before it was
// cut (st.text); this is the net under everything else.
func redactAll(results []Result, r *redact.Redactor) []Result {
	for i := range results {
		results[i] = redactResult(results[i], r)
	}
	return results
}

// redactResult passes every text field of res through r (nil: only the
// key-shaped tokens), the profile name and ids included: a name can be
// anything a config file holds.
func redactResult(res Result, r *redact.Redactor) Result {
	for _, f := range []*string{&res.Profile, &res.ID, &res.Code, &res.Title, &res.Detail, &res.Fix} {
		*f = r.String(*f)
	}
	return res
}

// keyRun is how long a run of key characters in server text may be before
// it is withheld: a key, its secret and a token are longer, a UUID's parts
// and words shorter.
const keyRun = 24

// text makes environment text printable: known secrets redacted first,
// then control characters (a terminal escape, a line that would start a
// workflow command) made '?', and only then cut to max runes.
func (st *state) text(s string, max int) string {
	return sanitize(st.red.String(s), max)
}

// server is text for server text: as text, and any long run of key
// characters withheld too, before the cut (a key or token the server
// echoes, whoever's it is).
func (st *state) server(s string, max int) string {
	return sanitize(redact.LongRuns(st.red.String(s), keyRun), max)
}

// quote prints a name or value for a message: redacted (long key-like
// runs too), quoted, one line, cut.
func (st *state) quote(v string) string {
	return quoteText(redact.LongRuns(st.red.String(v), keyRun))
}

// sanitize makes text printable and cuts it: key-shaped tokens replaced,
// control characters made '?'. Callers redact known secrets before.
func sanitize(s string, max int) string {
	s = redact.KeyShaped(s)
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == max {
			b.WriteString("…")
			break
		}
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == '\u2028' || r == '\u2029' {
			r = '?'
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

func sortedNames(env map[string]string) []string {
	names := make([]string, 0, len(env))
	for n := range env {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
