package config

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gofrs/flock"
)

// handKept is a config file as a person writes it: comments everywhere,
// blank lines between profiles, a flow-style api_key, a block scalar with
// a blank line and a comment-like line inside.
const handKept = `# zenv profiles, kept by hand

default: prod # the one I use

profiles:
  # local server
  dev:
    url: http://localhost:8237
    api_key: {env: ZENML_DEV_KEY}

  # production; ask ops before changing
  prod:
    url: https://zenml.example.com # corp
    api_key: {cmd: "op read op://ci/zenml-prod/key"}
    env:
      ZENML_ANALYTICS_OPT_IN: false
      ZENML_LOGGING_VERBOSITY: INFO

  ci:
    url: https://ci.example.com
    prefect_block: |
      # not a comment

      still the block
# the end
`

func write(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAnEditChangesOnlyTheLinesItMeans: every operation on the hand-kept
// file leaves every other line, comment and blank line as it was.
func TestAnEditChangesOnlyTheLinesItMeans(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Doc) error
		want string
	}{
		{"use dev", func(c *Doc) error { return c.SetDefault("dev") },
			strings.Replace(handKept, "default: prod #", "default: dev #", 1)},
		{"rename prod moves default", func(c *Doc) error { return c.Rename("prod", "production") },
			strings.NewReplacer("default: prod #", "default: production #", "  prod:\n", "  production:\n").Replace(handKept)},
		{"rename dev", func(c *Doc) error { return c.Rename("dev", "local") },
			strings.Replace(handKept, "  dev:\n", "  local:\n", 1)},
		{"remove dev with its comment", func(c *Doc) error { _, err := c.Remove("dev"); return err },
			strings.Replace(handKept, "  # local server\n  dev:\n    url: http://localhost:8237\n    api_key: {env: ZENML_DEV_KEY}\n\n", "", 1)},
		{"add goes last, spaced like the others", func(c *Doc) error {
			return c.Add("staging", Entry{URL: "https://staging.example.com", APIKey: KeyRef{"keyring", "staging"}}, false)
		}, strings.Replace(handKept, "      still the block\n", "      still the block\n\n  staging:\n    url: https://staging.example.com\n    api_key: {keyring: staging}\n", 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := write(t, handKept)
			if err := Edit(path, tc.edit, nil); err != nil {
				t.Fatal(err)
			}
			if got := read(t, path); got != tc.want {
				t.Errorf("file after edit:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestRemovingTheDefaultDropsDefault(t *testing.T) {
	path := write(t, handKept)
	var dropped bool
	err := Edit(path, func(c *Doc) (err error) { dropped, err = c.Remove("prod"); return err }, nil)
	if err != nil || !dropped {
		t.Fatalf("dropped=%v err=%v", dropped, err)
	}
	c, err := ReadDoc(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Default() != "" || strings.Join(c.Names(), ",") != "dev,ci" {
		t.Errorf("default %q, names %v", c.Default(), c.Names())
	}
}

func TestSetDefaultOnAFileWithoutOneWritesItFirst(t *testing.T) {
	path := write(t, "profiles:\n  a:\n    url: http://localhost:1\n  b:\n    url: http://localhost:2\n")
	if err := Edit(path, func(c *Doc) error { return c.SetDefault("b") }, nil); err != nil {
		t.Fatal(err)
	}
	if got := read(t, path); !strings.HasPrefix(got, "default: b\nprofiles:\n") {
		t.Errorf("got:\n%s", got)
	}
}

func TestNewFileIsCreatedPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	path := filepath.Join(t.TempDir(), "zenv", "config.yaml")
	if err := Edit(path, func(c *Doc) error { return c.Add("a", Entry{URL: "http://localhost:1"}, false) }, nil); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	if fi, _ := os.Stat(filepath.Dir(path)); fi.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v", fi.Mode())
	}
}

func TestAnEditLeavesTheFileMode0600(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	path := write(t, handKept) // 0644
	if err := Edit(path, func(c *Doc) error { return c.SetDefault("ci") }, nil); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".config.yaml.tmp-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestIndentationIsKept(t *testing.T) {
	path := write(t, "profiles:\n    a:\n        url: http://localhost:1\n")
	if err := Edit(path, func(c *Doc) error { return c.Add("b", Entry{URL: "http://localhost:2"}, false) }, nil); err != nil {
		t.Fatal(err)
	}
	want := "profiles:\n    a:\n        url: http://localhost:1\n    b:\n        url: http://localhost:2\n"
	if got := read(t, path); got != want {
		t.Errorf("got:\n%s", got)
	}
}

func TestExistingProfileIsReplacedOnlyWithForce(t *testing.T) {
	path := write(t, handKept)
	err := Edit(path, func(c *Doc) error { return c.Add("dev", Entry{URL: "http://localhost:9"}, false) }, nil)
	if !errors.Is(err, ErrExists) || read(t, path) != handKept {
		t.Fatalf("without force: err=%v, file changed=%v", err, read(t, path) != handKept)
	}
	err = Edit(path, func(c *Doc) error { return c.Add("dev", Entry{URL: "http://localhost:9"}, true) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := ReadDoc(path)
	if got := read(t, path); !strings.Contains(got, "  # local server\n  dev:\n    url: http://localhost:9\n\n  # production") ||
		strings.Join(c.Names(), ",") != "dev,prod,ci" {
		t.Errorf("not replaced in place:\n%s", got)
	}
}

func TestOperationsOnMissingProfilesFail(t *testing.T) {
	for name, edit := range map[string]func(*Doc) error{
		"use":    func(c *Doc) error { return c.SetDefault("nope") },
		"remove": func(c *Doc) error { _, err := c.Remove("nope"); return err },
		"rename": func(c *Doc) error { return c.Rename("nope", "x") },
	} {
		t.Run(name, func(t *testing.T) {
			path := write(t, handKept)
			err := Edit(path, edit, nil)
			if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "profiles: ci, dev, prod") {
				t.Errorf("err = %v", err)
			}
		})
	}
	path := write(t, handKept)
	if err := Edit(path, func(c *Doc) error { return c.Rename("dev", "prod") }, nil); !errors.Is(err, ErrExists) {
		t.Errorf("rename onto an existing profile: %v", err)
	}
	if err := Edit(path, func(c *Doc) error { return c.Add("a b", Entry{}, false) }, nil); err == nil || !strings.Contains(err.Error(), "invalid") {
		t.Errorf("bad name: %v", err)
	}
}

// TestAFileThatDoesNotParseIsNeverRewritten: each broken file gives a
// path:line error and keeps every byte.
func TestAFileThatDoesNotParseIsNeverRewritten(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"bad yaml", "profiles:\n  a: [\n", ":2: did not find expected node content"},
		{"a list", "- a\n- b\n", ":1: the config file must be a mapping"},
		{"profiles a scalar", "profiles: yes\n", ":1: profiles must be a mapping"},
		{"profile twice", "profiles:\n  a: {url: x}\n  a: {url: y}\n", `:3: "a" is set twice in profiles`},
		{"default twice", "default: a\ndefault: b\nprofiles: {a: {}}\n", `:2: "default" is set twice`},
		{"bad profile name", "profiles:\n  'a b': {}\n", `:2: profile name "a b" is invalid`},
		{"two documents", "profiles: {}\n---\nprofiles: {}\n", "more than one YAML document"},
		{"merge key", "profiles:\n  <<: {a: {}}\n", ":2: profiles has a key zenv cannot edit"},
		{"default a list", "default: [a]\nprofiles: {a: {}}\n", ":1: default must be a profile name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := write(t, tc.body)
			called := false
			err := Edit(path, func(c *Doc) error { called = true; return c.Add("new", Entry{URL: "http://localhost:1"}, false) }, nil)
			if err == nil || !strings.Contains(err.Error(), path+tc.want) && !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			if called || read(t, path) != tc.body {
				t.Errorf("the file was edited")
			}
		})
	}
}

func TestAnAnchorOthersUseIsNotRemoved(t *testing.T) {
	body := "profiles:\n  base: &b\n    url: http://localhost:1\n  other: *b\n"
	path := write(t, body)
	remove := func(name string) error {
		return Edit(path, func(c *Doc) error { _, err := c.Remove(name); return err }, nil)
	}
	err := remove("base")
	if err == nil || !strings.Contains(err.Error(), "anchor &b") || read(t, path) != body {
		t.Errorf("err = %v", err)
	}
	// The alias itself can go.
	if err := remove("other"); err != nil {
		t.Fatal(err)
	}
}

func TestSymlinkIsWrittenThrough(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "dotfiles", "zenv.yaml")
	os.MkdirAll(filepath.Dir(target), 0o700)
	os.WriteFile(target, []byte(handKept), 0o600)
	link := filepath.Join(dir, "config.yaml")
	if err := os.Symlink("dotfiles/zenv.yaml", link); err != nil {
		t.Fatal(err)
	}
	if err := Edit(link, func(c *Doc) error { return c.SetDefault("dev") }, nil); err != nil {
		t.Fatal(err)
	}
	if dest, err := os.Readlink(link); err != nil || dest != "dotfiles/zenv.yaml" {
		t.Errorf("the link was replaced: %q %v", dest, err)
	}
	if !strings.Contains(read(t, target), "default: dev") {
		t.Errorf("the target was not edited")
	}
	os.Remove(target)
	if err := Edit(link, func(c *Doc) error { return nil }, nil); err == nil || !strings.Contains(err.Error(), "symlink to a file that does not exist") {
		t.Errorf("dangling link: %v", err)
	}
}

func TestWhatIsNotARegularFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{"a directory": dir}
	if fifo := makeFifo(t, dir); fifo != "" {
		cases["a fifo, which would block a read"] = fifo
	}
	for name, path := range cases {
		t.Run(name, func(t *testing.T) {
			for _, op := range []func() error{
				func() error { _, err := ReadDoc(path); return err },
				func() error { return Edit(path, func(c *Doc) error { return nil }, nil) },
			} {
				if err := op(); err == nil || !strings.Contains(err.Error(), "not a regular file") {
					t.Errorf("err = %v", err)
				}
			}
		})
	}
}

func TestReadsAreCapped(t *testing.T) {
	path := write(t, "# "+strings.Repeat("x", MaxSize)+"\n")
	if _, err := ReadDoc(path); err == nil || !strings.Contains(err.Error(), "larger than 1024 KiB") {
		t.Errorf("err = %v", err)
	}
}

func TestAHeldLockTimesOutWithOneLine(t *testing.T) {
	path := write(t, handKept)
	held := flock.New(path + ".lock")
	if ok, err := held.TryLock(); !ok || err != nil {
		t.Fatalf("cannot take the lock: %v", err)
	}
	defer held.Unlock()
	defer func(d time.Duration) { lockTimeout = d }(lockTimeout)
	lockTimeout = 100 * time.Millisecond
	err := Edit(path, func(c *Doc) error { return c.SetDefault("dev") }, nil)
	if err == nil || !strings.Contains(err.Error(), "another zenv has held") || strings.Contains(err.Error(), "\n") {
		t.Errorf("err = %v", err)
	}
	if read(t, path) != handKept {
		t.Errorf("the file changed without the lock")
	}
}

