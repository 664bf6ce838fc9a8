package profile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/zenv-dev/zenv/internal/config"
	"github.com/zenv-dev/zenv/internal/fuzzy"
	"github.com/zenv-dev/zenv/internal/keysource"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/zenml"
	"github.com/zenv-dev/zenv/render"
)

// field is one profile setting with where it came from.
type field struct {
	Value  string
	Origin string // "path:line" or "--flag"
}

// layer is one source of profile settings: a file's profile or the flags.
type layer struct {
	fields map[string]field // by profile key: url, verify_ssl, ...
	key    keysource.Source // nil when this layer names none
	env    map[string]field
	push   []Destination // push: (push.go)
}

func newLayer() *layer {
	return &layer{fields: map[string]field{}, env: map[string]field{}}
}

// fieldKeys are the profile fields that hold one string; the targets'
// declared settings are scalar keys too.
var fieldKeys = []string{"url", "verify_ssl", "project", "stack"}

// profileKeys lists every key a profile may hold.
func profileKeys() []string {
	keys := append([]string{"api_key", "env", "push"}, fieldKeys...)
	for _, s := range render.Settings() {
		keys = append(keys, s.Key)
	}
	return keys
}

// problems collects what is wrong with one profile, each at its place.
type problems []error

func (ps *problems) at(pos config.Pos, format string, args ...any) {
	*ps = append(*ps, config.Problem{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// layerOf builds a file profile's layer from its settings, with every
// problem they have (not only the first: zenv profile check lists them
// all). The layer holds what could be read.
func layerOf(p *config.Profile) (*layer, problems) {
	l := newLayer()
	var ps problems
	if err := config.CheckName(p.Name); err != nil {
		ps.at(p.Pos, "%s", err)
	}
	if p.Body.Kind != config.Mapping {
		return l, ps // config.Parse said so
	}
	eachKey(p.Body, profileKeys(), &ps, func(k string, v *config.Node) {
		switch k {
		case "api_key":
			l.key = keySourceOf(v, "api_key", &ps)
		case "env":
			envOf(v, l, &ps)
		case "push":
			pushOf(v, l, &ps)
		default:
			if s, ok := scalar(v, k, &ps); ok {
				l.fields[k] = field{Value: s, Origin: v.Pos.String()}
			}
		}
	})
	return l, ps
}

// keySourceOf reads a key source mapping ({env: NAME}, {file: PATH}, ...)
// at what (api_key, or another field that names where a secret lives).
func keySourceOf(n *config.Node, what string, ps *problems) keysource.Source {
	if what == "api_key" && n.Kind == config.Scalar && !n.Null && (redact.LooksLikeKey(n.Value) || zenml.HasKeyPrefix(n.Value)) {
		ps.at(n.Pos, "api_key holds the key itself, which zenv never reads from a bare value; store it in the OS keyring with 'zenv key set NAME' and write api_key: {keyring: NAME}, or write api_key: {value: ...} in this 0600 file")
		return nil
	}
	if n.Kind != config.Mapping || len(n.Pairs) != 1 {
		ps.at(n.Pos, "%s must name exactly one source: %s", what, sourceForms())
		return nil
	}
	var src keysource.Source
	eachKey(n, keysource.KindNames(), ps, func(k string, v *config.Node) {
		s, ok := scalar(v, what+"."+k, ps)
		if !ok {
			return
		}
		kind, _ := keysource.LookupKind(k)
		if kind.Bool {
			if b, ok := zenml.ParseBool(s); !ok || !b {
				ps.at(v.Pos, "%s.%s must be true", what, k)
				return
			}
			s = ""
		}
		src = kind.New(s, v.Pos.String())
	})
	return src
}

// sourceForms spells every key source as the config file writes it.
func sourceForms() string {
	var forms []string
	for _, k := range keysource.Kinds() {
		arg := strings.ToUpper(k.Metavar)
		switch {
		case k.Bool:
			arg = "true"
		case arg == "":
			arg = "KEY"
		case arg == "CMD":
			arg = "COMMAND"
		}
		forms = append(forms, "{"+k.Name+": "+arg+"}")
	}
	return strings.Join(forms[:len(forms)-1], ", ") + " or " + forms[len(forms)-1]
}

func envOf(n *config.Node, l *layer, ps *problems) {
	if n.Kind != config.Mapping {
		ps.at(n.Pos, "env must be a mapping of variable names to values")
		return
	}
	for _, p := range n.Pairs {
		if _, dup := l.env[p.Key]; dup {
			ps.at(p.KeyPos, "env.%s is set twice", p.Key)
			continue
		}
		if s, ok := scalar(p.Value, "env."+p.Key, ps); ok {
			l.env[p.Key] = field{Value: s, Origin: p.KeyPos.String()}
		}
	}
}

// eachKey calls fn for every known key of mapping n, once; unknown and
// repeated keys are problems, with a suggestion.
func eachKey(n *config.Node, known []string, ps *problems, fn func(string, *config.Node)) {
	seen := map[string]bool{}
	for _, p := range n.Pairs {
		switch {
		case !slices.Contains(known, p.Key):
			ps.at(p.KeyPos, "unknown key %q;%s known keys: %s", p.Key, didYouMean(p.Key, known), strings.Join(known, ", "))
		case seen[p.Key]:
			ps.at(p.KeyPos, "%s is set twice", p.Key)
		default:
			seen[p.Key] = true
			fn(p.Key, p.Value)
		}
	}
}

// scalar returns a scalar's text as written.
func scalar(n *config.Node, what string, ps *problems) (string, bool) {
	switch {
	case n.Kind != config.Scalar:
		ps.at(n.Pos, "%s must be a single value", what)
	case n.Null:
		ps.at(n.Pos, "%s has no value; quote it (\"\") for an empty one", what)
	default:
		return n.Value, true
	}
	return "", false
}

func didYouMean(word string, candidates []string) string {
	if c := fuzzy.Closest(word, candidates); c != "" {
		return fmt.Sprintf(" did you mean %q?", c)
	}
	return ""
}
