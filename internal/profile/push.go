package profile

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

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

var (
	gitHubRepo    = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)
	gitLabProject = regexp.MustCompile(`^([0-9]+|[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+)$`)
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

// parsePush reads a profile's push: list. Every error is file:line.
func (cf *configFile) parsePush(n *yaml.Node) ([]Destination, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, cf.errAt(n, "push must be a list of destinations (- github: OWNER/REPO, - gitlab: PROJECT, - prefect: URL, - keyring: NAME); see 'zenv help config'")
	}
	var out []Destination
	seen := map[string]string{}
	for _, item := range n.Content {
		item = resolve(item)
		d, err := cf.parseDestination(item)
		if err != nil {
			return nil, err
		}
		id := d.Kind + " " + d.Target
		if d.Kind == "gitlab" {
			id += " " + d.EnvironmentScope
		}
		if prev, dup := seen[id]; dup {
			return nil, cf.errAt(item, fmt.Sprintf("%s is listed twice (first at %s)", d.Describe(), prev))
		}
		seen[id] = d.Origin
		out = append(out, d)
	}
	return out, nil
}

func (cf *configFile) parseDestination(n *yaml.Node) (Destination, error) {
	d := Destination{Origin: cf.origin(n)}
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return d, cf.errAt(n, "a push destination is a mapping that starts with its kind: github, gitlab, prefect or keyring")
	}
	// The kind is whichever of the kinds the entry names, wherever it stands.
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if _, ok := pushFields[k]; ok {
			if d.Kind != "" {
				return d, cf.errAt(n.Content[i], fmt.Sprintf("a push destination names one kind; this one names %s and %s", d.Kind, k))
			}
			d.Kind = k
		}
	}
	if d.Kind == "" {
		return d, cf.errAt(n, "a push destination must name its kind: github: OWNER/REPO, gitlab: PROJECT, prefect: URL or keyring: NAME")
	}
	known := append([]string{d.Kind}, pushFields[d.Kind]...)
	var apiNode *yaml.Node
	err := cf.eachKey(n, known, func(k string, v *yaml.Node) error {
		what := "push." + d.Kind + "." + k
		if k == d.Kind {
			what = "push." + d.Kind
		}
		switch k {
		case "token", "auth_string":
			src, err := cf.parseSourceAs(v, what)
			if k == "token" {
				d.Token = src
			} else {
				d.AuthString = src
			}
			return err
		case "protected", "masked_and_hidden", "allow_http":
			s, err := cf.scalar(v, what)
			if err != nil {
				return err
			}
			b, err := strconv.ParseBool(s)
			if err != nil {
				return cf.errAt(v, what+" must be true or false")
			}
			switch k {
			case "protected":
				d.Protected = b
			case "masked_and_hidden":
				d.MaskedAndHidden = b
			default:
				d.AllowHTTP = b
			}
			return nil
		}
		s, err := cf.scalar(v, what)
		if err != nil {
			return err
		}
		if redact.LooksLikeKey(s) {
			return cf.errAt(v, what+" holds something shaped like a ZenML api key; a destination names where the key goes, and rotate the key if it reached a file")
		}
		switch k {
		case "api":
			d.API, apiNode = strings.TrimRight(s, "/"), v
		case "environment_scope":
			if s == "" || strings.ContainsAny(s, " \t\r\n") {
				return cf.errAt(v, what+" must be a GitLab environment scope such as production, review/* or *")
			}
			d.EnvironmentScope = s
		default:
			d.Target = s
		}
		return nil
	})
	if err != nil {
		return d, err
	}
	if err := cf.checkDestination(&d, n, apiNode); err != nil {
		return d, err
	}
	return d, nil
}

