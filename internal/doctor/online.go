package doctor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/zenv-dev/zenv/internal/zenml"
)

// online asks the server what the client will ask, in the client's order,
// and stops at the first answer that makes the next question pointless.
// The key is sent only to a server that answered /api/v1/info as ZenML, at
// the URL as configured (no redirect is followed to another origin).
func online(ctx context.Context, st *state) []Result {
	if st.url == "" {
		return []Result{{ID: "server", Status: Skip, Title: "server", Detail: "not contacted: no usable " + zenml.StoreURL}}
	}
	base, _ := url.Parse(st.url)
	o := &prober{st: st, c: newClient(st), base: base}
	out := []Result{o.health(ctx)}
	if o.unreachable {
		return append(out, o.skipped("the server was not reached", "info", "login", "account", "project", "stack")...)
	}
	info, r := o.info(ctx)
	out = append(out, r)
	if info == nil {
		return append(out, o.skipped("no ZenML server answered, so the key was not sent", "login", "account", "project", "stack")...)
	}
	out = append(out, o.clientVersion(ctx, info.Version))
	r = o.login(ctx, info)
	out = append(out, r)
	if st.token == "" {
		return append(out, o.skipped("not logged in", "account", "project", "stack")...)
	}
	out = append(out, o.account(ctx))
	for _, v := range []struct{ name, what, path string }{
		{zenml.ActiveProject, "project", "/api/v1/projects/"},
		{zenml.ActiveStack, "stack", "/api/v1/stacks/"},
	} {
		if r, ok := o.entity(ctx, v.name, v.what, v.path); ok {
			out = append(out, r)
		}
	}
	return out
}

type prober struct {
	st          *state
	c           *client
	base        *url.URL
	unreachable bool
}

// skipped lists the checks after stage that did not run, and why.
func (o *prober) skipped(why string, stages ...string) []Result {
	titles := map[string]string{"info": "server info", "login": "login", "account": "account", "project": "project", "stack": "stack"}
	var out []Result
	for _, id := range stages {
		if id == "project" && o.st.env[zenml.ActiveProject] == "" || id == "stack" && o.st.env[zenml.ActiveStack] == "" {
			continue
		}
		out = append(out, Result{ID: id, Status: Skip, Title: titles[id], Detail: why})
	}
	return out
}

// serverInfo is the part of ZenML's ServerModel (models/v2/misc/
// server_models.py) doctor reports.
type serverInfo struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Version        string `json:"version"`
	DeploymentType string `json:"deployment_type"`
	AuthScheme     string `json:"auth_scheme"`
}

// health: GET /health at the root answers "ok" without credentials.
func (o *prober) health(ctx context.Context) Result {
	r := Result{ID: "health", Title: "health", Status: Fail}
	resp, err := o.get(ctx, "/health", "")
	if err != nil {
		r.Detail, r.Fix = o.explain(err)
		if errors.Is(err, errNoPython) {
			r.Status = Skip // not checked; the variables still were
		}
		return r
	}
	// ZenML 0.98's middleware answers plain "ok"; the route itself, JSON "OK".
	body := strings.Trim(strings.TrimSpace(string(resp.body)), `"`)
	switch {
	case resp.status != 200:
		r.Detail = o.st.url + "/health answered " + statusText(resp)
		r.Fix = "check that " + zenml.StoreURL + " is the server's root address"
	case isHTML(resp):
		r.Detail = o.st.url + "/health answered an HTML page, not ZenML's \"ok\""
		r.Fix = "check that " + zenml.StoreURL + " is the server's root address, not its dashboard or a proxy's page"
	case !strings.EqualFold(body, "ok"):
		r.Detail = o.st.url + "/health did not answer ZenML's \"ok\""
		r.Fix = "check that " + zenml.StoreURL + " is the server's root address"
	default:
		r.Status, r.Detail = Pass, o.st.url+" is up"
	}
	return r
}

