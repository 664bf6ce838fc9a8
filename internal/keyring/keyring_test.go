package keyring

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

const testKey = "ZENKEY_eyJpZCI6ICJ4In0="

// mocked is the OS keyring replaced by go-keyring's own in-memory mock.
func mocked(t *testing.T) *Store {
	t.Helper()
	gokeyring.MockInit()
	s, err := New(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestKeysRoundTripThroughTheLibraryMock(t *testing.T) {
	s := mocked(t)
	for _, name := range []string{"prod", "dev", "prod"} {
		if err := s.Set(name, testKey+name); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := s.Get("prod"); err != nil || got != testKey+"prod" {
		t.Errorf("get prod = %q, %v", got, err)
	}
	if names, err := s.List(); err != nil || !slices.Equal(names, []string{"dev", "prod"}) {
		t.Errorf("list = %v, %v", names, err)
	}
	if err := s.Delete("prod"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("prod"); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "zenv key set prod") {
		t.Errorf("get after delete: %v", err)
	}
	if names, _ := s.List(); !slices.Equal(names, []string{"dev"}) {
		t.Errorf("list after delete = %v", names)
	}
	// The index item goes with the last name, leaving nothing behind.
	s.Delete("dev")
	if _, err := gokeyring.Get(Service, IndexName); !errors.Is(err, gokeyring.ErrNotFound) {
		t.Errorf("the index outlived the last key: %v", err)
	}
}

func TestDeletingAMissingKeyCleansTheIndex(t *testing.T) {
	s := mocked(t)
	gokeyring.Set(Service, IndexName, "gone\nkept\n:bad\nkept")
	gokeyring.Set(Service, "kept", testKey)
	if err := s.Delete("gone"); !errors.Is(err, ErrNotFound) {
		t.Errorf("delete gone: %v", err)
	}
	if names, _ := s.List(); !slices.Equal(names, []string{"kept"}) {
		t.Errorf("list = %v", names)
	}
}

func TestNamesAreCheckedAndTheIndexIsNotAKey(t *testing.T) {
	s := mocked(t)
	for _, name := range []string{"", IndexName, "a b", "a/b", "ZENKEY_eyJpZCI6IC", strings.Repeat("a", 256)} {
		if err := s.Set(name, testKey); err == nil {
			t.Errorf("set %q was allowed", name)
		}
		if _, err := s.Get(name); err == nil {
			t.Errorf("get %q was allowed", name)
		}
	}
	if err := s.Set("prod", ""); err == nil {
		t.Errorf("an empty key was stored")
	}
	// Profile names and key names follow one rule, so a profile's key can
	// have its name: `zenv profile add _ci --api-key-stdin --keyring`.
	for _, name := range []string{"_ci", ".hidden", "-dash", strings.Repeat("a", 255)} {
		if err := s.Set(name, testKey); err != nil {
			t.Errorf("set %q: %v", name, err)
		}
		if got, err := s.Get(name); err != nil || got != testKey {
			t.Errorf("get %q = %q, %v", name, got, err)
		}
	}
}

func TestABackendErrorIsOneLineWithAHint(t *testing.T) {
	gokeyring.MockInitWithError(errors.New("The name org.freedesktop.secrets was not provided\nby any .service files"))
	s, _ := New(func(string) string { return "" })
	for name, op := range map[string]func() error{
		"get":    func() error { _, err := s.Get("prod"); return err },
		"set":    func() error { return s.Set("prod", testKey) },
		"delete": func() error { return s.Delete("prod") },
		"list":   func() error { _, err := s.List(); return err },
	} {
		err := op()
		if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "org.freedesktop.secrets was not provided by any") ||
			!strings.Contains(err.Error(), "--api-key-file") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// echoing is a keyring whose errors quote what they were given.
type echoing struct{}

func (echoing) Get(s, u string) (string, error) { return "", errors.New("cannot get " + u) }
func (echoing) Set(s, u, p string) error        { return errors.New("cannot store " + p) }
func (echoing) Delete(s, u string) error        { return errors.New("cannot delete " + u) }

func TestAKeyNeverReachesAnError(t *testing.T) {
	s := &Store{Backend: echoing{}}
	if err := s.Set("prod", testKey); err == nil || strings.Contains(err.Error(), testKey) {
		t.Errorf("err = %v", err)
	}
}

// hanging is a keyring that never answers, like a D-Bus call to a Secret
// Service that is not there (cli/cli#7582).
type hanging struct{ release chan struct{} }

func (h hanging) Get(string, string) (string, error) { <-h.release; return "", nil }
func (h hanging) Set(string, string, string) error   { <-h.release; return nil }
func (h hanging) Delete(string, string) error        { <-h.release; return nil }

func TestAHangingKeyringFailsWithinTheTimeout(t *testing.T) {
	h := hanging{make(chan struct{})}
	defer close(h.release)
	s := &Store{Backend: h, Timeout: 200 * time.Millisecond}
	for name, op := range map[string]func() error{
		"get":    func() error { _, err := s.Get("prod"); return err },
		"set":    func() error { return s.Set("prod", testKey) },
		"delete": func() error { return s.Delete("prod") },
		"list":   func() error { _, err := s.List(); return err },
	} {
		start := time.Now()
		err := op()
		took := time.Since(start)
		if !errors.Is(err, ErrTimeout) || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "within 200ms") {
			t.Errorf("%s: %v", name, err)
		}
		if took > time.Second {
			t.Errorf("%s took %s", name, took)
		}
	}
}

func TestTheTimeoutCanBeRaised(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want time.Duration
		ok   bool
	}{
		{"", DefaultTimeout, true},
		{"30s", 30 * time.Second, true},
		{"30", 0, false},
		{"-1s", 0, false},
	} {
		s, err := New(func(k string) string {
			if k == TimeoutEnv {
				return tc.env
			}
			return ""
		})
		if (err == nil) != tc.ok || err == nil && s.Timeout != tc.want {
			t.Errorf("%q: %v %v", tc.env, s, err)
		}
	}
}
