package doctor

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/zenv-dev/zenv/internal/httpclient"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// The online checks ask the server what the client will ask, in the
// client's order, through one httpclient.Client. The key is sent only to a
// server that answered /api/v1/info as ZenML, at the URL as configured (no
// redirect is followed to another origin).

// checkTrust decides whom doctor trusts for https exactly as the client's
// requests library would (httpclient.RequestsTrust: verify_ssl, else
// REQUESTS_CA_BUNDLE, else CURL_CA_BUNDLE, else certifi's bundle of the
// Python that has zenml, else the system roots read without SSL_CERT_FILE),
// says which, and builds the client every later check uses.
func checkTrust(_ context.Context, st *state) []Result {
	st.base, _ = url.Parse(st.url)
	opts := httpclient.Options{Timeout: st.in.Timeout, DialContext: st.in.Dial, Proxy: st.in.Proxy,
		UserAgent: "zenv-doctor", Redirects: 4}
	if opts.Proxy == nil {
		opts.Proxy = httpclient.ProxyFromEnvironment(st.in.Environ)
	}
	if st.base.Scheme != "https" {
		// Plain http needs no trust; a redirect to https is another origin.
		opts.Trust = httpclient.Trust{Pool: x509.NewCertPool(), Source: "none (http)"}
		st.c, _ = httpclient.New(opts)
		return nil
	}
	r := Result{ID: "trust", Title: "tls trust", Status: Fail}
	getenv := func(name string) string { v, _ := lookupEnv(st.in.Environ, name); return v }
	note := ""
	probeFailed := false
	certifi := func() string {
		info, err := st.probe()
		switch {
		case err != nil:
			probeFailed = true
			note = "; not certifi's bundle: asking python3 failed (" + st.text(err.Error(), 100) + ")"
		case info.ZenML == "":
			note = "; not certifi's bundle as the client would: no python3 with zenml found here"
			return ""
		case info.Certifi == "":
			note = "; the python3 with zenml has no certifi"
		}
		return info.Certifi
	}
	trust, err := httpclient.RequestsTrust(st.verify, getenv, certifi, st.in.SystemTrust)
	if err != nil {
		st.stop = "no certificates to check the server's with"
		r.Detail = "no trust to check the server's certificate with: " + st.text(err.Error(), 200)
		r.Fix = "give the PEM file of the CA that signed the server's certificate (" + zenml.StoreVerifySSL + " or REQUESTS_CA_BUNDLE)"
		return []Result{r}
	}
	opts.Trust = trust
	if st.c, err = httpclient.New(opts); err != nil {
		st.stop = "no https client"
		r.Detail = "no https client: " + st.text(err.Error(), 200)
		return []Result{r}
	}
	r.Status, r.Detail = Pass, "certificates are checked against "+st.text(trust.Source, 200)+note
	switch {
	case trust.Insecure:
		r.Status, r.Detail = Warn, "certificates are not checked: "+st.text(trust.Source, 200)
		r.Fix = "set " + zenml.StoreVerifySSL + " to the CA bundle that signed the server's certificate"
	case probeFailed:
		// The client may trust certifi's bundle, not these: the verdict
		// below may not be the client's.
		r.Status = Warn
		r.Fix = "check that python3 -c 'import certifi' runs, or raise --timeout; or give the CA in " + zenml.StoreVerifySSL + " or REQUESTS_CA_BUNDLE"
	}
	for _, name := range []string{"SSL_CERT_FILE", "SSL_CERT_DIR"} {
		if v, ok := lookupEnv(st.in.Environ, name); ok && v != "" && !trust.Insecure {
			r.Detail += "; " + name + " is set, and the ZenML client (requests) never reads it"
			if r.Status == Pass {
				r.Fix = "give the CA in " + zenml.StoreVerifySSL + " or REQUESTS_CA_BUNDLE if the client needs it"
			}
		}
	}
	return []Result{r}
}

// lookupEnv finds name in environ, exactly as written (POSIX names are
// case-sensitive, and so is requests' os.environ.get).
func lookupEnv(environ []string, name string) (string, bool) {
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			return v, true
		}
	}
	return "", false
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