// info: GET /api/v1/info must be JSON with the server model. A ZenML
// server, and many other web servers, answer an unknown path with an HTML
// page and status 200, so anything else means the URL is not a ZenML root.
func (o *prober) info(ctx context.Context) (*serverInfo, Result) {
	r := Result{ID: "info", Title: "server info", Status: Fail}
	resp, err := o.get(ctx, "/api/v1/info", "")
	if err != nil {
		r.Detail, r.Fix = o.explain(err)
		return nil, r
	}
	var info serverInfo
	notRoot := "check that " + zenml.StoreURL + " is the ZenML server's root address (the one `zenml login` uses)"
	switch {
	case resp.status != 200:
		r.Detail, r.Fix = o.st.url+"/api/v1/info answered "+statusText(resp), notRoot
	case isHTML(resp):
		r.Detail, r.Fix = o.st.url+"/api/v1/info answered an HTML page: this URL is not a ZenML server's root", notRoot
	case json.Unmarshal(resp.body, &info) != nil || info.Version == "" || info.ID == "":
		r.Detail, r.Fix = o.st.url+"/api/v1/info did not answer JSON with ZenML's server model: this URL is not a ZenML server's root", notRoot
	default:
		name := ""
		if info.Name != "" {
			name = " " + quote(info.Name)
		}
		r.Status = Pass
		r.Detail = fmt.Sprintf("ZenML %s%s, deployment %s", sanitize(info.Version, 40), name, sanitize(info.DeploymentType, 40))
		return &info, r
	}
	return nil, r
}

// clientVersion compares the server's major.minor with a zenml importable
// here: the client warns on a mismatch and some calls change between
// minor versions.
func (o *prober) clientVersion(ctx context.Context, server string) Result {
	r := Result{ID: "client-version", Title: "client version", Status: Skip}
	probe := o.st.in.ClientVersion
	if probe == nil {
		probe = pythonZenML
	}
	ctx, cancel := context.WithTimeout(ctx, o.c.timeout)
	defer cancel()
	local, err := probe(ctx)
	switch {
	case err != nil:
		r.Detail = "could not ask python3 for zenml's version: " + sanitize(err.Error(), 120)
	case local == "":
		r.Detail = "no zenml importable here to compare with"
	case minor(local) != minor(server):
		r.Status = Warn
		r.Detail = fmt.Sprintf("the zenml here is %s, the server %s", sanitize(local, 40), sanitize(server, 40))
		r.Fix = "install the server's version: pip install 'zenml==" + sanitize(minor(server), 20) + ".*'"
	default:
		r.Status, r.Detail = Pass, "the zenml here ("+sanitize(local, 40)+") matches the server"
	}
	return r
}

// login is the client's own: POST /api/v1/login, form
// grant_type=zenml-api-key&password=<key> (rest_zen_store.py,
// get_or_generate_api_token).
func (o *prober) login(ctx context.Context, info *serverInfo) Result {
	r := Result{ID: "login", Title: "login", Status: Fail}
	key := o.st.key
	switch {
	case key == "":
		r.Status, r.Detail = Skip, "no "+zenml.StoreAPIKey+" to log in with"
		return r
	case o.base.Scheme == "http" && !zenml.IsLoopbackHost(o.base.Hostname()):
		r.Status, r.Detail = Skip, "zenv does not send the key over plain http to another host"
		r.Fix = "use https://"
		return r
	case strings.HasPrefix(o.st.cleanKey, zenml.ProKeyPrefix) && info.DeploymentType != "cloud" && !strings.EqualFold(info.AuthScheme, "EXTERNAL"):
		r.Detail = "a ZenML Pro key (ZENPROKEY_), but this server is not a ZenML Pro workspace (deployment " + sanitize(info.DeploymentType, 40) + "); the key was not sent"
		r.Fix = "use a ZENKEY_ of one of this server's service accounts"
		return r
	}
	form := url.Values{"grant_type": {"zenml-api-key"}, "password": {key}}.Encode()
	resp, err := o.send(ctx, request{method: "POST", url: o.at("/api/v1/login"), body: form})
	if err != nil {
		r.Detail, r.Fix = o.explain(err)
		return r
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   *int64 `json:"expires_in"`
	}
	switch {
	case resp.status == 200 && json.Unmarshal(resp.body, &tok) == nil && tok.AccessToken != "" && !strings.ContainsFunc(tok.AccessToken, notTokenByte):
		o.st.token = tok.AccessToken
		r.Status = Pass
		r.Detail = "the key logs in"
		if tok.ExpiresIn != nil && *tok.ExpiresIn > 0 {
			r.Detail += "; the access token lasts " + (time.Duration(*tok.ExpiresIn) * time.Second).String() + " and the client logs in again with the key after that"
		} else {
			r.Detail += "; the server set no expiry on the access token"
		}
	case resp.status == 200:
		r.Detail = "the login answered 200 without a usable access token"
	case resp.status == 401 || resp.status == 403:
		r.Detail = "the server refused the key: " + serverMessage(resp)
		r.Fix = "the key is wrong, deactivated, rotated or deleted; create a new one: zenml service-account api-key ACCOUNT create NAME"
		if o.st.keyID != "" {
			r.Detail = "the server refused key id " + o.st.keyID + ": " + serverMessage(resp)
		}
	case resp.status == 429:
		r.Detail = "the server limits logins (5 a minute by default) and refused this one: " + serverMessage(resp)
		r.Fix = "wait a minute and run doctor again; many clients logging in at once hit the same limit"
	default:
		r.Detail = "the login answered " + statusText(resp) + ": " + serverMessage(resp)
	}
	return r
}

