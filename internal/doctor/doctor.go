// Package doctor diagnoses the environment a ZenML client would see: the
// names and values it reads (offline), and what its server answers to the
// calls the client makes (online). It returns plain data, one Result per
// check, and never holds the key in a result: at most its id.
package doctor

import (
	"context"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// Status is the outcome of one check.
type Status string

const (
	Pass Status = "pass"
	Warn Status = "warn" // works, but is risky or will break
	Fail Status = "fail" // the client will not work as intended
	Skip Status = "skip" // not checked, and why is in Detail
)

// Result is one check's outcome. Detail says what was found, Fix what to do;
// neither holds a secret.
type Result struct {
	Profile string `json:"profile,omitempty"`
	ID      string `json:"id"`
	Status  Status `json:"status"`
	Title   string `json:"title"`
	Detail  string `json:"detail"`
	Fix     string `json:"fix,omitempty"`
	// Code is the internal/zenml problem code behind the result, when one
	// is: env and lint report the same problem by the same code.
	Code string `json:"code,omitempty"`
}

// DefaultTimeout bounds each request, and the local client-version probe.
const DefaultTimeout = 5 * time.Second

// Input is the environment to diagnose and how.
type Input struct {
	// Env maps variable names to values: the process environment, or a
	// profile's rendered variables.
	Env     map[string]string
	Offline bool
	Timeout time.Duration // per request; DefaultTimeout when zero

	// Dial opens connections; nil uses a net.Dialer. Tests point it at
	// their servers.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Proxy returns the proxy URL for a request URL, or "" for none; nil
	// reads HTTPS_PROXY, HTTP_PROXY and NO_PROXY as the client's requests
	// library does.
	Proxy func(scheme, host string) string
	// ClientVersion returns the version of a zenml importable here, ""
	// when there is none; nil asks python3 on PATH.
	ClientVersion func(ctx context.Context) (string, error)
	// Python runs the TLS relay for https (see tlsrelay.go); "" finds
	// python3 on PATH.
	Python string
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

// Run checks one environment and returns one result per check, in a fixed
// order: offline checks first, then the server's answers.
func Run(ctx context.Context, in Input) []Result {
	return Check(ctx, in).Results
}

// Check is Run with the facts the cross-profile checks need.
func Check(ctx context.Context, in Input) Report {
	if in.Timeout <= 0 {
		in.Timeout = DefaultTimeout
	}
	if in.ReadFile == nil {
		in.ReadFile = readBounded
	}
	st := newState(in)
	results := offline(st)
	if in.Offline {
		results = append(results, Result{ID: "server", Status: Skip, Title: "server", Detail: "not contacted (--offline)"})
	} else {
		results = append(results, online(ctx, st)...)
	}
	r := Report{Results: redactAll(results, st.secrets()), ServerURL: st.url, KeyID: st.keyID, AccountID: st.accountID, Account: st.account}
	return r
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

// state is what the checks learn about one environment as they go.
type state struct {
	in  Input
	env map[string]string

	url       string // normalized store URL, "" when missing or unusable
	key       string // the key as set (may hold pasted quotes)
	cleanKey  string // without pasted quotes and white space
	keyID     string
	keySecret string
	token     string // the access token the login returned
	accountID string
	account   string
	tlsOff    bool   // verify_ssl is false
	caBundle  []byte // PEM from verify_ssl
}

func newState(in Input) *state {
	st := &state{in: in, env: in.Env}
	st.key = in.Env[zenml.StoreAPIKey]
	k, _ := zenml.ParseKey(st.key)
	st.cleanKey, st.keyID, st.keySecret = k.Clean, k.ID, k.Secret
	return st
}

// secrets lists every value no output may hold: the key as set and as
// cleaned, its decoded secret, the token, a password, and any value shaped
// like a key whatever its name (ZENML_API_KEY holds one too).
func (st *state) secrets() []string {
	s := []string{st.key, st.cleanKey, st.keySecret, st.token}
	for name, v := range st.env {
		if zenml.Name(name).Secret {
			s = append(s, v) // every credential the client reads
		}
		t := strings.Trim(strings.TrimSpace(v), `"'`)
		if strings.HasPrefix(t, zenml.KeyPrefix) || strings.HasPrefix(t, zenml.ProKeyPrefix) {
			s = append(s, v, t)
		}
	}
	return s
}

// redactAll passes every result through the redactor every zenv message
// passes through, loaded with this environment's secrets (the longest
// first, so a key goes whole before the secret inside it). The checks never
// quote a secret; this catches a server that echoes one back.
func redactAll(results []Result, secrets []string) []Result {
	secrets = slices.Clone(secrets)
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	var r redact.Redactor
	for _, s := range secrets {
		r.Add(s)
	}
	for i := range results {
		results[i].Title = r.String(results[i].Title)
		results[i].Detail = r.String(results[i].Detail)
		results[i].Fix = r.String(results[i].Fix)
	}
	return results
}

// readBounded reads a CA bundle, refusing files over 4 MiB: the system
// bundle is about 200 KiB.
func readBounded(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAtMost(f, 4<<20)
}
