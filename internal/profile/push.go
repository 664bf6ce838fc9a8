package profile

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/zenv-dev/zenv/internal/config"
	"github.com/zenv-dev/zenv/internal/fsutil"
	oskeyring "github.com/zenv-dev/zenv/internal/keyring"
	"github.com/zenv-dev/zenv/internal/keysource"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// Destination is one place `zenv push` writes the profile's key to, from
// the profile's push: list. It names where, never the key; its tokens are
// key sources, read only when a push needs them.
type Destination struct {
	Kind   string // github, gitlab, prefect, keyring
	Target string // owner/repo, a GitLab project path or id, a Prefect API URL, a keyring item
	// Token authenticates zenv to the store: a GitHub or GitLab token, a
	// Prefect Cloud key (Bearer). AuthString is Prefect's basic auth
	// (user:password, as PREFECT_API_AUTH_STRING). nil when not given.
	Token      keysource.Source
	AuthString keysource.Source
	API        string // the store's API base URL, without a trailing /; "" for the default

	EnvironmentScope string // gitlab; "*" when not given
	Protected        bool   // gitlab
	MaskedAndHidden  bool   // gitlab, on creation only
	AllowHTTP        bool   // http:// to a host that is not loopback

	Origin string // file:line of the entry
}

// Default API bases.
const (
	GitHubAPI = "https://api.github.com"
	GitLabAPI = "https://gitlab.com/api/v4"
)

// DestinationKinds are the kinds a push: entry may name, in the order
// help shows them.
var DestinationKinds = []string{"github", "gitlab", "prefect", "keyring"}

// pushFields are the keys each kind's entry may hold besides its own.
var pushFields = map[string][]string{
	"github":  {"token", "api", "allow_http"},
	"gitlab":  {"token", "api", "environment_scope", "protected", "masked_and_hidden", "allow_http"},
	"prefect": {"token", "auth_string", "allow_http"},
	"keyring": {},
}

// Compiled on first use, off zenv's start-up path.
var (
	gitHubRepo    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`) })
	gitLabProject = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^([0-9]+|[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+)$`)
	})
)

// Describe names the destination for status lines: kind and target.
func (d Destination) Describe() string { return d.Kind + " " + d.Target }

// APIBase is the API URL requests go to: api, else the kind's default;
// for prefect the target itself.
func (d Destination) APIBase() string {
	switch {
	case d.Kind == "prefect":
		return d.Target
	case d.API != "":
		return d.API
	case d.Kind == "github":
		return GitHubAPI
	case d.Kind == "gitlab":
		return GitLabAPI
	}
	return ""
}

// pushOf reads a profile's push: list into l, with every problem it has.
func pushOf(n *config.Node, l *layer, ps *problems) {
	if n.Kind != config.Sequence {
		ps.at(n.Pos, "push must be a list of destinations (- github: OWNER/REPO, - gitlab: PROJECT, - prefect: URL, - keyring: NAME); see 'zenv help config'")
		return
	}
	seen := map[string]string{}
	for _, item := range n.Items {
		d, ok := destinationOf(item, ps)
		if !ok {
			continue
		}
		// The same repository on two hosts (github.com and a GitHub
		// Enterprise, gitlab.com and a self-managed GitLab) is two places.
		id := d.Kind + " " + strings.ToLower(strings.TrimRight(d.APIBase(), "/")) + " " + d.Target
		if d.Kind == "gitlab" {
			id += " " + d.EnvironmentScope
		}
		if prev, dup := seen[id]; dup {
			ps.at(item.Pos, "%s is listed twice (first at %s)", d.Describe(), prev)
			continue
		}
		seen[id] = d.Origin
		l.push = append(l.push, d)
	}
}

