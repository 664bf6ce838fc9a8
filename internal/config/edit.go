package config

// Editing changes the file the way a person would: through yaml.v3 nodes,
// so the comments, the order of profiles and keys, and the blank lines of
// a hand-kept file survive an edit. Writing is atomic and locked
// (editfile.go), and a file that does not parse is never rewritten.

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/zenv-dev/zenv/internal/zenml"
	"github.com/zenv-dev/zenv/render"
)

var (
	// ErrExists matches Add's error without force and Rename's onto a
	// taken name (errors.Is).
	ErrExists = errors.New("profile exists")
	// ErrNotFound matches the error of an operation on a profile the file
	// lacks.
	ErrNotFound = errors.New("no such profile")
)

// opError is a message that matches one of the errors above.
type opError struct {
	kind error
	msg  string
}

func (e *opError) Error() string        { return e.msg }
func (e *opError) Is(target error) bool { return target == e.kind }

func errorf(kind error, format string, args ...any) error {
	return &opError{kind, fmt.Sprintf(format, args...)}
}

// Entry is a profile's settings as Add writes them, in this order; empty fields are
// left out. Values are written as YAML strings, so false, 0123 and ~ read
// back as the text given.
type Entry struct {
	URL       string
	APIKey    KeyRef
	VerifySSL string
	Project   string
	Stack     string
	Env       map[string]string // written sorted by name
	// Settings are target settings by config key (prefect_block, ...),
	// written in the registry's order.
	Settings map[string]string
}

// KeyRef is an api_key entry: {Kind: Ref}, e.g. {env: ZENML_PROD_KEY},
// {keyring: prod}, {stdin: true}, or {value: <the key>}. A zero KeyRef
// writes no api_key.
type KeyRef struct {
	Kind string
	Ref  string
}

// Doc is a config file as YAML nodes, ready to change. Its methods change the
// nodes in memory; Edit writes them back.
type Doc struct {
	path     string
	doc      *yaml.Node // the document node
	root     *yaml.Node // its mapping
	profiles *yaml.Node // the profiles: mapping; nil while the file has none
	changed  bool
}

// CheckName reports whether n can be a profile name: the one rule for
// profile and keyring item names (zenml.CheckItemName), which also keeps
// names plain YAML scalars.
func CheckName(n string) error {
	if p := zenml.CheckItemName("profile", n); p != nil {
		return p
	}
	return nil
}

// parseDoc reads data as a config file. An empty file (or one of comments
// only) is an empty config. Errors are "path:line: what".
func parseDoc(path string, data []byte) (*Doc, error) {
	c := &Doc{path: path}
	doc, err := decode(path, data)
	if err != nil {
		return nil, err
	}
	c.doc = &doc
	if doc.Kind == 0 || len(doc.Content) == 0 {
		// yaml.v3 gives a zero node for a file of comments only, and drops
		// them: start a document and carry them over as its head comment.
		// Anything else that reads as nothing (a stray byte-order mark) is
		// not a file to rewrite.
		text := strings.TrimSpace(string(data))
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") || !utf8.ValidString(l) {
				return nil, fmt.Errorf("%s holds no YAML mapping zenv can edit; fix or move it, or pass another --config", path)
			}
		}
		c.doc = &yaml.Node{Kind: yaml.DocumentNode, HeadComment: text}
		c.root = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		c.doc.Content = []*yaml.Node{c.root}
		return c, nil
	}
	c.root = doc.Content[0]
	if c.root.Kind != yaml.MappingNode {
		return nil, c.errAt(c.root, "the config file must be a mapping with default: and profiles:")
	}
	if err := c.checkKeys(c.root, "the config file"); err != nil {
		return nil, err
	}
	if v := c.value(c.root, "default"); v != nil && v.Kind != yaml.ScalarNode {
		return nil, c.errAt(v, "default must be a profile name")
	}
	switch v := c.value(c.root, "profiles"); {
	case v == nil:
	case v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null":
		// "profiles:" with nothing under it: an empty mapping.
		*v = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", LineComment: v.LineComment, HeadComment: v.HeadComment, FootComment: v.FootComment, Line: v.Line, Column: v.Column}
		c.profiles = v
	case v.Kind != yaml.MappingNode:
		return nil, c.errAt(v, "profiles must be a mapping of profile names to settings")
	default:
		c.profiles = v
		if err := c.checkKeys(v, "profiles"); err != nil {
			return nil, err
		}
		for i := 0; i < len(v.Content); i += 2 {
			if err := CheckName(v.Content[i].Value); err != nil {
				return nil, c.errAt(v.Content[i], err.Error())
			}
		}
	}
	return c, nil
}

