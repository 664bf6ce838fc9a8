package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/zenv-dev/zenv/internal/fuzzy"
)

// Pos is where a node is: the file and its 1-based line.
type Pos struct {
	Path string
	Line int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d", p.Path, p.Line) }

// Kind is what a node holds.
type Kind int

const (
	Scalar Kind = iota + 1
	Mapping
	Sequence
)

// Node is one value of the file with its place, aliases resolved: a
// scalar's text as written (unquoted false, 0123 and 30 are the strings
// "false", "0123" and "30", which is what an environment holds), a
// mapping's pairs in file order (a key given twice is kept twice, for the
// reader to refuse), or a sequence's items.
type Node struct {
	Kind  Kind
	Value string // Scalar: the text
	Null  bool   // Scalar: no value (key:, ~ or null)
	Pos   Pos
	Pairs []Pair  // Mapping
	Items []*Node // Sequence
}

// Pair is one key of a mapping and its value.
type Pair struct {
	Key    string
	KeyPos Pos
	Value  *Node
}

// Get returns the value of the first key named key, nil when there is none.
func (n *Node) Get(key string) *Node {
	if n == nil {
		return nil
	}
	for _, p := range n.Pairs {
		if p.Key == key {
			return p.Value
		}
	}
	return nil
}

// Problem is one thing wrong in the file, where it is, and which profile
// it breaks ("" for the file as a whole).
type Problem struct {
	Pos     Pos
	Profile string
	Msg     string
}

func (p Problem) Error() string { return p.Pos.String() + ": " + p.Msg }

// File is a parsed config file.
type File struct {
	Path     string
	Empty    bool  // the file holds no YAML at all (or only comments)
	Default  *Node // the default: value; nil when unset
	Profiles []Profile
	// Problems are what is wrong with the file's shape: the file's own
	// (Profile "") break every profile, a profile's break only that one.
	Problems []Problem
}

// Profile is one entry of profiles:, its settings as written.
type Profile struct {
	Name string
	Pos  Pos   // of the name
	Body *Node // the settings; a Mapping unless a Problem says otherwise
}

// Lookup returns the profile named name.
func (f *File) Lookup(name string) (*Profile, bool) {
	for i := range f.Profiles {
		if f.Profiles[i].Name == name {
			return &f.Profiles[i], true
		}
	}
	return nil, false
}

// Names lists the profile names in file order.
func (f *File) Names() []string {
	names := make([]string, 0, len(f.Profiles))
	for _, p := range f.Profiles {
		names = append(names, p.Name)
	}
	return names
}

// FileProblems are the problems that break the whole file.
func (f *File) FileProblems() []Problem {
	var out []Problem
	for _, p := range f.Problems {
		if p.Profile == "" {
			out = append(out, p)
		}
	}
	return out
}

// ProfileProblems are the shape problems of profile name.
func (f *File) ProfileProblems(name string) []Problem {
	var out []Problem
	for _, p := range f.Problems {
		if p.Profile == name {
			out = append(out, p)
		}
	}
	return out
}

// maxNodes bounds what aliases may expand to: a profile file has tens of
// values, and a billion-laughs file must not eat the machine's memory.
const maxNodes = 100_000

// Parse reads data as the config file at path. Its error is for a file
// that is not YAML at all; everything else wrong is a Problem, so one
// broken profile leaves the others usable and every problem can be listed
// in one run.
func Parse(path string, data []byte) (*File, error) {
	f := &File{Path: path}
	doc, err := decode(path, data)
	if err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		f.Empty = true
		return f, nil
	}
	c := &converter{path: path, file: f}
	root, err := c.node(doc.Content[0])
	if err != nil {
		return nil, err
	}
	if root.Kind != Mapping {
		return nil, fmt.Errorf("%s: the config file must be a mapping with default: and profiles:", root.Pos)
	}
	seen := map[string]bool{}
	for _, p := range root.Pairs {
		if seen[p.Key] {
			c.problem(p.KeyPos, "", fmt.Sprintf("%s is set twice", p.Key))
			continue
		}
		seen[p.Key] = true
		switch p.Key {
		case "default":
			if p.Value.Kind != Scalar || p.Value.Null {
				c.problem(p.Value.Pos, "", "default must be a profile name")
				continue
			}
			f.Default = p.Value
		case "profiles":
			c.profiles(p.Value)
		default:
			c.problem(p.KeyPos, "", fmt.Sprintf("unknown key %q;%s known keys: default, profiles", p.Key, didYouMean(p.Key, []string{"default", "profiles"})))
		}
	}
	// Whether default: names a defined profile matters only when no
	// profile is asked for by name: the reader checks it then.
	return f, nil
}