// destinationOf reads one push: entry; ok is false when it has a problem.
func destinationOf(n *config.Node, ps *problems) (d Destination, ok bool) {
	d = Destination{Origin: n.Pos.String()}
	if n.Kind != config.Mapping || len(n.Pairs) == 0 {
		ps.at(n.Pos, "a push destination is a mapping that starts with its kind: github, gitlab, prefect or keyring")
		return d, false
	}
	// The kind is whichever of the kinds the entry names, wherever it stands.
	for _, p := range n.Pairs {
		if _, isKind := pushFields[p.Key]; isKind {
			if d.Kind != "" {
				ps.at(p.KeyPos, "a push destination names one kind; this one names %s and %s", d.Kind, p.Key)
				return d, false
			}
			d.Kind = p.Key
		}
	}
	if d.Kind == "" {
		ps.at(n.Pos, "a push destination must name its kind: github: OWNER/REPO, gitlab: PROJECT, prefect: URL or keyring: NAME")
		return d, false
	}
	before := len(*ps)
	known := append([]string{d.Kind}, pushFields[d.Kind]...)
	var apiPos config.Pos
	eachKey(n, known, ps, func(k string, v *config.Node) {
		what := "push." + d.Kind + "." + k
		if k == d.Kind {
			what = "push." + d.Kind
		}
		switch k {
		case "token", "auth_string":
			src := tokenSourceOf(v, what, ps)
			if k == "token" {
				d.Token = src
			} else {
				d.AuthString = src
			}
			return
		}
		s, isScalar := scalar(v, what, ps)
		if !isScalar {
			return
		}
		switch k {
		case "protected", "masked_and_hidden", "allow_http":
			b, err := strconv.ParseBool(s)
			if err != nil {
				ps.at(v.Pos, "%s must be true or false", what)
				return
			}
			switch k {
			case "protected":
				d.Protected = b
			case "masked_and_hidden":
				d.MaskedAndHidden = b
			default:
				d.AllowHTTP = b
			}
			return
		}
		if redact.LooksLikeKey(s) {
			ps.at(v.Pos, "%s holds something shaped like a ZenML api key; a destination names where the key goes, and rotate the key if it reached a file", what)
			return
		}
		switch k {
		case "api":
			d.API, apiPos = strings.TrimRight(s, "/"), v.Pos
		case "environment_scope":
			if s == "" || strings.ContainsAny(s, " \t\r\n") {
				ps.at(v.Pos, "%s must be a GitLab environment scope such as production, review/* or *", what)
				return
			}
			d.EnvironmentScope = s
		default:
			d.Target = s
		}
	})
	if len(*ps) > before {
		return d, false
	}
	checkDestination(&d, n.Pos, apiPos, ps)
	return d, len(*ps) == before
}

// checkDestination validates the target and the URLs of d, at pos (the
// entry) and apiPos (its api:).
func checkDestination(d *Destination, pos, apiPos config.Pos, ps *problems) {
	switch d.Kind {
	case "github":
		if !gitHubRepo().MatchString(d.Target) || dotSegment(d.Target) {
			ps.at(pos, "push.github %q is not a repository; give OWNER/REPO", d.Target)
		} else if d.Token == nil {
			ps.at(pos, "push.github %s needs token: (any key source, such as {env: GITHUB_TOKEN}); a fine-grained token needs Secrets and Variables write", d.Target)
		}
	case "gitlab":
		if !gitLabProject().MatchString(d.Target) || dotSegment(d.Target) {
			ps.at(pos, "push.gitlab %q is not a project; give its path (group/project) or its numeric id", d.Target)
		} else if d.Token == nil {
			ps.at(pos, "push.gitlab %s needs token: (any key source, such as {env: GITLAB_TOKEN}); the token needs the api scope and the Maintainer role", d.Target)
		}
		if d.EnvironmentScope == "" {
			d.EnvironmentScope = "*"
		}
	case "prefect":
		u, err := checkAPIURL(d.Target, d.AllowHTTP)
		if err != nil {
			ps.at(pos, "push.prefect: %s", err)
			break
		}
		d.Target = u
		if d.Token != nil && d.AuthString != nil {
			ps.at(pos, "push.prefect %s takes token: (Prefect Cloud) or auth_string: (basic auth), not both", d.Target)
		}
	case "keyring":
		if err := oskeyring.CheckName(d.Target); err != nil {
			ps.at(pos, "push.keyring: %s", err)
		}
	}
	if d.API != "" {
		u, err := checkAPIURL(d.API, d.AllowHTTP)
		if err != nil {
			ps.at(apiPos, "push.%s.api: %s", d.Kind, err)
			return
		}
		d.API = u
	}
}

// dotSegment reports whether a repository or project path has a . or ..
// part: no name, and in a request path it would climb out of /repos/.
func dotSegment(path string) bool {
	for _, part := range strings.Split(path, "/") {
		if part == "." || part == ".." {
			return true
		}
	}
	return false
}

// checkAPIURL accepts https://, or http:// to a loopback host (a local
// store or a test stand-in); http:// elsewhere only with allow_http, since
// the key and the token would cross the network in clear text.
func checkAPIURL(raw string, allowHTTP bool) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return "", fmt.Errorf("%s is not a URL; give https://HOST/...", quoteURL(raw))
	}
	if u.User != nil {
		return "", fmt.Errorf("the url holds a user name or password; give it with token: or auth_string:")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%s has a query or fragment; give the API's base url", quoteURL(raw))
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !zenml.IsLoopbackHost(u.Hostname()) && !allowHTTP {
			return "", fmt.Errorf("%s uses http:// to a host that is not loopback, so the key and the token would travel in clear text; use https://, or add allow_http: true to this destination", quoteURL(raw))
		}
	default:
		return "", fmt.Errorf("%s must start with https:// (or http:// to a loopback host)", quoteURL(raw))
	}
	return strings.TrimRight(raw, "/"), nil
}