// account: GET /api/v1/current-user as the key's account. A key of a human
// user's account ties automation to a person; the article's first best
// practice is one service account per environment.
func (o *prober) account(ctx context.Context) Result {
	r := Result{ID: "account", Title: "account", Status: Fail}
	resp, err := o.get(ctx, "/api/v1/current-user", o.st.token)
	if err != nil {
		r.Detail, r.Fix = o.explain(err)
		return r
	}
	var u struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Body *struct {
			IsServiceAccount bool  `json:"is_service_account"`
			Active           *bool `json:"active"`
		} `json:"body"`
	}
	if resp.status != 200 || json.Unmarshal(resp.body, &u) != nil || u.Name == "" {
		r.Detail = "current-user answered " + statusText(resp) + ": " + serverMessage(resp)
		return r
	}
	o.st.accountID, o.st.account = u.ID, u.Name
	switch {
	case u.Body == nil:
		r.Status, r.Detail = Warn, "logged in as "+quote(u.Name)+"; the server did not say whether it is a service account"
	case !u.Body.IsServiceAccount:
		r.Status, r.Detail = Warn, "logged in as "+quote(u.Name)+", which is not a service account"
		r.Fix = "give automation its own service account: zenml service-account create NAME"
	default:
		r.Status, r.Detail = Pass, "logged in as service account "+quote(u.Name)
	}
	return r
}

// entity: the project or stack the environment names exists, and the
// account may read it (GET by id; 404 with a detail when unknown).
func (o *prober) entity(ctx context.Context, name, what, path string) (Result, bool) {
	id, set := o.st.env[name]
	if !set {
		return Result{}, false
	}
	r := Result{ID: what, Title: what, Status: Fail}
	if !zenml.IsUUID(id) {
		r.Status, r.Detail = Skip, name+" is not a UUID"
		return r, true
	}
	resp, err := o.get(ctx, path+strings.ToLower(id), o.st.token)
	if err != nil {
		r.Detail, r.Fix = o.explain(err)
		return r, true
	}
	var e struct {
		Name string `json:"name"`
	}
	switch {
	case resp.status == 200 && json.Unmarshal(resp.body, &e) == nil && e.Name != "":
		r.Status, r.Detail = Pass, what+" "+quote(e.Name)+" ("+id+")"
	case resp.status == 404:
		r.Detail = "no " + what + " with id " + id + " on this server: " + serverMessage(resp)
		r.Fix = "list them with 'zenml " + what + " list' and set " + name + " to one of their ids"
	case resp.status == 401 || resp.status == 403:
		r.Detail = "the account may not read " + what + " " + id + ": " + serverMessage(resp)
		r.Fix = "grant the service account access to it"
	default:
		r.Detail = what + " " + id + " answered " + statusText(resp) + ": " + serverMessage(resp)
	}
	return r, true
}