// checkHealth: GET /health at the root answers "ok" without credentials.
func checkHealth(ctx context.Context, st *state) []Result {
	r := Result{ID: "health", Title: "health", Status: Fail}
	resp, err := st.get(ctx, "/health", "")
	if err != nil {
		r.Detail, r.Fix = st.explain(err, "/health")
		return []Result{r}
	}
	// ZenML 0.98's middleware answers plain "ok"; the route itself, JSON "OK".
	body := strings.Trim(strings.TrimSpace(string(resp.Body)), `"`)
	switch {
	case resp.Status != 200:
		r.Detail = st.url + "/health answered " + statusText(resp)
		r.Fix = "check that " + zenml.StoreURL + " is the server's root address"
	case isHTML(resp):
		r.Detail = st.url + "/health answered an HTML page, not ZenML's \"ok\""
		r.Fix = "check that " + zenml.StoreURL + " is the server's root address, not its dashboard or a proxy's page"
	case !strings.EqualFold(body, "ok"):
		r.Detail = st.url + "/health did not answer ZenML's \"ok\""
		r.Fix = "check that " + zenml.StoreURL + " is the server's root address"
	default:
		r.Status, r.Detail = Pass, st.url+" is up"
	}
	return []Result{r}
}

// checkInfo: GET /api/v1/info must be JSON with the server model. A ZenML
// server, and many other web servers, answer an unknown path with an HTML
// page and status 200, so anything else means the URL is not a ZenML root.
func checkInfo(ctx context.Context, st *state) []Result {
	r := Result{ID: "info", Title: "server info", Status: Fail}
	notZenML := "no ZenML server answered, so the key was not sent"
	resp, err := st.get(ctx, "/api/v1/info", "")
	if err != nil {
		r.Detail, r.Fix = st.explain(err, "/api/v1/info")
		st.stop = notZenML
		return []Result{r}
	}
	var info serverInfo
	notRoot := "check that " + zenml.StoreURL + " is the ZenML server's root address (the one `zenml login` uses)"
	switch {
	case resp.Status != 200:
		r.Detail, r.Fix = st.url+"/api/v1/info answered "+statusText(resp), notRoot
	case isHTML(resp):
		r.Detail, r.Fix = st.url+"/api/v1/info answered an HTML page: this URL is not a ZenML server's root", notRoot
	case json.Unmarshal(resp.Body, &info) != nil || info.Version == "" || info.ID == "":
		r.Detail, r.Fix = st.url+"/api/v1/info did not answer JSON with ZenML's server model: this URL is not a ZenML server's root", notRoot
	default:
		name := ""
		if info.Name != "" {
			name = " " + st.quote(info.Name)
		}
		r.Status = Pass
		r.Detail = fmt.Sprintf("ZenML %s%s, deployment %s", st.server(info.Version, 40), name, st.server(info.DeploymentType, 40))
		st.serverInfo = &info
		return []Result{r}
	}
	st.stop = notZenML
	return []Result{r}
}

// checkClientVersion compares the server's major.minor with the zenml
// python3 has here (read from its metadata): the client warns on a
// mismatch and some calls change between minor versions. Informational
// when there is none: doctor may run where only the variables are set.
func checkClientVersion(_ context.Context, st *state) []Result {
	r := Result{ID: "client-version", Title: "client version", Status: Skip}
	server := st.serverInfo.Version
	info, err := st.probe()
	local := info.ZenML
	switch {
	case err != nil:
		r.Detail = "could not ask python3 for zenml's version: " + st.text(err.Error(), 120)
	case local == "":
		r.Detail = "no zenml installed for python3 here to compare with"
	case minor(local) != minor(server):
		r.Status = Warn
		r.Detail = fmt.Sprintf("the zenml here is %s, the server %s", st.text(local, 40), st.server(server, 40))
		r.Fix = "install the server's version: pip install 'zenml==" + st.server(minor(server), 20) + ".*'"
	default:
		r.Status, r.Detail = Pass, "the zenml here ("+st.text(local, 40)+") matches the server"
	}
	return []Result{r}
}