func TestAnEmptyFileIsAnEmptyConfig(t *testing.T) {
	path := write(t, "# nothing yet\n\n# or here\n")
	if err := Edit(path, func(c *Doc) error { return c.Add("a", Entry{URL: "http://localhost:1"}, false) }, nil); err != nil {
		t.Fatal(err)
	}
	if got := read(t, path); got != "# nothing yet\n\n# or here\n\nprofiles:\n  a:\n    url: http://localhost:1\n" {
		t.Errorf("got:\n%s", got)
	}
}

func TestMergeKeysAndCRLFAreKept(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"merge key", "profiles:\n  dev: &d\n    url: http://localhost:1\n  prod:\n    <<: *d\n    project: 0f8a2c4e-7b1d-4c3e-9a6f-5d2b8e1c0a94\n",
			"profiles:\n  dev: &d\n    url: http://localhost:1\n  prod:\n    <<: *d\n    project: 0f8a2c4e-7b1d-4c3e-9a6f-5d2b8e1c0a94\n  new:\n    url: http://localhost:3\n"},
		{"CRLF", "default: dev\r\nprofiles:\r\n  # c\r\n  dev:\r\n    url: http://localhost:1\r\n\r\n  prod:\r\n    url: http://localhost:2\r\n",
			"default: dev\r\nprofiles:\r\n  # c\r\n  dev:\r\n    url: http://localhost:1\r\n\r\n  prod:\r\n    url: http://localhost:2\r\n\r\n  new:\r\n    url: http://localhost:3\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := write(t, tc.body)
			if err := Edit(path, func(c *Doc) error { return c.Add("new", Entry{URL: "http://localhost:3"}, false) }, nil); err != nil {
				t.Fatal(err)
			}
			if got := read(t, path); got != tc.want {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}