// at is the server URL with path appended, as the client builds it.
func (o *prober) at(path string) *url.URL {
	u := *o.base
	u.Path = strings.TrimRight(u.Path, "/") + path
	u.RawPath = ""
	return &u
}

// get sends a GET with an optional bearer token.
func (o *prober) get(ctx context.Context, path, token string) (*response, error) {
	req := request{method: "GET", url: o.at(path)}
	if token != "" {
		req.header = [][2]string{{"Authorization", "Bearer " + token}}
	}
	return o.send(ctx, req)
}

// send follows a redirect only within the server's origin (scheme, host
// and port) and only for a GET, which carries no key; a redirect anywhere
// else is reported, and nothing is sent there.
func (o *prober) send(ctx context.Context, req request) (*response, error) {
	for hops := 0; ; hops++ {
		resp, err := o.c.do(ctx, req)
		if err != nil {
			return nil, err
		}
		if resp.status < 300 || resp.status > 399 || resp.status == 304 || resp.location == "" {
			return resp, nil
		}
		to, err := req.url.Parse(resp.location)
		if err != nil {
			return nil, &redirectError{from: req.url, to: resp.location}
		}
		if !sameOrigin(req.url, to) || req.method != "GET" || hops == 4 {
			return nil, &redirectError{from: req.url, to: to.String()}
		}
		req.url = to
	}
}

func sameOrigin(a, b *url.URL) bool {
	return a.Scheme == b.Scheme && strings.EqualFold(hostPort(a), hostPort(b))
}

type redirectError struct {
	from *url.URL
	to   string
}

func (e *redirectError) Error() string { return "redirected to " + e.to }

// explain turns a failed request into one line a person can act on.
func (o *prober) explain(err error) (detail, fix string) {
	host := hostPort(o.base)
	var (
		dns *net.DNSError
		rd  *redirectError
		te  *tlsError
	)
	t := o.c.timeout
	if errors.As(err, &te) {
		return o.explainTLS(te, host)
	}
	switch {
	case errors.As(err, &rd):
		to := sanitize(rd.to, 200)
		detail = o.st.url + " redirects " + rd.from.Path + " to " + to + "; zenv did not follow it and sent nothing there"
		fix = "if that is the server, set " + zenml.StoreURL + " to its address"
		if u, perr := url.Parse(rd.to); perr == nil && u.Host != "" {
			fix = "if that is the server, set " + zenml.StoreURL + " to " + sanitize(u.Scheme+"://"+u.Host+strings.TrimSuffix(u.Path, rd.from.Path), 200)
		}
		return detail, fix
	case errors.Is(err, context.Canceled):
		o.unreachable = true
		return "cancelled before " + host + " answered", ""
	case errors.Is(err, errNoPython):
		o.unreachable = true
		return "https needs python3 on PATH, and there is none: zenv leaves TLS to it to keep its own start fast", "install python3 (the ZenML client needs it anyway), or run doctor where the client runs"
	case errors.As(err, &dns):
		o.unreachable = true
		return "cannot resolve the host " + sanitize(o.base.Hostname(), 100), "check the spelling of " + zenml.StoreURL + ", and this machine's DNS"
	case errors.Is(err, syscall.ECONNREFUSED):
		o.unreachable = true
		return "nothing listens at " + host + " (connection refused)", "check that the server runs and the port in " + zenml.StoreURL + " is right"
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) || isTimeout(err):
		o.unreachable = true
		return fmt.Sprintf("no complete answer from %s within %s", host, t), "check the address and any firewall or proxy; raise --timeout if the server is just slow"
	case errors.Is(err, errTooLarge):
		return o.st.url + " sent " + err.Error() + "; a ZenML answer here is a few KiB", "check that " + zenml.StoreURL + " is the ZenML server's root address"
	case errors.Is(err, errNotHTTP):
		o.unreachable = true
		return host + " does not answer HTTP", "check the address and port in " + zenml.StoreURL
	case errors.Is(err, errClosed) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE):
		o.unreachable = true
		return host + " closed the connection without an answer", "if the server uses https, write https:// in " + zenml.StoreURL
	}
	o.unreachable = true
	return "the request to " + host + " failed: " + sanitize(err.Error(), 200), "check " + zenml.StoreURL
}