// checkLogin logs in as the client would with the credential it has: the
// key (POST /api/v1/login, grant_type=zenml-api-key&password=<key>,
// rest_zen_store.py get_or_generate_api_token), a username and password
// (grant_type=password), or a bare token (used as is). No credential, or
// one doctor will not send, is a failure: nothing after it can be checked.
func checkLogin(ctx context.Context, st *state) []Result {
	r := Result{ID: "login", Title: "login", Status: Fail}
	st.stop = "not logged in"
	info := st.serverInfo
	user, pass := st.env[envUser], st.env[envPassword]
	var form url.Values
	what := "the key"
	switch {
	case st.keySet && st.cleanKey == "":
		r.Detail, r.Fix = zenml.StoreAPIKey+" is empty: there is no key to log in with", "set it to the service account's key"
		return []Result{r}
	case st.keySet:
		form = url.Values{"grant_type": {"zenml-api-key"}, "password": {st.key}}
	case st.env[envToken] != "":
		st.token = strings.TrimSpace(st.env[envToken])
		st.stop = ""
		r.Status, r.Detail = Pass, envToken+" is used as given, without a login; it expires, and the client cannot renew it"
		return []Result{r}
	case user != "" && pass != "":
		form = url.Values{"grant_type": {"password"}, "username": {user}, "password": {pass}}
		what = "the username and password"
	default:
		r.Detail = "no credential to log in with: the client would use a login saved on this machine, and a CI runner has none"
		r.Fix = "set " + zenml.StoreAPIKey + " to a service account's key"
		return []Result{r}
	}
	switch {
	case st.base.Scheme == "http" && !zenml.IsLoopbackHost(st.base.Hostname()):
		r.Detail, r.Fix = "zenv does not send "+what+" over plain http to another host", "use https://"
		return []Result{r}
	case strings.HasPrefix(st.cleanKey, zenml.ProKeyPrefix) && info.DeploymentType != "cloud" && !strings.EqualFold(info.AuthScheme, "EXTERNAL"):
		r.Detail = "a ZenML Pro key (ZENPROKEY_), but this server is not a ZenML Pro workspace (deployment " + st.server(info.DeploymentType, 40) + "); the key was not sent"
		r.Fix = "use a ZENKEY_ of one of this server's service accounts"
		return []Result{r}
	}
	resp, err := st.send(ctx, httpclient.Request{Method: "POST", URL: st.at("/api/v1/login"),
		Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Accept": {"application/json"}},
		Body:   []byte(form.Encode())})
	if err != nil {
		r.Detail, r.Fix = st.explain(err, "/api/v1/login")
		return []Result{r}
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   *int64 `json:"expires_in"`
	}
	switch {
	case resp.Status == 200 && json.Unmarshal(resp.Body, &tok) == nil && tok.AccessToken != "" && !strings.ContainsFunc(tok.AccessToken, notTokenByte):
		st.token, st.stop = tok.AccessToken, ""
		st.red.Add(tok.AccessToken)
		r.Status = Pass
		r.Detail = what + " logs in"
		if tok.ExpiresIn != nil && *tok.ExpiresIn > 0 {
			r.Detail += "; the access token lasts " + (time.Duration(*tok.ExpiresIn) * time.Second).String() + " and the client logs in again with the key after that"
		} else {
			r.Detail += "; the server set no expiry on the access token"
		}
	case resp.Status == 200:
		r.Detail = "the login answered 200 without a usable access token"
	case resp.Status == 401 || resp.Status == 403:
		r.Detail = "the server refused " + what + ": " + st.serverMessage(resp)
		r.Fix = "the key is wrong, deactivated, rotated or deleted; create a new one: zenml service-account api-key ACCOUNT create NAME"
		if st.keyID != "" {
			r.Detail = "the server refused key id " + st.keyID + ": " + st.serverMessage(resp)
		}
	case resp.Status == 429:
		r.Detail = "the server limits logins (5 a minute by default) and refused this one: " + st.serverMessage(resp)
		r.Fix = "wait a minute and run doctor again; many clients logging in at once hit the same limit"
	default:
		r.Detail = "the login answered " + statusText(resp) + ": " + st.serverMessage(resp)
	}
	return []Result{r}
}

