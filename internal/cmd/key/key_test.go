package key

import (
	"errors"
	"strings"
	"testing"

	oskeyring "github.com/zenv-dev/zenv/internal/keyring"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
)

// fakeStore is a keyring in memory.
type fakeStore map[string]string

func (s fakeStore) Get(n string) (string, error) {
	if k, ok := s[n]; ok {
		return k, nil
	}
	return "", oskeyring.ErrNotFound
}
func (s fakeStore) Set(n, k string) error { s[n] = k; return nil }
func (s fakeStore) Delete(n string) error {
	if _, ok := s[n]; !ok {
		return oskeyring.ErrNotFound
	}
	delete(s, n)
	return nil
}
func (s fakeStore) List() ([]string, error) {
	var names []string
	for n := range s {
		names = append(names, n)
	}
	return names, nil
}

func storeFn(s fakeStore) func() (Store, error) { return func() (Store, error) { return s, nil } }

// users says profile prod and staging use item prod.
func users(item string) []string {
	if item == "prod" {
		return []string{"prod", "staging"}
	}
	return nil
}

func TestKeySetRefusesToReplaceAnItemWithoutForce(t *testing.T) {
	tests := []struct {
		name    string
		store   fakeStore
		item    string
		force   bool
		want    string // error, "" for success
		stored  string
		readKey bool
	}{
		{"a new item", fakeStore{}, "dev", false, "", "NEW", true},
		{"an item profiles use", fakeStore{"prod": "OLD"}, "prod", false, "OS keyring item prod exists already and is the key of profiles prod, staging; pass --force", "OLD", false},
		{"an orphan item", fakeStore{"old": "OLD"}, "old", false, "OS keyring item old exists already; pass --force", "OLD", false},
		{"--force replaces", fakeStore{"prod": "OLD"}, "prod", true, "", "NEW", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			read := false
			var notices []string
			err := setRun(&SetOptions{
				Store: storeFn(tt.store), Users: users, Name: tt.item, Force: tt.force,
				ReadKey: func() (string, error) { read = true; return "NEW", nil },
				Notice:  func(m string) { notices = append(notices, m) },
			})
			switch {
			case tt.want == "" && err != nil:
				t.Fatal(err)
			case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			if tt.store[tt.item] != tt.stored || read != tt.readKey {
				t.Errorf("stored %q (read the key: %v)", tt.store[tt.item], read)
			}
		})
	}
}

func TestKeyRmNamesTheProfilesThatStillUseIt(t *testing.T) {
	var notice string
	s := fakeStore{"prod": "K", "dev": "K"}
	opts := &RmOptions{Store: storeFn(s), Users: users, Notice: func(m string) { notice = m }, Name: "prod"}
	if err := rmRun(opts); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(notice, "profiles prod, staging still refer to it") {
		t.Errorf("notice %q", notice)
	}
	opts.Name = "dev"
	rmRun(opts)
	if notice != "removed OS keyring item dev" {
		t.Errorf("notice %q", notice)
	}
	if err := rmRun(opts); !errors.Is(err, oskeyring.ErrNotFound) {
		t.Errorf("rm twice: %v", err)
	}
}

func TestKeyGetRefusesATerminal(t *testing.T) {
	io, _, out, _ := teststreams.New()
	io.StdoutTTY = true
	err := getRun(&GetOptions{IO: io, Store: storeFn(fakeStore{"prod": "ZENKEY_not-a-real-key"}), Name: "prod"})
	if err == nil || !strings.Contains(err.Error(), "standard output is a terminal") || out.Len() != 0 {
		t.Errorf("err = %v, stdout %q", err, out.String())
	}
}

func TestKeyListJSONNamesEachItemsProfiles(t *testing.T) {
	io, _, out, _ := teststreams.New()
	if err := listRun(&ListOptions{IO: io, Store: storeFn(fakeStore{"prod": "K"}), Users: users, JSON: true}); err != nil {
		t.Fatal(err)
	}
	want := "[\n  {\n    \"name\": \"prod\",\n    \"profiles\": [\n      \"prod\",\n      \"staging\"\n    ]\n  }\n]\n"
	if out.String() != want {
		t.Errorf("got\n%s", out.String())
	}
}
