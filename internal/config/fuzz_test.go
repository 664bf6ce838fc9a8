package config

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"
)

// FuzzAddKeepsEveryOtherValue: whatever the file holds, adding a profile
// either fails and leaves every byte, or succeeds and leaves every other
// profile's values as they were, with the new one last. No input panics.
func FuzzAddKeepsEveryOtherValue(f *testing.F) {
	for _, seed := range []string{handKept, "", "# c\n", "profiles: {}\n", "profiles:\n  a: &x {url: u}\n  b: *x\n",
		"default: a\r\nprofiles:\r\n  a:\r\n    url: |\r\n      x\r\n\r\n      y\r\n", "profiles:\n  a:\n    <<: {url: u}\n", "profiles: [a]\n", "\"profiles\": {'a': {\"env\": {\"X\": \"#\"}}}\n"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "config.yaml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		before, perr := ReadDoc(path)
		err := Edit(path, func(c *Doc) error {
			return c.Add("zz-new", Entry{URL: "http://localhost:1", Env: map[string]string{"A": "#x: 'y"}}, false)
		}, nil)
		after, _ := os.ReadFile(path)
		if err != nil {
			if !bytes.Equal(after, data) {
				t.Fatalf("a failed edit changed the file: %v", err)
			}
			return
		}
		if perr != nil {
			t.Fatalf("Edit wrote a file Read refused: %v", perr)
		}
		c, err := ReadDoc(path)
		if err != nil {
			t.Fatalf("the written file does not parse: %v\n%s", err, after)
		}
		names := c.Names()
		if len(names) != len(before.Names())+1 || names[len(names)-1] != "zz-new" && !before.Has("zz-new") {
			t.Fatalf("names %v after %v", names, before.Names())
		}
		for _, n := range before.Names() {
			if n == "zz-new" {
				continue
			}
			if !equalNodes(profileNode(before, n), profileNode(c, n)) {
				t.Fatalf("profile %s changed:\n%s\n---\n%s", n, data, after)
			}
		}
	})
}

func profileNode(c *Doc, name string) *yaml.Node {
	return resolveAlias(c.profiles.Content[c.profileIndex(name)+1])
}
