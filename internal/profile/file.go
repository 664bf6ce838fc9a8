package profile

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/zenv-dev/zenv/internal/fuzzy"
	"github.com/zenv-dev/zenv/internal/keysource"
	"github.com/zenv-dev/zenv/render"
)

// field is one profile setting with where it came from.
type field struct {
	Value  string
	Origin string // "path:line" or "--flag"
}

func (f field) set() bool { return f.Origin != "" }

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

// configFile is a parsed config file.
type configFile struct {
	path     string
	def      field // the default: key
	profiles map[string]*layer
	names    []string // in file order
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

// parseConfig reads a config file. Every error is "path:line: what".
func parseConfig(path string, data []byte) (*configFile, error) {
	cf := &configFile{path: path, profiles: map[string]*layer{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(path, err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s:1: the config file is empty; see 'zenv help config' for its format", path)
	}
	root := resolve(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		return nil, cf.errAt(root, "the config file must be a mapping with default: and profiles:")
	}
	err := cf.eachKey(root, []string{"default", "profiles"}, func(k string, v *yaml.Node) error {
		switch k {
		case "default":
			s, err := cf.scalar(v, "default")
			cf.def = field{Value: s, Origin: cf.origin(v)}
			return err
		default:
			return cf.parseProfiles(v)
		}
	})
	if err != nil {
		return nil, err
	}
	if cf.def.set() {
		if _, ok := cf.profiles[cf.def.Value]; !ok {
			return nil, fmt.Errorf("%s: default profile %q is not defined under profiles:%s", cf.def.Origin, cf.def.Value, didYouMean(cf.def.Value, cf.names))
		}
	}
	return cf, nil
}

func (cf *configFile) parseProfiles(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return cf.errAt(n, "profiles must be a mapping of profile names to settings")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], resolve(n.Content[i+1])
		name := kn.Value
		if err := checkProfileName(name); err != nil {
			return cf.errAt(kn, err.Error())
		}
		if _, dup := cf.profiles[name]; dup {
			return cf.errAt(kn, fmt.Sprintf("profile %q is defined twice", name))
		}
		l, err := cf.parseProfile(vn, name)
		if err != nil {
			return err
		}
		cf.profiles[name] = l
		cf.names = append(cf.names, name)
	}
	return nil
}

func (cf *configFile) parseProfile(n *yaml.Node, name string) (*layer, error) {
	l := newLayer()
	if n.Kind != yaml.MappingNode {
		return nil, cf.errAt(n, fmt.Sprintf("profile %q must be a mapping of settings (url:, api_key:, ...)", name))
	}
	err := cf.eachKey(n, profileKeys(), func(k string, v *yaml.Node) error {
		switch k {
		case "api_key":
			ks, err := cf.parseKeySource(v)
			l.key = ks
			return err
		case "env":
			return cf.parseEnv(v, l)
		case "push":
			ds, err := cf.parsePush(v)
			l.push = ds
			return err
		default:
			s, err := cf.scalar(v, k)
			l.fields[k] = field{Value: s, Origin: cf.origin(v)}
			return err
		}
	})
	return l, err
}

func (cf *configFile) parseKeySource(n *yaml.Node) (keysource.Source, error) {
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		return nil, cf.errAt(n, "api_key must name exactly one source: "+sourceForms())
	}
	var src keysource.Source
	err := cf.eachKey(n, keysource.KindNames(), func(k string, v *yaml.Node) error {
		s, err := cf.scalar(v, "api_key."+k)
		if err != nil {
			return err
		}
		kind, _ := keysource.LookupKind(k)
		if kind.Bool {
			if b, err := strconv.ParseBool(s); err != nil || !b {
				return cf.errAt(v, "api_key."+k+" must be true")
			}
			s = ""
		}
		src = kind.New(s, cf.origin(v))
		return nil
	})
	return src, err
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

func (cf *configFile) parseEnv(n *yaml.Node, l *layer) error {
	if n.Kind != yaml.MappingNode {
		return cf.errAt(n, "env must be a mapping of variable names to values")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], resolve(n.Content[i+1])
		if _, dup := l.env[kn.Value]; dup {
			return cf.errAt(kn, fmt.Sprintf("env.%s is set twice", kn.Value))
		}
		s, err := cf.scalar(vn, "env."+kn.Value)
		if err != nil {
			return err
		}
		l.env[kn.Value] = field{Value: s, Origin: cf.origin(kn)}
	}
	return nil
}

// eachKey calls fn for every key of mapping n, refusing unknown and repeated
// keys with a suggestion.
func (cf *configFile) eachKey(n *yaml.Node, known []string, fn func(string, *yaml.Node) error) error {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], resolve(n.Content[i+1])
		k := kn.Value
		if !slices.Contains(known, k) {
			return cf.errAt(kn, fmt.Sprintf("unknown key %q;%s known keys: %s", k, didYouMean(k, known), strings.Join(known, ", ")))
		}
		if seen[k] {
			return cf.errAt(kn, fmt.Sprintf("%s is set twice", k))
		}
		seen[k] = true
		if err := fn(k, vn); err != nil {
			return err
		}
	}
	return nil
}

// scalar returns a scalar's text as written: unquoted false, 0123 and 30 are
// the strings "false", "0123" and "30", which is what an environment holds.
func (cf *configFile) scalar(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", cf.errAt(n, what+" must be a single value")
	}
	if n.Tag == "!!null" {
		return "", cf.errAt(n, what+" has no value; quote it (\"\") for an empty one")
	}
	return n.Value, nil
}

func (cf *configFile) origin(n *yaml.Node) string {
	return fmt.Sprintf("%s:%d", cf.path, n.Line)
}

func (cf *configFile) errAt(n *yaml.Node, msg string) error {
	return fmt.Errorf("%s: %s", cf.origin(n), msg)
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func didYouMean(word string, candidates []string) string {
	if c := fuzzy.Closest(word, candidates); c != "" {
		return fmt.Sprintf(" did you mean %q?", c)
	}
	return ""
}

// YAMLError turns yaml.v3's "yaml: line N: what" into "path:N: what"; the
// config editor (internal/configedit) reports its parse errors the same way.
func YAMLError(path string, err error) error { return yamlError(path, err) }

// yamlError turns yaml.v3's "yaml: line N: what" into "path:N: what".
func yamlError(path string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if line, what, ok := strings.Cut(rest, ": "); ok {
			if _, err := strconv.Atoi(line); err == nil {
				return fmt.Errorf("%s:%s: %s", path, line, what)
			}
		}
	}
	return fmt.Errorf("%s: %s", path, msg)
}