// checkAccount: GET /api/v1/current-user as the key's account. A key of a
// human user's account ties automation to a person; the article's first
// best practice is one service account per environment.
func checkAccount(ctx context.Context, st *state) []Result {
	r := Result{ID: "account", Title: "account", Status: Fail}
	resp, err := st.get(ctx, "/api/v1/current-user", st.token)
	if err != nil {
		r.Detail, r.Fix = st.explain(err, "/api/v1/current-user")
		return []Result{r}
	}
	var u struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Body *struct {
			IsServiceAccount bool `json:"is_service_account"`
		} `json:"body"`
	}
	if resp.Status != 200 || json.Unmarshal(resp.Body, &u) != nil || u.Name == "" {
		r.Detail = "current-user answered " + statusText(resp) + ": " + st.serverMessage(resp)
		return []Result{r}
	}
	st.accountID, st.account = st.server(u.ID, 40), st.server(u.Name, 120)
	switch {
	case u.Body == nil:
		r.Status, r.Detail = Warn, "logged in as "+st.quote(u.Name)+"; the server did not say whether it is a service account"
	case !u.Body.IsServiceAccount:
		r.Status, r.Detail = Warn, "logged in as "+st.quote(u.Name)+", which is not a service account"
		r.Fix = "give automation its own service account: zenml service-account create NAME"
	default:
		st.isService = true
		r.Status, r.Detail = Pass, "logged in as service account "+st.quote(u.Name)
	}
	return []Result{r}
}

func checkProject(ctx context.Context, st *state) []Result {
	return st.entity(ctx, zenml.ActiveProject, "project", "/api/v1/projects/")
}

func checkStack(ctx context.Context, st *state) []Result {
	return st.entity(ctx, zenml.ActiveStack, "stack", "/api/v1/stacks/")
}

// entity: the project or stack the environment names exists, and the
// account may read it (GET by id; 404 with a detail when unknown).
func (st *state) entity(ctx context.Context, name, what, path string) []Result {
	id := st.env[name]
	r := Result{ID: what, Title: what, Status: Fail}
	if !zenml.IsUUID(id) {
		r.Status, r.Detail = Skip, "not run: "+name+" is not a UUID"
		return []Result{r}
	}
	resp, err := st.get(ctx, path+strings.ToLower(id), st.token)
	if err != nil {
		r.Detail, r.Fix = st.explain(err, path+"…")
		return []Result{r}
	}
	var e struct {
		Name string `json:"name"`
	}
	switch {
	case resp.Status == 200 && json.Unmarshal(resp.Body, &e) == nil && e.Name != "":
		r.Status, r.Detail = Pass, what+" "+st.quote(e.Name)+" ("+id+")"
	case resp.Status == 404:
		r.Detail = "no " + what + " with id " + id + " on this server: " + st.serverMessage(resp)
		r.Fix = "list them with 'zenml " + what + " list' and set " + name + " to one of their ids"
	case resp.Status == 401 || resp.Status == 403:
		r.Detail = "the account may not read " + what + " " + id + ": " + st.serverMessage(resp)
		r.Fix = "grant the service account access to it"
	default:
		r.Detail = what + " " + id + " answered " + statusText(resp) + ": " + st.serverMessage(resp)
	}
	return []Result{r}
}

// at is the server URL with path appended, as the client builds it.
func (st *state) at(path string) *url.URL {
	u := *st.base
	p, query, _ := strings.Cut(path, "?")
	u.Path = strings.TrimRight(u.Path, "/") + p
	u.RawPath, u.RawQuery = "", query
	return &u
}

// get sends a GET with an optional bearer token.
func (st *state) get(ctx context.Context, path, token string) (*httpclient.Response, error) {
	req := httpclient.Request{URL: st.at(path), Header: http.Header{"Accept": {"application/json"}}}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return st.send(ctx, req)
}

func (st *state) send(ctx context.Context, req httpclient.Request) (*httpclient.Response, error) {
	return st.c.Do(ctx, req)
}

