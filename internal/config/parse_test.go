package config

import (
	"strings"
	"testing"
)

func TestParseKeepsEveryNodesLineAndSharesNoProblemAcrossProfiles(t *testing.T) {
	const file = "default: a\nprofiles:\n  a:\n    url: u\n    env:\n      X: &v \"1\"\n  b: [not, a, mapping]\n  c:\n    url: *v\n    <<: {url: m}\n  a: {}\nextra: 1\n"
	f, err := Parse("c.yaml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.Names(), ","); got != "a,b,c" {
		t.Errorf("names %s", got)
	}
	a, _ := f.Lookup("a")
	if x := a.Body.Get("env").Get("X"); x.Value != "1" || x.Pos.String() != "c.yaml:6" {
		t.Errorf("env.X %+v", x)
	}
	c, _ := f.Lookup("c")
	if u := c.Body.Get("url"); u.Value != "1" || u.Pos.Line != 6 {
		t.Errorf("an alias resolves to its anchor's node: %+v", u)
	}
	want := []Problem{
		{Pos{"c.yaml", 10}, "c", "a key here must be a plain name (no alias, merge key << or collection); write the settings out"},
		{Pos{"c.yaml", 7}, "b", `profile "b" must be a mapping of settings (url:, api_key:, ...)`},
		{Pos{"c.yaml", 11}, "a", `profile "a" is defined twice`},
		{Pos{"c.yaml", 12}, "", `unknown key "extra"; known keys: default, profiles`},
	}
	if len(f.Problems) != len(want) {
		t.Fatalf("problems %+v", f.Problems)
	}
	for i, p := range want {
		if f.Problems[i] != p {
			t.Errorf("problem %d: %+v, want %+v", i, f.Problems[i], p)
		}
	}
}

func TestAnAliasBombIsRefusedNotExpanded(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g"} {
		bomb += n + ": &" + n + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = n
	}
	bomb += "profiles: {p: {url: *g}}\n"
	if _, err := Parse("c.yaml", []byte(bomb)); err == nil || !strings.Contains(err.Error(), "more than 100000 values") {
		t.Errorf("got %v", err)
	}
}

func FuzzParseNeverPanicsAndPlacesEveryProblem(f *testing.F) {
	for _, seed := range []string{handKept, "", "profiles:\n  a: &x {url: u}\n  b: *x\n", "profiles: [a]\n", "profiles:\n  a:\n    <<: {url: u}\n"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("c.yaml", data)
		if err != nil {
			return
		}
		for _, p := range file.Problems {
			if p.Pos.Line < 1 || p.Pos.Path != "c.yaml" {
				t.Fatalf("problem without a place: %+v", p)
			}
		}
	})
}
