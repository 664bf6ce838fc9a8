package doctor

import (
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"maps"
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

// offline runs the checks that need nothing but the environment.
func offline(st *state) []Result {
	var out []Result
	out = append(out, checkNames(st)...)
	out = append(out, checkStore(st))
	if r, ok := checkCredentials(st); ok {
		out = append(out, r)
	}
	out = append(out, checkURL(st)...)
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
// word (ZenML's store settings use extra="ignore"): zenml.Name's verdict.
func checkNames(st *state) []Result {
	var out []Result
	for _, name := range slices.Sorted(maps.Keys(st.env)) {
		if p := zenml.Name(name).Problem(); p != nil {
			out = append(out, verdict(Result{ID: "name", Title: name}, *p, p.Message))
		}
	}
	if len(out) == 0 {
		out = append(out, Result{ID: "names", Status: Pass, Title: "names", Detail: "every ZENML_ variable is one the client reads"})
	}
	return out
}

// verdict fills r from a problem found by internal/zenml: its code, its
// status by zenml.Severity, detail and its hint as the fix.
func verdict(r Result, p zenml.Problem, detail string) Result {
	r.Code, r.Detail, r.Fix = string(p.Code), detail, p.Hint
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

// checkURL checks ZENML_STORE_URL with zenml.ParseStoreURL, one result
// per problem, and sets st.url when the online checks may use it: a URL
// whose only problem is plain http is still contacted (login never sends
// the key over it).
func checkURL(st *state) []Result {
	raw, set := st.env[zenml.StoreURL]
	if !set || raw == "" {
		return nil
	}
	u, problems := zenml.ParseStoreURL(raw)
	var out []Result
	usable := u != nil
	for _, p := range problems {
		subject := zenml.StoreURL + " " + quote(raw)
		switch p.Code {
		case zenml.CodeURLNoScheme:
			p.Hint = "give the server's address, e.g. https://zenml.example.com"
			fallthrough
		case zenml.CodeURLKey, zenml.CodeURLSyntax, zenml.CodeURLSpace:
			// Not echoed: what is not a URL may be a secret set in the wrong place.
			subject = zenml.StoreURL
		case zenml.CodeURLUser:
			subject = zenml.StoreURL + " " + quote(u.Redacted())
		}
		out = append(out, verdict(Result{ID: "url", Title: "server url"}, p, subject+" "+p.Message))
		usable = usable && p.Code == zenml.CodeURLPlainHTTP
	}
	if usable {
		st.url = zenml.TrimURL(raw)
	}
	if len(out) == 0 {
		out = append(out, Result{ID: "url", Title: "server url", Status: Pass, Detail: st.url})
	}
	return out
}

// checkKey checks the key's shape with zenml.ParseKey, without sending it
// anywhere: what was pasted with it, what kind of credential it is, and for
// a ZENKEY_ the decoded id (shown) and secret (never shown).
func checkKey(st *state) []Result {
	if st.key == "" {
		return nil
	}
	k, problems := zenml.ParseKey(st.key)
	var out []Result
	failed := false
	for _, p := range problems {
		r := Result{ID: "key", Title: "api key"}
		detail := zenml.StoreAPIKey + " " + p.Message
		switch p.Code {
		case zenml.CodeKeyWhitespace, zenml.CodeKeyTrailing:
			r.ID = "key-paste"
		case zenml.CodeKeySecret:
			if k.ID != "" {
				detail = "key id " + k.ID + ": its secret is not the 64 hex digits ZenML makes; the key was cut or altered"
			}
			failed = true
		default:
			failed = true
		}
		out = append(out, verdict(r, p, detail))
	}
	if failed {
		return out
	}
	r := Result{ID: "key", Title: "api key", Status: Pass, Detail: "key id " + k.ID}
	if k.Pro {
		r.Detail = "a ZenML Pro key (ZENPROKEY_)"
		if host := hostOf(st.env[zenml.StoreURL]); host != "" && !proLooking(host) && st.env[zenml.ProAPIURL] == "" {
			r.Status = Warn
			r.Detail = "a ZenML Pro key (ZENPROKEY_), but " + host + " does not look like a ZenML Pro workspace"
			r.Fix = "use the workspace URL from the Pro dashboard, or a ZENKEY_ of this server's service account"
		}
	}
	return append(out, r)
}

// checkVerifySSL reads ZENML_STORE_VERIFY_SSL with zenml.ParseVerifySSL:
// a boolean, else CA bundle text or the path of a file holding it. A typo
// such as "ture" is taken as certificate text by the client and fails at
// the first request.
func checkVerifySSL(st *state) (Result, bool) {
	v, set := st.env[zenml.StoreVerifySSL]
	if !set {
		return Result{}, false
	}
	r := Result{ID: "verify-ssl", Title: "verify_ssl"}
	s, problems := zenml.ParseVerifySSL(v)
	st.tlsOff = s.IsBool && !s.On
	if len(problems) > 0 {
		p := problems[0]
		return verdict(r, p, quote(v)+" "+p.Message), true
	}
	if s.IsBool {
		r.Status, r.Detail = Pass, "certificates are verified"
		return r, true
	}
	what, data := "its inline PEM", []byte(v)
	if s.Path {
		b, err := st.in.ReadFile(v)
		if err != nil {
			r.Status, r.Detail = Fail, "the CA bundle "+quote(v)+" cannot be read ("+fileProblem(err)+"), so ZenML takes it as certificate text"
			r.Fix = "give true, false, or the path of a CA bundle"
			return r, true
		}
		what, data = "the file "+quote(v), b
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
	if p := zenml.CheckID(what, v); p != nil {
		p.Hint = strings.Replace(p.Hint, "NAME", sanitize(v, 60), 1)
		r = verdict(r, *p, name+" "+quote(v)+" "+p.Message)
	}
	return r, true
}

// checkValues runs zenml.CheckValue on every other ZENML_ variable: a
// logging level ZenML rejects, a ZENML_DEBUG it ignores, a boolean that is
// not one, a ZENML_PRO_API_URL that is not a URL.
func checkValues(st *state) []Result {
	var out []Result
	checked := 0
	for _, name := range slices.Sorted(maps.Keys(st.env)) {
		info := zenml.Name(name)
		if info.Class != zenml.Client || !zenml.ChecksValue(name) ||
			name == zenml.StoreURL || name == zenml.StoreVerifySSL || name == zenml.ActiveProject || name == zenml.ActiveStack {
			continue // judged by name, or by its own check above
		}
		checked++
		subject := name + "=" + quote(st.env[name])
		if info.Secret {
			subject = name
		}
		for _, p := range zenml.CheckValue(name, st.env[name]) {
			out = append(out, verdict(Result{ID: "value", Title: name}, p, sanitize(subject+" "+p.Message, 300)))
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