// explainTLS words the relay's verdict on a connection that did not open.
func (o *prober) explainTLS(e *tlsError, host string) (detail, fix string) {
	o.unreachable = true
	msg := sanitize(e.msg, 160)
	switch e.kind {
	case "cabundle":
		return "the CA bundle in " + zenml.StoreVerifySSL + " does not load: " + msg, "give the PEM file of the CA that signed the server's certificate"
	case "dns":
		return "cannot resolve the host " + sanitize(o.base.Hostname(), 100), "check the spelling of " + zenml.StoreURL + ", and this machine's DNS"
	case "refused":
		return "nothing listens at " + host + " (connection refused)", "check that the server runs and the port in " + zenml.StoreURL + " is right"
	case "timeout":
		return fmt.Sprintf("no complete answer from %s within %s", host, o.c.timeout), "check the address and any firewall or proxy; raise --timeout if the server is just slow"
	case "proxy":
		return "the proxy refused a tunnel to " + host + " (HTTP " + msg + ")", "check HTTPS_PROXY and NO_PROXY"
	case "verify-unknown":
		return "the server's certificate is not signed by a trusted authority (" + msg + ")", "set " + zenml.StoreVerifySSL + " to the path of the CA bundle that signed it"
	case "verify-hostname":
		return "the server's certificate is not for " + sanitize(o.base.Hostname(), 100) + " (" + msg + ")", "use the host name the certificate names in " + zenml.StoreURL
	case "verify-expired", "verify":
		return "the server's certificate is invalid: " + msg, "renew the server's certificate, or set " + zenml.StoreVerifySSL + " to the CA bundle that signed it"
	case "nottls":
		return host + " does not speak TLS (" + msg + ")", "use http:// if the server really serves plain http, or the https port"
	case "closed":
		return host + " closed the connection without an answer", "check the address and port in " + zenml.StoreURL
	}
	return "the https connection to " + host + " failed: " + msg, "check " + zenml.StoreURL
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isHTML(resp *response) bool {
	ct := strings.ToLower(resp.contentType)
	b := strings.TrimSpace(string(resp.body[:min(len(resp.body), 512)]))
	return strings.HasPrefix(ct, "text/html") || strings.HasPrefix(b, "<")
}

func statusText(resp *response) string {
	s := fmt.Sprintf("HTTP %d", resp.status)
	if isHTML(resp) {
		s += " with an HTML page"
	}
	return s
}

// serverMessage extracts the server's own words from an error answer:
// ZenML's {"detail": ["ExceptionName", "message"]}, FastAPI's
// {"detail": "message"} or [{"msg": ...}], or {"error": "message"}.
func serverMessage(resp *response) string {
	var e struct {
		Detail json.RawMessage `json:"detail"`
		Error  string          `json:"error"`
	}
	if isHTML(resp) || json.Unmarshal(resp.body, &e) != nil {
		return "no message (not JSON)"
	}
	var s string
	var list []json.RawMessage
	switch {
	case json.Unmarshal(e.Detail, &s) == nil && s != "":
	case json.Unmarshal(e.Detail, &list) == nil && len(list) > 0:
		var parts []string
		for _, item := range list {
			var str string
			var obj struct {
				Msg string `json:"msg"`
			}
			if json.Unmarshal(item, &str) == nil {
				// KeyError's message arrives with its repr quotes.
				parts = append(parts, strings.Trim(str, `"'`))
			} else if json.Unmarshal(item, &obj) == nil && obj.Msg != "" {
				parts = append(parts, obj.Msg)
			}
		}
		if len(parts) > 1 && !strings.Contains(parts[0], " ") {
			parts = parts[1:] // ZenML's exception class name
		}
		s = strings.Join(parts, ": ")
	case e.Error != "":
		s = e.Error
	}
	if s == "" {
		return "no message"
	}
	return sanitize(s, 300)
}

// minor is "0.98" of "0.98.1".
func minor(v string) string {
	parts := strings.SplitN(strings.TrimSpace(v), ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}

// notTokenByte: the token goes into a header line, so a server's answer
// must not smuggle a line break or other control byte into it.
func notTokenByte(r rune) bool { return r <= ' ' || r >= 0x7f }
