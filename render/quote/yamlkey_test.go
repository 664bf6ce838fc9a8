package quote

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// pyYAMLResolvers are PyYAML's implicit resolvers (yaml/resolver.py,
// PyYAML 6): a plain scalar matching one is not a string.
var pyYAMLResolvers = []*regexp.Regexp{
	regexp.MustCompile(`^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`),
	regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`),
	regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`),
	regexp.MustCompile(`^(?:<<)$`),
	regexp.MustCompile(`^(?:~|null|Null|NULL|)$`),
	regexp.MustCompile(`^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$`),
	regexp.MustCompile(`^(?:=)$`),
}

// plainItem matches the test keys that can stand plain in a list.
var plainItem = regexp.MustCompile(`^[A-Za-z0-9_.+~][A-Za-z0-9_.:+~-]*$`)

func pyYAMLResolves(plain string) bool {
	for _, re := range pyYAMLResolvers {
		if re.MatchString(plain) {
			return true
		}
	}
	return false
}

// yamlKey parses "<key>: v" with yaml.v3 and returns the key, which must be
// a string.
func yamlKey(quoted string) (string, error) {
	var m map[any]any
	if err := yaml.Unmarshal([]byte(quoted+": v\n"), &m); err != nil {
		return "", err
	}
	for k := range m {
		s, ok := k.(string)
		if !ok {
			return "", fmt.Errorf("key is a %T", k)
		}
		return s, nil
	}
	return "", fmt.Errorf("no key")
}

var keySeeds = []string{"ZENML_STORE_URL", "on", "On", "ON", "off", "yes", "No", "NO", "true", "False",
	"null", "Null", "NULL", "y", "Y", "n", "N", "~", "_", "_1", "A1", "id", "requires", "<<", "=",
	"0x1F", "1_000", "1e3", ".inf", "2001-12-14", "a b", "a:b", "-x", "?x", "#x", ""}

func FuzzYAMLKey(f *testing.F) {
	for _, s := range append(keySeeds, seeds...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := YAMLKey(s)
		if err != nil {
			if _, yerr := YAML(s); yerr == nil {
				t.Fatalf("YAMLKey refused %q, which YAML carries: %v", s, err)
			}
			return
		}
		if q == s && pyYAMLResolves(s) {
			t.Fatalf("YAMLKey left %q plain, which PyYAML reads as a non-string", s)
		}
		got, err := yamlKey(q)
		if err != nil || got != s {
			t.Fatalf("yaml.v3 reads key %s as %q (%v), want %q", q, got, err, s)
		}
	})
}

func TestYAMLKeyQuotesWhatYAML11ReadsAsBooleans(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ZENML_STORE_URL", "ZENML_STORE_URL"},
		{"on", `"on"`}, {"yes", `"yes"`}, {"No", `"No"`}, {"OFF", `"OFF"`}, {"true", `"true"`},
		{"null", `"null"`}, {"y", `"y"`}, {"N", `"N"`}, {"oN", `"oN"`},
		{"ONE", "ONE"}, {"_on", "_on"}, {"id", "id"},
	}
	for _, tt := range tests {
		if got, err := YAMLKey(tt.in); err != nil || got != tt.want {
			t.Errorf("YAMLKey(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

// TestYAMLKeyReadsBackInPyYAML loads keys written by YAMLKey with the real
// PyYAML (yaml.safe_load, as Prefect does): each must come back as the same
// string. It also checks pyYAMLResolvers, the fuzz test's model of PyYAML,
// against PyYAML itself.
func TestYAMLKeyReadsBackInPyYAML(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil || exec.Command(py, "-c", "import yaml").Run() != nil {
		t.Skip("SKIPPED: python3 with PyYAML is not installed, so keys were not read back by PyYAML (pip install pyyaml)")
	}
	var keys []string
	seen := map[string]bool{}
	candidates := append(append([]string(nil), keySeeds...), seeds...)
	for _, w := range []string{"yes", "no", "true", "false", "on", "off", "null", "y", "n"} {
		candidates = append(candidates, w, strings.ToUpper(w), strings.ToUpper(w[:1])+w[1:])
	}
	for _, s := range candidates {
		if _, err := YAMLKey(s); err == nil && !seen[s] {
			seen[s] = true
			keys = append(keys, s)
		}
	}
	var doc, plain strings.Builder
	var plainKeys []string // the keys that can stand as a plain list item
	for i, k := range keys {
		q, _ := YAMLKey(k)
		fmt.Fprintf(&doc, "%s: %d\n", q, i)
		if plainItem.MatchString(k) {
			fmt.Fprintf(&plain, "- %s\n", k)
			plainKeys = append(plainKeys, k)
		}
	}
	// Keys by index, and how PyYAML types each key written plain (as a
	// list item): a plain scalar that PyYAML resolves is not a str.
	script := `import sys, json, yaml
d = yaml.safe_load(sys.argv[1])
p = yaml.safe_load(sys.argv[2])
print(json.dumps({"keys": [[type(k).__name__, k if isinstance(k, str) else repr(k)] for k, _ in sorted(d.items(), key=lambda kv: kv[1])],
                  "plain": [type(v).__name__ for v in p]}))`
	cmd := exec.Command(py, "-c", script, doc.String(), plain.String())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("PyYAML cannot load zenv's keys: %v: %s", err, stderr.String())
	}
	var got struct {
		Keys  [][2]string
		Plain []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Keys) != len(keys) {
		t.Fatalf("PyYAML read %d keys, want %d (two keys became one)", len(got.Keys), len(keys))
	}
	for i, k := range keys {
		if got.Keys[i][0] != "str" || got.Keys[i][1] != k {
			t.Errorf("PyYAML reads key %q as %s %q", k, got.Keys[i][0], got.Keys[i][1])
		}
	}
	if len(got.Plain) != len(plainKeys) {
		t.Fatalf("PyYAML read %d plain items, want %d", len(got.Plain), len(plainKeys))
	}
	for i, k := range plainKeys {
		if (got.Plain[i] != "str") != pyYAMLResolves(k) {
			t.Errorf("the fuzz test's PyYAML model says %q resolves=%v; PyYAML types it %s", k, pyYAMLResolves(k), got.Plain[i])
		}
	}
}