func (c *converter) profiles(n *Node) {
	if n.Kind == Scalar && n.Null {
		return // "profiles:" with nothing under it
	}
	if n.Kind != Mapping {
		c.problem(n.Pos, "", "profiles must be a mapping of profile names to settings")
		return
	}
	for _, p := range n.Pairs {
		if _, dup := c.file.Lookup(p.Key); dup {
			c.problem(p.KeyPos, p.Key, fmt.Sprintf("profile %q is defined twice", p.Key))
			continue
		}
		c.file.Profiles = append(c.file.Profiles, Profile{Name: p.Key, Pos: p.KeyPos, Body: p.Value})
		if p.Value.Kind != Mapping {
			c.problem(p.Value.Pos, p.Key, fmt.Sprintf("profile %q must be a mapping of settings (url:, api_key:, ...)", p.Key))
		}
	}
}

// converter turns yaml.v3 nodes into Nodes, resolving aliases within a
// budget.
type converter struct {
	path  string
	file  *File
	nodes int
	// profile is the profile whose subtree is being converted, for the
	// problems found there.
	profile string
}

func (c *converter) problem(pos Pos, profile, msg string) {
	c.file.Problems = append(c.file.Problems, Problem{Pos: pos, Profile: profile, Msg: msg})
}

func (c *converter) node(y *yaml.Node) (*Node, error) {
	return c.convert(y, 0)
}

func (c *converter) convert(y *yaml.Node, depth int) (*Node, error) {
	y = resolveAlias(y)
	c.nodes++
	if c.nodes > maxNodes || depth > 100 {
		return nil, fmt.Errorf("%s:%d: the config file nests more than 100 levels deep or expands (through aliases) to more than %d values; a profile file holds tens", c.path, y.Line, maxNodes)
	}
	n := &Node{Pos: Pos{c.path, y.Line}}
	switch y.Kind {
	case yaml.ScalarNode:
		n.Kind, n.Value, n.Null = Scalar, y.Value, y.ShortTag() == "!!null"
	case yaml.MappingNode:
		n.Kind = Mapping
		for i := 0; i+1 < len(y.Content); i += 2 {
			k := resolveAlias(y.Content[i])
			kp := Pos{c.path, k.Line}
			// A profile name is the key of a pair at depth 1 of profiles:.
			if depth == 1 {
				c.profile = k.Value
			}
			if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
				c.problem(kp, c.owner(depth), "a key here must be a plain name (no alias, merge key << or collection); write the settings out")
				continue
			}
			v, err := c.convert(y.Content[i+1], depth+1)
			if err != nil {
				return nil, err
			}
			n.Pairs = append(n.Pairs, Pair{Key: k.Value, KeyPos: kp, Value: v})
		}
	case yaml.SequenceNode:
		n.Kind = Sequence
		for _, it := range y.Content {
			v, err := c.convert(it, depth+1)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, v)
		}
	default:
		n.Kind, n.Null = Scalar, true
	}
	return n, nil
}

// owner is the profile a problem at depth belongs to: below profiles:,
// the one being converted.
func (c *converter) owner(depth int) string {
	if depth >= 2 {
		return c.profile
	}
	return ""
}

// yamlError turns yaml.v3's "yaml: line N: what" into "path:N: what".
func didYouMean(word string, candidates []string) string {
	if c := fuzzy.Closest(word, candidates); c != "" {
		return fmt.Sprintf(" did you mean %q?", c)
	}
	return ""
}

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

// decode parses data as one YAML document, the one way the file is read
// and edited. Errors are "path:line: what".
func decode(path string, data []byte) (yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return doc, yamlError(path, err)
	}
	if n, err := CountDocuments(data); err != nil || n > 1 {
		return doc, fmt.Errorf("%s: holds more than one YAML document; keep one (default: and profiles:)", path)
	}
	return doc, nil
}

// CountDocuments counts the YAML documents in data: an edit writes one
// back, so a second would be lost, and a reader would ignore it.
func CountDocuments(data []byte) (int, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	n := 0
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}
