package doctor

import (
	"context"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strconv"
	"strings"

	"github.com/zenv-dev/zenv/internal/fsutil"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// Variables the offline checks read besides those zenml names as constants.
const (
	envToken    = "ZENML_STORE_API_TOKEN"
	envUser     = "ZENML_STORE_USERNAME"
	envPassword = "ZENML_STORE_PASSWORD"
)

// checkNames reports each ZENML_ variable the client ignores without a
// word (ZenML's store settings use extra="ignore"), with the name it reads.
func checkNames(_ context.Context, st *state) []Result {
	var out []Result
	for _, name := range sortedNames(st.env) {
		instead, ignored := zenml.Ignored(name)
		switch {
		case !ignored:
		case instead == "":
			out = append(out, Result{ID: "name", Status: Fail, Title: name,
				Detail: name + " configures a ZenML server; a client ignores it",
				Fix:    "unset it here; a client reads ZENML_STORE_*"})
		default:
			out = append(out, Result{ID: "name", Status: Fail, Title: name,
				Detail: "ZenML does not read " + name,
				Fix:    "rename it " + instead})
		}
	}
	if len(out) == 0 {
		out = append(out, Result{ID: "names", Status: Pass, Title: "names", Detail: "every ZENML_ variable is one the client reads"})
	}
	return out
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
		r.Fix = `set it, e.g. eval "$(zenv env bash)"`
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

// checkURL checks ZENML_STORE_URL as the client reads it
// (RestZenStoreConfiguration: http:// or https://, trailing / stripped) and
// sets st.url when the online checks may use it.
func checkURL(_ context.Context, st *state) []Result {
	raw := st.env[zenml.StoreURL]
	r := Result{ID: "url", Title: "server url", Status: Fail}
	lower := strings.ToLower(raw)
	u, perr := url.Parse(raw)
	switch {
	case strings.HasPrefix(raw, zenml.KeyPrefix) || strings.HasPrefix(raw, zenml.ProKeyPrefix):
		r.Detail, r.Fix = zenml.StoreURL+" holds an API key", "put the key in "+zenml.StoreAPIKey+", the server's address here, and rotate the key if it was logged"
	case strings.TrimSpace(raw) != raw || strings.ContainsAny(raw, "\"' \t\r\n"):
		r.Detail, r.Fix = zenml.StoreURL+" holds quotes or white space pasted with it", "remove them"
	case strings.HasPrefix(lower, "sqlite:") || strings.HasPrefix(lower, "mysql:"):
		st.sqlStore = true
		r.Status, r.Detail = Warn, zenml.StoreURL+" is a SQL database: this client works on it directly, not through a server"
		r.Fix = "use the server's https:// address for a client of a ZenML server"
	case perr != nil || !strings.Contains(raw, "://"):
		// Not echoed: what is not a URL may be a secret set in the wrong place.
		r.Detail, r.Fix = zenml.StoreURL+" is not a URL (scheme://host)", "give the server's address, e.g. https://zenml.example.com"
	case u.Scheme != "http" && u.Scheme != "https" || !strings.HasPrefix(raw, u.Scheme+"://"):
		// ZenML compares the prefix literally: HTTPS:// is not a REST store.
		r.Detail, r.Fix = zenml.StoreURL+" "+st.quote(raw)+" does not start with https:// or http://", "start it with https:// (lower-case)"
	case u.Hostname() == "":
		r.Detail, r.Fix = zenml.StoreURL+" "+st.quote(raw)+" has no host", "give the server's address, e.g. https://zenml.example.com"
	case u.User != nil:
		r.Detail, r.Fix = zenml.StoreURL+" "+st.quote(u.Redacted())+" holds a user name or password", "remove it; the API key authenticates"
	case u.RawQuery != "" || u.ForceQuery || strings.Contains(raw, "#"):
		r.Detail, r.Fix = zenml.StoreURL+" "+st.quote(raw)+" has a query or fragment", "give the server's base address"
	case u.Port() != "" && !validPort(u.Port()):
		r.Detail, r.Fix = zenml.StoreURL+" "+st.quote(raw)+" has an invalid port", "give a port from 1 to 65535, or none"
	case strings.HasSuffix(strings.ToLower(strings.TrimRight(u.Path, "/")), "/api/v1"):
		base := strings.TrimRight(raw, "/")
		base = base[:len(base)-len("/api/v1")]
		r.Detail, r.Fix = zenml.StoreURL+" ends with /api/v1, and the client adds /api/v1 itself", "set it to "+base
	case u.Scheme == "http" && !zenml.IsLoopbackHost(u.Hostname()):
		// The client would send the key in clear; doctor asks the server
		// what needs no key, and fails.
		st.url = strings.TrimRight(raw, "/")
		r.Detail = st.url + " is plain http to another host: the key and every token would cross the network in clear text"
		r.Fix = "use https://"
	default:
		st.url = strings.TrimRight(raw, "/")
		r.Status, r.Detail = Pass, st.url
	}
	return []Result{r}
}

// checkKey checks the key's shape without sending it anywhere: what was
// pasted with it, what kind of credential it is, and for a ZENKEY_ the
// decoded id (shown) and secret (never shown). A key set to nothing is
// what a misspelled CI secret gives: it fails.
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
	var out []Result
	if st.cleanKey != st.key {
		p := Result{ID: "key-paste", Title: "api key", Status: Fail,
			Detail: zenml.StoreAPIKey + " holds " + pasted(st.key) + " around the key",
			Fix:    "remove them where the variable is set; the client sends them as part of the key"}
		if strings.Trim(st.key, " \t\r\n") == st.cleanKey && strings.TrimLeft(st.key, " \t\r\n") == st.key {
			// Trailing white space only: the server's base64 decoder
			// skips it, so the key still works, until something stricter reads it.
			p.Status = Warn
		}
		out = append(out, p)
	}
	k := st.cleanKey
	switch {
	case looksLikeJWT(k):
		r.Detail = zenml.StoreAPIKey + " holds an access token, not an API key: it expires, an hour after login by default"
		r.Fix = "create a service account key (zenml service-account create NAME) and use it here"
	case strings.HasPrefix(k, zenml.ProKeyPrefix):
		r.Status, r.Detail = Pass, "a ZenML Pro key (ZENPROKEY_)"
		if host := hostOf(st.env[zenml.StoreURL]); host != "" && !proLooking(host) && st.env[zenml.ProAPIURL] == "" {
			r.Status = Warn
			r.Detail = "a ZenML Pro key (ZENPROKEY_), but " + host + " does not look like a ZenML Pro workspace"
			r.Fix = "use the workspace URL from the Pro dashboard, or a ZENKEY_ of this server's service account"
		}
	case strings.HasPrefix(k, zenml.KeyPrefix):
		if _, err := zenml.DecodeKey(k); err != nil {
			r.Detail, r.Fix = zenml.StoreAPIKey+" "+st.text(err.Error(), 200), "copy the whole key again from `zenml service-account create` or `... api-key create`"
		} else if !zenml.IsSecretShape(st.secret) {
			r.Detail, r.Fix = "key id "+st.keyID+": its secret is not the 64 hex digits ZenML makes; the key was cut or altered", "copy the whole key again"
		} else {
			r.Status, r.Detail = Pass, "key id "+st.keyID
		}
	default:
		r.Detail, r.Fix = zenml.StoreAPIKey+" does not start with ZENKEY_ or ZENPROKEY_", "use a service account's API key"
	}
	return append(out, r)
}

// checkVerifySSL reads ZENML_STORE_VERIFY_SSL as the client does: a
// boolean, else CA bundle text or the path of a file holding it. A typo
// such as "ture" is therefore taken as certificate text and fails at the
// first request. It sets st.verify, which the trust check resolves.
func checkVerifySSL(_ context.Context, st *state) []Result {
	v := st.env[zenml.StoreVerifySSL]
	r := Result{ID: "verify-ssl", Title: "verify_ssl"}
	st.verify.Source = zenml.StoreVerifySSL
	if b, ok := zenml.ParseBool(v); ok {
		st.verify.Off = !b
		if b {
			r.Status, r.Detail = Pass, "certificates are verified"
		} else {
			r.Status, r.Detail = Warn, "certificate verification is off: anyone on the path can read the key"
			r.Fix = "set it to the path of the server's CA bundle instead"
		}
		return []Result{r}
	}
	what, data := "the file "+st.quote(v), []byte(nil)
	if strings.HasPrefix(strings.TrimSpace(v), "-----BEGIN") {
		what, data = "its inline PEM", []byte(v)
	} else if b, err := st.in.ReadFile(v); err != nil {
		r.Status, r.Detail = Fail, st.quote(v)+" is neither a boolean nor a readable file ("+fileProblem(err)+"), so ZenML takes it as certificate text"
		if near := zenml.NearestBool(v); near != "" {
			r.Fix = "did you mean " + near + "?"
		} else {
			r.Fix = "give true, false, or the path of a CA bundle"
		}
		st.verify.PEM = []byte{} // trusts nothing: the client fails too
		st.verify.Source = zenml.StoreVerifySSL + " (certificate text)"
		return []Result{r}
	} else {
		data = b
	}
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
	// ZenML keeps the bundle's text (a file's content is read once) and
	// hands requests a file of it: the trust is exactly these certificates.
	st.verify.PEM = data
	st.verify.Source = zenml.StoreVerifySSL + " (inline PEM)"
	if what != "its inline PEM" {
		st.verify.Source = zenml.StoreVerifySSL + " " + v
	}
	if n == 0 {
		r.Status, r.Detail, r.Fix = Fail, what+" holds no PEM certificate", "give the path of a CA bundle (-----BEGIN CERTIFICATE-----)"
		return []Result{r}
	}
	r.Status, r.Detail = Pass, fmt.Sprintf("%s holds %d certificate(s)", what, n)
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
	r := Result{ID: what + "-id", Title: what + " id", Status: Pass, Detail: v}
	if !zenml.IsUUID(v) {
		r.Status = Fail
		r.Detail = name + " " + st.quote(v) + " is not a UUID: ZenML needs the " + what + "'s id, not its name"
		r.Fix = "find it with 'zenml " + what + " describe " + st.text(v, 60) + "'"
	}
	return []Result{r}
}

// checkValues runs zenml.CheckValue on every ZENML_ variable: a logging
// level ZenML rejects, a ZENML_DEBUG it ignores, a boolean that is not one.
func checkValues(_ context.Context, st *state) []Result {
	var out []Result
	checked := 0
	for _, name := range sortedNames(st.env) {
		if !strings.HasPrefix(name, "ZENML_") {
			continue
		}
		if zenml.CheckValue(name, "") != nil {
			checked++ // a name whose values zenml knows
		}
		if err := zenml.CheckValue(name, st.env[name]); err != nil {
			out = append(out, Result{ID: "value", Status: Fail, Title: name, Detail: st.text(err.Error(), 300)})
		}
	}
	if len(out) == 0 && checked > 0 {
		out = append(out, Result{ID: "values", Status: Pass, Title: "values", Detail: fmt.Sprintf("%d setting(s) hold values ZenML accepts", checked)})
	}
	return out
}

func looksLikeJWT(s string) bool {
	return strings.HasPrefix(s, "eyJ") && strings.Count(s, ".") == 2
}

// pasted names what surrounds the key, never the key.
func pasted(raw string) string {
	switch {
	case strings.ContainsAny(raw, `"'`) && strings.TrimSpace(raw) != raw:
		return "quotes and white space"
	case strings.ContainsAny(raw, `"'`):
		return "quotes"
	case strings.ContainsAny(raw, "\r\n"):
		return "a line break"
	}
	return "white space"
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

// validPort reports whether p is a TCP port number, 1 to 65535.
func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535
}