// explain turns a failed request into one line a person can act on. A
// failure to reach the server stops the checks after it.
func (st *state) explain(err error, path string) (detail, fix string) {
	host := httpclient.HostPort(st.base)
	t := st.c.Timeout()
	unreachable := func(d, f string) (string, string) {
		st.stop = "the server was not reached"
		return d, f
	}
	var (
		rd *httpclient.RedirectError
		pe *httpclient.ProxyError
	)
	switch httpclient.Classify(err) {
	case httpclient.KindRedirect:
		errors.As(err, &rd)
		if rd.TooMany {
			return st.url + path + " redirects again and again", "check " + zenml.StoreURL
		}
		to := st.server(rd.To.String(), 200)
		detail = st.url + " redirects " + rd.From.Path + " to " + to + "; zenv did not follow it and sent nothing there"
		fix = "if that is the server, set " + zenml.StoreURL + " to its address"
		if rd.To.Host != "" {
			fix = "if that is the server, set " + zenml.StoreURL + " to " + st.server(rd.To.Scheme+"://"+rd.To.Host+strings.TrimSuffix(rd.To.Path, rd.From.Path), 200)
		}
		return detail, fix
	case httpclient.KindTooLarge:
		return st.url + path + " sent an answer larger than zenv reads (1 MiB of body, 64 KiB of headers); a ZenML answer here is a few KiB", "check that " + zenml.StoreURL + " is the ZenML server's root address"
	case httpclient.KindCanceled:
		return unreachable("cancelled before "+host+" answered", "")
	case httpclient.KindDNS:
		return unreachable("cannot resolve the host "+st.text(st.base.Hostname(), 100), "check the spelling of "+zenml.StoreURL+", and this machine's DNS")
	case httpclient.KindRefused:
		return unreachable("nothing listens at "+host+" (connection refused)", "check that the server runs and the port in "+zenml.StoreURL+" is right")
	case httpclient.KindTimeout:
		return unreachable(fmt.Sprintf("no complete answer from %s within %s", host, t), "check the address and any firewall or proxy; raise --timeout if the server is just slow")
	case httpclient.KindNotHTTP:
		return unreachable(host+" does not answer HTTP", "check the address and port in "+zenml.StoreURL)
	case httpclient.KindClosed:
		return unreachable(host+" closed the connection without an answer", "if the server uses https, write https:// in "+zenml.StoreURL)
	case httpclient.KindNotTLS:
		return unreachable(host+" does not speak TLS", "use http:// if the server really serves plain http, or the https port")
	case httpclient.KindUnknownAuthority:
		return unreachable("the server's certificate is not signed by a trusted authority (checked against "+st.text(st.c.Trust().Source, 160)+")",
			"set "+zenml.StoreVerifySSL+" (or REQUESTS_CA_BUNDLE) to the CA bundle that signed it; the client never reads SSL_CERT_FILE")
	case httpclient.KindHostname:
		return unreachable("the server's certificate is not for "+st.text(st.base.Hostname(), 100)+" ("+st.server(err.Error(), 160)+")", "use the host name the certificate names in "+zenml.StoreURL)
	case httpclient.KindCertInvalid:
		return unreachable("the server's certificate is invalid: "+st.server(err.Error(), 160), "renew the server's certificate, or set "+zenml.StoreVerifySSL+" to the CA bundle that signed it")
	case httpclient.KindProxy:
		if errors.As(err, &pe) {
			return unreachable(fmt.Sprintf("the proxy refused a tunnel to %s (HTTP %d)", host, pe.Status), "check HTTPS_PROXY and NO_PROXY (any case), as the client reads them")
		}
		return unreachable("the proxy failed: "+st.server(err.Error(), 200), "check HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY (any case), as the client reads them")
	}
	return unreachable("the request to "+host+" failed: "+st.server(err.Error(), 200), "check "+zenml.StoreURL)
}

func isHTML(resp *httpclient.Response) bool {
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	b := strings.TrimSpace(string(resp.Body[:min(len(resp.Body), 512)]))
	return strings.HasPrefix(ct, "text/html") || strings.HasPrefix(b, "<")
}

func statusText(resp *httpclient.Response) string {
	s := fmt.Sprintf("HTTP %d", resp.Status)
	if isHTML(resp) {
		s += " with an HTML page"
	}
	return s
}

// serverMessage extracts the server's own words from an error answer:
// ZenML's {"detail": ["ExceptionName", "message"]}, FastAPI's
// {"detail": "message"} or [{"msg": ...}], or {"error": "message"}. The
// words are redacted, then cut.
func (st *state) serverMessage(resp *httpclient.Response) string {
	var e struct {
		Detail json.RawMessage `json:"detail"`
		Error  string          `json:"error"`
	}
	if isHTML(resp) || json.Unmarshal(resp.Body, &e) != nil {
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
	return st.server(s, 300)
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