// checkDestination validates the target and the URLs of d.
func (cf *configFile) checkDestination(d *Destination, n, apiNode *yaml.Node) error {
	at := func(msg string) error { return fmt.Errorf("%s: %s", d.Origin, msg) }
	switch d.Kind {
	case "github":
		if !gitHubRepo.MatchString(d.Target) {
			return at(fmt.Sprintf("push.github %q is not a repository; give OWNER/REPO", d.Target))
		}
		if d.Token == nil {
			return at("push.github " + d.Target + " needs token: (any key source, such as {env: GITHUB_TOKEN}); a fine-grained token needs Secrets and Variables write")
		}
	case "gitlab":
		if !gitLabProject.MatchString(d.Target) {
			return at(fmt.Sprintf("push.gitlab %q is not a project; give its path (group/project) or its numeric id", d.Target))
		}
		if d.Token == nil {
			return at("push.gitlab " + d.Target + " needs token: (any key source, such as {env: GITLAB_TOKEN}); the token needs the api scope and the Maintainer role")
		}
		if d.EnvironmentScope == "" {
			d.EnvironmentScope = "*"
		}
	case "prefect":
		u, err := checkAPIURL(d.Target, d.AllowHTTP)
		if err != nil {
			return at("push.prefect: " + err.Error())
		}
		d.Target = u
		if d.Token != nil && d.AuthString != nil {
			return at("push.prefect " + d.Target + " takes token: (Prefect Cloud) or auth_string: (basic auth), not both")
		}
	case "keyring":
		if err := oskeyring.CheckName(d.Target); err != nil {
			return at("push.keyring: " + err.Error())
		}
	}
	if d.API != "" {
		u, err := checkAPIURL(d.API, d.AllowHTTP)
		if err != nil {
			return cf.errAt(apiNode, "push."+d.Kind+".api: "+err.Error())
		}
		d.API = u
	}
	return nil
}

// checkAPIURL accepts https://, or http:// to a loopback host (a local
// store or a test stand-in); http:// elsewhere only with allow_http, since
// the key and the token would cross the network in clear text.
func checkAPIURL(raw string, allowHTTP bool) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return "", fmt.Errorf("%q is not a URL; give https://HOST/...", raw)
	}
	if u.User != nil {
		return "", fmt.Errorf("the url holds a user name or password; give it with token: or auth_string:")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q has a query or fragment; give the API's base url", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !zenml.IsLoopbackHost(u.Hostname()) && !allowHTTP {
			return "", fmt.Errorf("%q uses http:// to a host that is not loopback, so the key and the token would travel in clear text; use https://, or add allow_http: true to this destination", raw)
		}
	default:
		return "", fmt.Errorf("%q must start with https:// (or http:// to a loopback host)", raw)
	}
	return strings.TrimRight(raw, "/"), nil
}

// parseSourceAs reads a key source mapping ({env: NAME}, ...) for what.
func (cf *configFile) parseSourceAs(n *yaml.Node, what string) (keysource.Source, error) {
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		return nil, cf.errAt(n, what+" must name exactly one source: "+sourceForms())
	}
	var src keysource.Source
	err := cf.eachKey(n, keysource.KindNames(), func(k string, v *yaml.Node) error {
		s, err := cf.scalar(v, what+"."+k)
		if err != nil {
			return err
		}
		kind, _ := keysource.LookupKind(k)
		if kind.Bool {
			if b, err := strconv.ParseBool(s); err != nil || !b {
				return cf.errAt(v, what+"."+k+" must be true")
			}
			s = ""
		}
		if k == "env" {
			if err := checkVarName(s); err != nil {
				return cf.errAt(v, what+": "+err.Error())
			}
		}
		src = kind.New(s, cf.origin(v))
		return nil
	})
	return src, err
}

// fillPush resolves the destinations into p: token file paths made
// absolute, warnings for http:// stores.
func fillPush(p *Profile, ds []Destination, src Source) ([]string, error) {
	var warnings []string
	for _, d := range ds {
		for _, tok := range []*keysource.Source{&d.Token, &d.AuthString} {
			if *tok != nil && (*tok).Kind() == "value" && p.Path != "" && src.Stat != nil {
				if fi, err := src.Stat(p.Path); err == nil && keysource.GroupOrOtherReadable(fi) {
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
	path, _ := configPath(src)
	if path == "" || src.NoConfig {
		return items
	}
	data, err := src.ReadFile(path)
	if err != nil {
		return items
	}
	cf, err := parseConfig(path, data)
	if err != nil {
		return items
	}
	for _, name := range cf.names {
		if k, ok := cf.profiles[name].key.(keysource.Keyring); ok {
			if _, dup := items[k.Name]; !dup {
				items[k.Name] = name
			}
		}
	}
	return items
}

// Summary describes the destination for zenv profile show: kind, target,
// settings, and where each token is read from, never a token.
func (d Destination) Summary() string {
	parts := []string{d.Describe()}
	if d.API != "" {
		parts = append(parts, "api "+d.API)
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
