package doctor

import (
	"context"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strings"

	"github.com/zenv-dev/zenv/internal/fsutil"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// Variables the offline checks read besides those zenml names as constants.
const (
	envToken    = "ZENML_STORE_API_TOKEN"
	envUser     = "ZENML_STORE_USERNAME"
	envPassword = "ZENML_STORE_PASSWORD"
)

// checkNames reports each ZENML_ variable no client reads (ZenML's store
// settings use extra="ignore", so it says nothing), with the name it reads:
// zenml.Name's verdict, the one env and lint give.
func checkNames(_ context.Context, st *state) []Result {
	var out []Result
	for _, name := range sortedNames(st.env) {
		p := zenml.Name(name).Problem()
		if p != nil && p.Code == zenml.CodeNameUnknown && slices.Contains(st.in.KeyVars, name) {
			// A profile reads its key from it. Only an unknown name is
			// exempt: a mistaken one (ZENML_API_KEY) is the mistake the
			// user likely also exported to the client.
			continue
		}
		if p != nil {
			r := problemResult("name", name, "", p)
			if p.Code == zenml.CodeNameUnknown {
				// It may hold a key a profile reads with {env: NAME}: never
				// tell the user to delete a secret.
				r.Fix = "no ZenML client reads it; if it holds a key for zenv, fine; else check its spelling"
			}
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		out = append(out, Result{ID: "names", Status: Pass, Title: "names", Detail: "every ZENML_ variable is one the client reads"})
	}
	return out
}

// problemResult turns a problem of internal/zenml into a result: its code,
// the status doctor gives the code (zenml.Severity), subject before the
// message, the hint as the fix.
func problemResult(id, title, subject string, p *zenml.Problem) Result {
	r := Result{ID: id, Code: string(p.Code), Title: title, Detail: p.Message, Fix: p.Hint}
	if subject != "" {
		r.Detail = subject + " " + p.Message
	}
	switch zenml.Severity(p.Code, zenml.CmdDoctor) {
	case zenml.Fail:
		r.Status = Fail
	case zenml.Warn:
		r.Status = Warn
	default:
		r.Status = Pass
	}
	return r
}

// checkStore finds a half-set store: without ZENML_STORE_URL the other
// ZENML_STORE_ variables are merged into the client's saved configuration
// (global_config.py), so a key may go to another server or to the local SQL
// store.
func checkStore(_ context.Context, st *state) []Result {
	r := Result{ID: "store", Title: "store"}
	url, cred := st.env[zenml.StoreURL], credential(st.env)
	switch {
	case url == "" && cred != "":
		r.Status, r.Detail = Fail, cred+" is set but "+zenml.StoreURL+" is not: the client merges it into its saved configuration, and it may reach another server or none"
		r.Fix = "set " + zenml.StoreURL + " beside it"
	case url == "":
		r.Status, r.Detail = Fail, zenml.StoreURL+" is not set: the client uses whatever `zenml login` saved on this machine, or a local database"
		name := st.in.Profile
		if name == "" {
			name = "NAME"
		}
		r.Fix = `set it, e.g. out=$(zenv env bash -p ` + name + `) && eval "$out"`
	case cred == "":
		r.Status, r.Detail = Warn, zenml.StoreURL+" is set without a credential: the client needs a login saved on this machine, and a CI runner has none"
		r.Fix = "set " + zenml.StoreAPIKey + " to a service account's key"
	default:
		r.Status, r.Detail = Pass, zenml.StoreURL+" and "+cred+" are set"
	}
	return []Result{r}
}

// credential names the credential set, "" when none is.
func credential(env map[string]string) string {
	switch {
	case env[zenml.StoreAPIKey] != "":
		return zenml.StoreAPIKey
	case env[envToken] != "":
		return envToken
	case env[envUser] != "" && env[envPassword] != "":
		return envUser + " and " + envPassword
	}
	return ""
}

// checkCredentials finds credentials that compete. The client keeps a bare
// token and uses it before the key until it expires, then logs in with the
// key: two identities in one process (rest_zen_store.py,
// get_or_generate_api_token). Username and password count only in pairs.
func checkCredentials(_ context.Context, st *state) []Result {
	r := Result{ID: "credentials", Title: "credentials"}
	key, token := st.env[zenml.StoreAPIKey] != "", st.env[envToken] != ""
	user, pass := st.env[envUser] != "", st.env[envPassword] != ""
	switch {
	case key && token:
		r.Status, r.Detail = Fail, "an API key and "+envToken+" are both set: the client uses the token until it expires, then the key"
		r.Fix = "unset " + envToken
	case key && user && pass:
		r.Status, r.Detail = Fail, "an API key and a username and password are both set: which one authenticates depends on the client version"
		r.Fix = "unset " + envUser + " and " + envPassword
	case user != pass:
		r.Status, r.Detail = Warn, "only one of "+envUser+" and "+envPassword+" is set; the client ignores it"
		r.Fix = "set both, or neither and use " + zenml.StoreAPIKey
	case key || token || user:
		r.Status, r.Detail = Pass, "one credential: "+credential(st.env)
	default:
		return nil
	}
	return []Result{r}
}

// checkURL reads ZENML_STORE_URL with zenml.ParseStoreURL, the reader env
// and lint use, and reports each problem by its code. It sets st.url when
// the online checks may use it: a plain http URL to another host is a
// failure, yet health and info (which carry no credential) still run.
func checkURL(_ context.Context, st *state) []Result {
	raw := st.env[zenml.StoreURL]
	u, problems := zenml.ParseStoreURL(raw)
	subject := zenml.StoreURL
	usable := u != nil
	for _, p := range problems {
		switch p.Code {
		case zenml.CodeURLKey, zenml.CodeURLSyntax, zenml.CodeURLSpace, zenml.CodeURLNoScheme:
			// Not echoed: what is not a URL may be a secret set in the wrong place.
		case zenml.CodeURLSQL:
			st.sqlStore = true
		default:
			if shown, ok := redact.URL(raw); ok {
				subject = zenml.StoreURL + " " + st.quote(shown)
			}
		}
		if p.Code != zenml.CodeURLPlainHTTP && zenml.Severity(p.Code, zenml.CmdDoctor) == zenml.Fail {
			usable = false
		}
	}
	var out []Result
	for _, p := range problems {
		r := problemResult("url", "server url", subject, &p)
		out = append(out, r)
	}
	if usable {
		st.url = zenml.TrimURL(raw)
	}
	if len(out) == 0 {
		out = append(out, Result{ID: "url", Title: "server url", Status: Pass, Detail: st.url})
	}
	return out
}

// checkKey reads the key with zenml.ParseKey, without sending it anywhere:
// what was pasted with it, what kind of credential it is, and for a
// ZENKEY_ the decoded id (shown) and secret (never shown). A key set to
// nothing is what a misspelled CI secret gives: it fails.
func checkKey(_ context.Context, st *state) []Result {
	r := Result{ID: "key", Title: "api key", Status: Fail}
	if st.cleanKey == "" {
		r.Detail = zenml.StoreAPIKey + " is set but empty"
		if st.key != "" {
			r.Detail = zenml.StoreAPIKey + " is set to white space or quotes only"
		}
		r.Fix = "set it to the service account's key; in CI, check the secret's name (an unknown secret expands to nothing)"
		return []Result{r}
	}
	k, problems := zenml.ParseKey(st.key)
	var out []Result
	shapeOK := true
	for _, p := range problems {
		id := "key"
		if p.Code == zenml.CodeKeyWhitespace || p.Code == zenml.CodeKeyTrailing {
			id = "key-paste"
		} else {
			shapeOK = false
		}
		subject := zenml.StoreAPIKey
		if k.ID != "" {
			subject = "key id " + k.ID + ":"
		}
		out = append(out, problemResult(id, "api key", subject, &p))
	}
	switch {
	case !shapeOK:
	case k.Pro:
		r.Status, r.Detail = Pass, "a ZenML Pro key (ZENPROKEY_)"
		if host := hostOf(st.env[zenml.StoreURL]); host != "" && !proLooking(host) && st.env[zenml.ProAPIURL] == "" {
			r.Status = Warn
			r.Detail = "a ZenML Pro key (ZENPROKEY_), but " + host + " does not look like a ZenML Pro workspace"
			r.Fix = "use the workspace URL from the Pro dashboard, or a ZENKEY_ of this server's service account"
		}
		if r.Status != Pass || len(out) == 0 { // one verdict, as below
			out = append(out, r)
		}
	case len(out) > 0:
		// Pasted quotes or white space were reported, with the key id: one
		// verdict per check, not a ✗ and a ✓ for the same key.
	default:
		r.Status, r.Detail = Pass, "key id "+k.ID
		out = append(out, r)
	}
	return out
}

// checkVerifySSL reads ZENML_STORE_VERIFY_SSL with zenml.ParseVerifySSL:
// a boolean, else CA bundle text or the path of a file holding it. A typo
// such as "ture" is therefore taken as certificate text and fails at the
// first request. It sets st.verify, which the trust check resolves.
func checkVerifySSL(_ context.Context, st *state) []Result {
	v := st.env[zenml.StoreVerifySSL]
	vs, problems := zenml.ParseVerifySSL(v)
	st.verify.Source = zenml.StoreVerifySSL
	if len(problems) > 0 {
		var out []Result
		for _, p := range problems {
			subject := st.quote(v)
			out = append(out, problemResult("verify-ssl", "verify_ssl", subject, &p))
		}
		if vs.IsBool {
			st.verify.Off = !vs.On
		} else {
			// The client takes the text as a certificate and fails: so
			// does doctor's trust.
			st.verify.PEM, st.verify.Source = []byte{}, zenml.StoreVerifySSL+" (certificate text)"
		}
		return out
	}
	r := Result{ID: "verify-ssl", Title: "verify_ssl", Status: Fail, Code: string(zenml.CodeVerifySSL)}
	what, data := "its inline PEM", []byte(v)
	st.verify.Source = zenml.StoreVerifySSL + " (inline PEM)"
	switch {
	case vs.IsBool:
		r.Status, r.Code, r.Detail = Pass, "", "certificates are verified"
		return []Result{r}
	case vs.Path:
		// ZenML reads the file once and keeps its text; a missing file's
		// name is itself taken as certificate text.
		what = "the file " + st.quote(v)
		st.verify.Source = zenml.StoreVerifySSL + " " + v
		b, err := st.in.ReadFile(v)
		if err != nil {
			st.verify.PEM = []byte{}
			r.Detail = zenml.StoreVerifySSL + " " + st.quote(v) + " is not a readable file (" + fileProblem(err) + "), so ZenML takes it as certificate text"
			r.Fix = "give true, false, or the path of a CA bundle"
			return []Result{r}
		}
		data = b
	}
	st.verify.PEM = data
	n := 0
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		if b.Type == "CERTIFICATE" {
			n++
		}
	}
	if n == 0 {
		r.Detail, r.Fix = zenml.StoreVerifySSL+": "+what+" holds no PEM certificate", "give the path of a CA bundle (-----BEGIN CERTIFICATE-----)"
		return []Result{r}
	}
	r.Status, r.Code, r.Detail = Pass, "", fmt.Sprintf("%s holds %d certificate(s)", what, n)
	return []Result{r}
}

func checkProjectID(_ context.Context, st *state) []Result {
	return checkID(st, zenml.ActiveProject, "project")
}

func checkStackID(_ context.Context, st *state) []Result {
	return checkID(st, zenml.ActiveStack, "stack")
}

// checkID: the client needs an id here; a name works once, then fails.
func checkID(st *state, name, what string) []Result {
	v := st.env[name]
	if p := zenml.CheckID(what, v); p != nil {
		r := problemResult(what+"-id", what+" id", name+" "+st.quote(v), p)
		r.Fix = "find it with 'zenml " + what + " describe " + st.text(v, 60) + "'"
		return []Result{r}
	}
	return []Result{{ID: what + "-id", Title: what + " id", Status: Pass, Detail: v}}
}

// checkValues runs zenml.CheckValue on every ZENML_ variable with rules
// but its own check above: a logging level ZenML rejects, a ZENML_DEBUG it
// ignores, a boolean that is not one, a Pro URL that is not a URL.
func checkValues(_ context.Context, st *state) []Result {
	var out []Result
	checked := 0
	for _, name := range sortedNames(st.env) {
		switch name {
		case zenml.StoreURL, zenml.StoreVerifySSL, zenml.ActiveProject, zenml.ActiveStack:
			continue // checked above, with more to say
		}
		if !zenml.ChecksValue(name) {
			continue
		}
		checked++
		for _, p := range zenml.CheckValue(name, st.env[name]) {
			out = append(out, problemResult("value", name, name+" "+st.quote(st.env[name]), &p))
		}
	}
	if len(out) == 0 && checked > 0 {
		out = append(out, Result{ID: "values", Status: Pass, Title: "values", Detail: fmt.Sprintf("%d setting(s) hold values ZenML accepts", checked)})
	}
	return out
}

func hostOf(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// proLooking: ZenML Pro workspaces are served under zenml.io
// (…cloudinfra.zenml.io); a loopback or private address never is one.
func proLooking(host string) bool {
	h := strings.ToLower(host)
	return h == "zenml.io" || strings.HasSuffix(h, ".zenml.io")
}

func fileProblem(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return sanitize(fsutil.BareError(err).Error(), 100)
}

// quoteText quotes an already redacted value: one line, cut when long.
func quoteText(v string) string {
	return fmt.Sprintf("%q", sanitize(v, 120))
}
