package doctor

import (
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strconv"
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

// offline runs the checks that need nothing but the environment.
func offline(st *state) []Result {
	var out []Result
	out = append(out, checkNames(st)...)
	out = append(out, checkStore(st))
	if r, ok := checkCredentials(st); ok {
		out = append(out, r)
	}
	if r, ok := checkURL(st); ok {
		out = append(out, r)
	}
	out = append(out, checkKey(st)...)
	if r, ok := checkVerifySSL(st); ok {
		out = append(out, r)
	}
	for _, v := range []struct{ name, what string }{{zenml.ActiveProject, "project"}, {zenml.ActiveStack, "stack"}} {
		if r, ok := checkID(st, v.name, v.what); ok {
			out = append(out, r)
		}
	}
	return append(out, checkValues(st)...)
}

// checkNames reports each ZENML_ variable the client ignores without a
// word (ZenML's store settings use extra="ignore"), with the name it reads.
func checkNames(st *state) []Result {
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
func checkStore(st *state) Result {
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
	return r
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
func checkCredentials(st *state) (Result, bool) {
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
		return r, false
	}
	return r, true
}

// checkURL checks ZENML_STORE_URL as the client reads it
// (RestZenStoreConfiguration: http:// or https://, trailing / stripped) and
// sets st.url when the online checks may use it.
func checkURL(st *state) (Result, bool) {
	raw, set := st.env[zenml.StoreURL]
	if !set || raw == "" {
		return Result{}, false
	}
	r := Result{ID: "url", Title: "server url", Status: Fail}
	lower := strings.ToLower(raw)
	u, perr := url.Parse(raw)
	switch {
	case strings.HasPrefix(raw, zenml.KeyPrefix) || strings.HasPrefix(raw, zenml.ProKeyPrefix):
		r.Detail, r.Fix = zenml.StoreURL+" holds an API key", "put the key in "+zenml.StoreAPIKey+", the server's address here, and rotate the key if it was logged"
	case strings.TrimSpace(raw) != raw || strings.ContainsAny(raw, "\"' \t\r\n"):
		r.Detail, r.Fix = zenml.StoreURL+" holds quotes or white space pasted with it", "remove them"
	case strings.HasPrefix(lower, "sqlite:") || strings.HasPrefix(lower, "mysql:"):
		r.Status, r.Detail = Warn, zenml.StoreURL+" is a SQL database: this client works on it directly, not through a server"
		r.Fix = "use the server's https:// address for a client of a ZenML server"
	case perr != nil || !strings.Contains(raw, "://"):
		// Not echoed: what is not a URL may be a secret set in the wrong place.
		r.Detail, r.Fix = zenml.StoreURL+" is not a URL (scheme://host)", "give the server's address, e.g. https://zenml.example.com"
	case u.Scheme != "http" && u.Scheme != "https" || !strings.HasPrefix(raw, u.Scheme+"://"):
		// ZenML compares the prefix literally: HTTPS:// is not a REST store.
		r.Detail, r.Fix = zenml.StoreURL+" "+quote(raw)+" does not start with https:// or http://", "start it with https:// (lower-case)"
	case u.Hostname() == "":
		r.Detail, r.Fix = zenml.StoreURL+" "+quote(raw)+" has no host", "give the server's address, e.g. https://zenml.example.com"
	case u.User != nil:
		r.Detail, r.Fix = zenml.StoreURL+" "+quote(u.Redacted())+" holds a user name or password", "remove it; the API key authenticates"
	case u.RawQuery != "" || u.ForceQuery || strings.Contains(raw, "#"):
		r.Detail, r.Fix = zenml.StoreURL+" "+quote(raw)+" has a query or fragment", "give the server's base address"
	case u.Port() != "" && !validPort(u.Port()):
		r.Detail, r.Fix = zenml.StoreURL+" "+quote(raw)+" has an invalid port", "give a port from 1 to 65535, or none"
	case strings.HasSuffix(strings.TrimRight(u.Path, "/"), "/api/v1"):
		base := strings.TrimSuffix(strings.TrimRight(raw, "/"), "/api/v1")
		r.Detail, r.Fix = zenml.StoreURL+" ends with /api/v1, and the client adds /api/v1 itself", "set it to "+base
	case u.Scheme == "http" && !zenml.IsLoopbackHost(u.Hostname()):
		st.url = strings.TrimRight(raw, "/")
		r.Status, r.Detail = Warn, st.url+" is plain http to another host: the key and every token cross the network in clear text"
		r.Fix = "use https://"
	default:
		st.url = strings.TrimRight(raw, "/")
		r.Status, r.Detail = Pass, st.url
	}
	return r, true
}

// checkKey checks the key's shape without sending it anywhere: what was
// pasted with it, what kind of credential it is, and for a ZENKEY_ the
// decoded id (shown) and secret (never shown).
func checkKey(st *state) []Result {
	if st.key == "" {
		return nil
	}
	var out []Result
	r := Result{ID: "key", Title: "api key", Status: Fail}
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
			r.Detail, r.Fix = zenml.StoreAPIKey+" "+err.Error(), "copy the whole key again from `zenml service-account create` or `... api-key create`"
		} else if !zenml.IsSecretShape(st.keySecret) {
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
// first request.
func checkVerifySSL(st *state) (Result, bool) {
	v, set := st.env[zenml.StoreVerifySSL]
	if !set {
		return Result{}, false
	}
	r := Result{ID: "verify-ssl", Title: "verify_ssl"}
	if b, ok := zenml.ParseBool(v); ok {
		st.tlsOff = !b
		if b {
			r.Status, r.Detail = Pass, "certificates are verified"
		} else {
			r.Status, r.Detail = Warn, "certificate verification is off: anyone on the path can read the key"
			r.Fix = "set it to the path of the server's CA bundle instead"
		}
		return r, true
	}
	what, data := "the file "+quote(v), []byte(nil)
	if strings.HasPrefix(strings.TrimSpace(v), "-----BEGIN") {
		what, data = "its inline PEM", []byte(v)
	} else if b, err := st.in.ReadFile(v); err != nil {
		r.Status, r.Detail = Fail, quote(v)+" is neither a boolean nor a readable file ("+fileProblem(err)+"), so ZenML takes it as certificate text"
		if near := zenml.NearestBool(v); near != "" {
			r.Fix = "did you mean " + near + "?"
		} else {
			r.Fix = "give true, false, or the path of a CA bundle"
		}
		return r, true
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
	if n == 0 {
		r.Status, r.Detail, r.Fix = Fail, what+" holds no PEM certificate", "give the path of a CA bundle (-----BEGIN CERTIFICATE-----)"
		return r, true
	}
	st.caBundle = data
	r.Status, r.Detail = Pass, fmt.Sprintf("%s holds %d certificate(s)", what, n)
	return r, true
}

// checkID: the client needs an id here; a name works once, then fails.
func checkID(st *state, name, what string) (Result, bool) {
	v, set := st.env[name]
	if !set {
		return Result{}, false
	}
	r := Result{ID: what + "-id", Title: what + " id", Status: Pass, Detail: v}
	if !zenml.IsUUID(v) {
		r.Status = Fail
		r.Detail = name + " " + quote(v) + " is not a UUID: ZenML needs the " + what + "'s id, not its name"
		r.Fix = "find it with 'zenml " + what + " describe " + sanitize(v, 60) + "'"
	}
	return r, true
}

// checkValues runs zenml.CheckValue on every ZENML_ variable: a logging
// level ZenML rejects, a ZENML_DEBUG it ignores, a boolean that is not one.
func checkValues(st *state) []Result {
	var out []Result
	checked := 0
	for _, name := range sortedNames(st.env) {
		if !strings.HasPrefix(name, "ZENML_") {
			continue
		}
		if zenml.CheckValueErr(name, "") != nil {
			checked++ // a name whose values zenml knows
		}
		if err := zenml.CheckValueErr(name, st.env[name]); err != nil {
			out = append(out, Result{ID: "value", Status: Fail, Title: name, Detail: sanitize(err.Error(), 300)})
		}
	}
	if len(out) == 0 && checked > 0 {
		out = append(out, Result{ID: "values", Status: Pass, Title: "values", Detail: fmt.Sprintf("%d setting(s) hold values ZenML accepts", checked)})
	}
	return out
}

func sortedNames(env map[string]string) []string {
	names := make([]string, 0, len(env))
	for n := range env {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
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

// quote prints a non-secret value for a message: quoted, on one line, and
// cut when long.
func quote(v string) string {
	return fmt.Sprintf("%q", sanitize(v, 120))
}

// sanitize keeps text from a server or the environment to one printable
// line of at most max runes, without anything shaped like a key: control
// characters (a terminal escape, a line that would start a workflow
// command) become '?'.
func sanitize(s string, max int) string {
	// A key the server echoed across lines is one token only when joined;
	// the join is kept only then, so ordinary text keeps its breaks.
	if joined := joinBrokenTokens(s); redact.LooksLikeKey(joined) {
		s = joined
	}
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

// joinBrokenTokens drops a line break or other control character that
// stands between two characters of a key's alphabet, so a key a server
// echoes across two lines is still one token for the redactor (found by
// the attack review).
func joinBrokenTokens(s string) string {
	isKey := func(c byte) bool {
		return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '=' || c == '_' || c == '-'
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && i > 0 && b.Len() > 0 {
			j := i
			for j < len(s) && s[j] < 0x20 {
				j++
			}
			if j < len(s) && isKey(s[j]) && isKey(b.String()[b.Len()-1]) {
				i = j - 1
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// validPort reports whether p is a TCP port number, 1 to 65535.
func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535
}