// tokenSourceOf reads a destination's token (a key source, as api_key
// takes) at what; an {env: NAME} must name a valid variable.
func tokenSourceOf(n *config.Node, what string, ps *problems) keysource.Source {
	src := keySourceOf(n, what, ps)
	if e, ok := src.(keysource.Env); ok {
		if err := checkVarName(e.Name); err != nil {
			ps.at(n.Pairs[0].Value.Pos, "%s: %s", what, err)
			return nil
		}
	}
	return src
}

// fillPush resolves the destinations into p: token file paths made
// absolute, warnings for http:// stores.
func fillPush(p *Profile, ds []Destination, src Source) ([]string, error) {
	var warnings []string
	for _, d := range ds {
		for _, tok := range []*keysource.Source{&d.Token, &d.AuthString} {
			if *tok != nil && (*tok).Kind() == "value" && p.Path != "" && src.Stat != nil {
				if fi, err := src.Stat(p.Path); err == nil && fsutil.OthersCanRead(fi) {
					warnings = append(warnings, fmt.Sprintf("%s: a push token is written in plain text in a file that group or others can read; run chmod 600 %s, or use token: {env: NAME}", (*tok).Origin(), p.Path))
				}
			}
			if f, ok := (*tok).(keysource.File); ok {
				abs, err := absPath(f.Path, f.From, p.Path, src)
				if err != nil {
					return nil, fmt.Errorf("%s: token file: %w", f.From, err)
				}
				f.Path = abs
				*tok = f
			}
		}
		if d.AllowHTTP && strings.HasPrefix(d.APIBase(), "http://") {
			if u, err := url.Parse(d.APIBase()); err == nil && !zenml.IsLoopbackHost(u.Hostname()) {
				warnings = append(warnings, fmt.Sprintf("%s: push %s uses http:// (allow_http: true), so the key and the token travel in clear text", d.Origin, d.Describe()))
			}
		}
		p.Push = append(p.Push, d)
	}
	return warnings, nil
}

// KeyringItemsInUse maps each OS keyring item a profile of the config file
// reads its key from to that profile's name, for push's rule that writing
// over another profile's item needs --force. An unreadable file maps
// nothing: Load has already said why.
func KeyringItemsInUse(src Source) map[string]string {
	items := map[string]string{}
	path, _ := src.File()
	if path == "" || src.NoConfig {
		return items
	}
	data, err := src.ReadFile(path)
	if err != nil {
		return items
	}
	cf, err := config.Parse(path, data)
	if err != nil {
		return items
	}
	for _, fp := range cf.Profiles {
		k := fp.Body.Get("api_key").Get("keyring")
		if k == nil || k.Kind != config.Scalar || k.Null {
			continue
		}
		if _, dup := items[k.Value]; !dup {
			items[k.Value] = fp.Name
		}
	}
	return items
}

// Summary describes the destination for zenv profile show: kind, target,
// settings, and where each token is read from, never a token.
func (d Destination) Summary() string {
	parts := []string{d.Describe()}
	if d.API != "" {
		shown, _ := redact.URL(d.API)
		parts = append(parts, "api "+shown)
	}
	if d.Kind == "gitlab" {
		parts = append(parts, "environment scope "+d.EnvironmentScope)
		if d.Protected {
			parts = append(parts, "protected")
		}
		if d.MaskedAndHidden {
			parts = append(parts, "masked and hidden")
		}
	}
	for _, t := range []struct {
		name string
		src  keysource.Source
	}{{"token", d.Token}, {"auth_string", d.AuthString}} {
		switch {
		case t.src == nil:
		case t.src.Kind() == "value":
			parts = append(parts, t.name+" written in the config file ("+t.src.Origin()+")")
		default:
			parts = append(parts, t.name+" from "+t.src.Describe())
		}
	}
	if d.AllowHTTP {
		parts = append(parts, "allow_http")
	}
	return strings.Join(parts, ", ")
}

// quoteURL quotes a url for a message as redact.URL shows it: never
// its userinfo, nothing of it when it may be a secret.
func quoteURL(raw string) string {
	if shown, ok := redact.URL(raw); ok {
		return fmt.Sprintf("%q", shown)
	}
	return "the url"
}