// checkKeys refuses keys that are not plain scalars and keys set twice:
// yaml.v3 keeps both in a node tree, and an edit of one would be a guess.
func (c *Doc) checkKeys(m *yaml.Node, what string) error {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
			return c.errAt(k, what+" has a key zenv cannot edit (an alias, merge key or collection); edit the file by hand")
		}
		if seen[k.Value] {
			return c.errAt(k, fmt.Sprintf("%q is set twice in %s; remove one", k.Value, what))
		}
		seen[k.Value] = true
	}
	return nil
}

// Path is the file the config was read from (after symlinks).
func (c *Doc) Path() string { return c.path }

// Names returns the profile names in file order.
func (c *Doc) Names() []string {
	var names []string
	if c.profiles != nil {
		for i := 0; i < len(c.profiles.Content); i += 2 {
			names = append(names, c.profiles.Content[i].Value)
		}
	}
	return names
}

// Has reports whether the file defines profile name.
func (c *Doc) Has(name string) bool { return c.profileIndex(name) >= 0 }

// Default returns the default: value, "" when unset.
func (c *Doc) Default() string {
	if v := c.value(c.root, "default"); v != nil && v.ShortTag() != "!!null" {
		return v.Value
	}
	return ""
}

// Field returns the scalar key of profile name as written ("" when it is
// not a scalar or not set), for listings.
func (c *Doc) Field(name, key string) string {
	i := c.profileIndex(name)
	if i < 0 {
		return ""
	}
	m := resolveAlias(c.profiles.Content[i+1])
	if m.Kind != yaml.MappingNode {
		return ""
	}
	if v := c.value(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// APIKey returns profile name's api_key entry, zero when it has none or
// one zenv cannot read.
func (c *Doc) APIKey(name string) KeyRef {
	i := c.profileIndex(name)
	if i < 0 {
		return KeyRef{}
	}
	m := resolveAlias(c.profiles.Content[i+1])
	if m.Kind != yaml.MappingNode {
		return KeyRef{}
	}
	if v := c.value(m, "api_key"); v != nil && v.Kind == yaml.MappingNode && len(v.Content) == 2 {
		return KeyRef{Kind: v.Content[0].Value, Ref: v.Content[1].Value}
	}
	return KeyRef{}
}

// resolveAlias follows an alias to the node it names: the one alias
// resolver, for reading (Parse) and editing alike.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// Add writes profile name. A profile of that name is replaced in place only
// with force; otherwise Add fails with ErrExists. A new profile goes last.
func (c *Doc) Add(name string, p Entry, force bool) error {
	if err := CheckName(name); err != nil {
		return err
	}
	node := p.node()
	if i := c.profileIndex(name); i >= 0 {
		if !force {
			return errorf(ErrExists, "profile %q already exists in %s", name, c.path)
		}
		if err := c.checkAnchors(c.profiles.Content[i+1], name); err != nil {
			return err
		}
		c.profiles.Content[i+1] = node
		c.changed = true
		return nil
	}
	c.ensureProfiles()
	c.profiles.Content = append(c.profiles.Content, str(name), node)
	c.changed = true
	return nil
}

// Remove deletes profile name and its comments. When default: named it,
// default: goes too, since it would name nothing; the result says so.
func (c *Doc) Remove(name string) (droppedDefault bool, err error) {
	i := c.profileIndex(name)
	if i < 0 {
		return false, c.notFound(name)
	}
	if err := c.checkAnchors(c.profiles.Content[i+1], name); err != nil {
		return false, err
	}
	c.profiles.Content = append(c.profiles.Content[:i], c.profiles.Content[i+2:]...)
	if c.Default() == name {
		j := c.keyIndex(c.root, "default")
		c.root.Content = append(c.root.Content[:j], c.root.Content[j+2:]...)
		droppedDefault = true
	}
	c.changed = true
	return droppedDefault, nil
}

// SetDefault makes name the default profile. A new default: goes first in
// the file, where the README's example has it.
func (c *Doc) SetDefault(name string) error {
	if !c.Has(name) {
		return c.notFound(name)
	}
	if v := c.value(c.root, "default"); v != nil {
		if v.Value != name || v.ShortTag() != "!!str" {
			v.Value, v.Tag, v.Style = name, "!!str", 0
			c.changed = true
		}
		return nil
	}
	c.root.Content = append([]*yaml.Node{str("default"), str(name)}, c.root.Content...)
	c.changed = true
	return nil
}

// Rename renames profile old to new, keeping its place and comments, and
// moves default: along when it named old.
func (c *Doc) Rename(old, new string) error {
	if err := CheckName(new); err != nil {
		return err
	}
	i := c.profileIndex(old)
	if i < 0 {
		return c.notFound(old)
	}
	if old == new {
		return nil
	}
	if c.Has(new) {
		return errorf(ErrExists, "profile %q already exists in %s", new, c.path)
	}
	k := c.profiles.Content[i]
	k.Value, k.Tag, k.Style = new, "!!str", 0
	if v := c.value(c.root, "default"); v != nil && v.Value == old {
		v.Value, v.Tag, v.Style = new, "!!str", 0
	}
	c.changed = true
	return nil
}

func (c *Doc) notFound(name string) error {
	names := append([]string(nil), c.Names()...)
	sort.Strings(names)
	list := "it has none"
	if len(names) > 0 {
		list = "profiles: " + strings.Join(names, ", ")
	}
	return errorf(ErrNotFound, "%s has no profile %q; %s", c.path, name, list)
}

// checkAnchors refuses to drop a subtree that defines an anchor used
// elsewhere: the written file would hold an alias to nothing.
func (c *Doc) checkAnchors(sub *yaml.Node, name string) error {
	defined := map[string]bool{}
	walk(sub, func(n *yaml.Node) {
		if n.Anchor != "" {
			defined[n.Anchor] = true
		}
	})
	if len(defined) == 0 {
		return nil
	}
	inside := map[*yaml.Node]bool{}
	walk(sub, func(n *yaml.Node) { inside[n] = true })
	var used string
	walk(c.doc, func(n *yaml.Node) {
		if used == "" && n.Kind == yaml.AliasNode && !inside[n] && defined[n.Value] {
			used = n.Value
		}
	})
	if used != "" {
		return fmt.Errorf("%s: profile %q defines the anchor &%s that other parts of the file use; edit the file by hand", c.path, name, used)
	}
	return nil
}

func walk(n *yaml.Node, fn func(*yaml.Node)) {
	fn(n)
	for _, ch := range n.Content {
		walk(ch, fn)
	}
}

func (c *Doc) ensureProfiles() {
	if c.profiles != nil {
		return
	}
	c.profiles = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	c.root.Content = append(c.root.Content, str("profiles"), c.profiles)
}

func (c *Doc) profileIndex(name string) int {
	if c.profiles == nil {
		return -1
	}
	return c.keyIndex(c.profiles, name)
}

func (c *Doc) keyIndex(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// value returns the value of key in mapping m, aliases followed.
func (c *Doc) value(m *yaml.Node, key string) *yaml.Node {
	i := c.keyIndex(m, key)
	if i < 0 {
		return nil
	}
	return resolveAlias(m.Content[i+1])
}

func (c *Doc) errAt(n *yaml.Node, msg string) error {
	return fmt.Errorf("%s:%d: %s", c.path, n.Line, msg)
}

// node builds p's mapping, in the README's order.
func (p Entry) node() *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	add := func(k string, v *yaml.Node) { m.Content = append(m.Content, str(k), v) }
	scalar := func(k, v string) {
		if v != "" {
			add(k, str(v))
		}
	}
	scalar("url", p.URL)
	if p.APIKey.Kind != "" {
		// Flow style, as the README writes it: api_key: {env: NAME}.
		add("api_key", &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle,
			Content: []*yaml.Node{str(p.APIKey.Kind), str(p.APIKey.Ref)}})
	}
	scalar("verify_ssl", p.VerifySSL)
	scalar("project", p.Project)
	scalar("stack", p.Stack)
	if len(p.Env) > 0 {
		env := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for _, n := range slices.Sorted(maps.Keys(p.Env)) {
			env.Content = append(env.Content, str(n), str(p.Env[n]))
		}
		add("env", env)
	}
	for _, st := range render.Settings() {
		scalar(st.Key, p.Settings[st.Key])
	}
	return m
}

// str is a string scalar: the !!str tag makes the encoder quote text that
// would otherwise read back as a bool, number or null.
func str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

// KeyringUsers lists, in file order, the profiles whose api_key is
// {keyring: item}: storing another key under item would change the server
// they log in to.
func (c *Doc) KeyringUsers(item string) []string {
	var users []string
	for _, n := range c.Names() {
		if ref := c.APIKey(n); ref.Kind == "keyring" && ref.Ref == item {
			users = append(users, n)
		}
	}
	return users
}
