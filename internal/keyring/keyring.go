// Package keyring keeps zenv's API keys in the OS keyring (macOS Keychain,
// Windows Credential Manager, the Secret Service on Linux) through
// github.com/zalando/go-keyring, as gh does, under the service "zenv" with
// the key's name as the user.
//
// Every call is bounded by a timeout. On a Linux without a running Secret
// Service, go-keyring can block on D-Bus indefinitely (cli/cli#7582); zenv
// runs in .bashrc and CI, where a hang is worse than an error.
//
// go-keyring cannot list a service's items, so the names zenv stored are
// kept in one more item of the same service, named IndexName, which no key
// name can equal. It holds names only, one per line. The keyring itself
// stays the truth for Get: the index only serves List.
package keyring

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/gofrs/flock"
	gokeyring "github.com/zalando/go-keyring"

	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/zenml"
)

const (
	// Service is the keyring service every zenv item is stored under.
	Service = "zenv"
	// IndexName is the item that lists the names zenv stored. A ':' is
	// not allowed in a key name, so it cannot be one.
	IndexName = ":names"
	// DefaultTimeout bounds every operation, as gh bounds its own: long
	// enough for a local keyring, short enough for a shell start-up.
	DefaultTimeout = 3 * time.Second
	// TimeoutEnv lengthens it, e.g. to answer a macOS Keychain dialog.
	TimeoutEnv = "ZENV_KEYRING_TIMEOUT"
)

// ErrNotFound is wrapped when the keyring has no key of that name.
var ErrNotFound = errors.New("key not found in the OS keyring")

// ErrTimeout is wrapped when the keyring did not answer in time.
var ErrTimeout = errors.New("the OS keyring did not answer")

// Backend is the OS keyring as go-keyring exposes it; tests replace it.
type Backend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// Store is zenv's part of the OS keyring.
type Store struct {
	Backend Backend
	Timeout time.Duration
	// LockPath serialises changes to the index across zenv processes; ""
	// for none (tests).
	LockPath string
}

// New returns the OS keyring, with the timeout from $ZENV_KEYRING_TIMEOUT
// (a Go duration such as 30s) or DefaultTimeout.
func New(getenv func(string) string) (*Store, error) {
	s := &Store{Backend: osKeyring{}, Timeout: DefaultTimeout}
	if dir := userConfigDir(getenv); dir != "" {
		s.LockPath = filepath.Join(dir, "zenv", "keyring.lock")
	}
	if v := getenv(TimeoutEnv); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("$%s=%q is not a duration such as 10s", TimeoutEnv, v)
		}
		s.Timeout = d
	}
	return s, nil
}

// userConfigDir is os.UserConfigDir read through getenv, so that a test's
// environment decides where the lock file goes, never the developer's own
// (found: make test wrote keyring.lock into the real $XDG_CONFIG_HOME/zenv).
// "" when the environment names none.
func userConfigDir(getenv func(string) string) string {
	switch runtime.GOOS {
	case "windows":
		return getenv("AppData")
	case "darwin", "ios":
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, "Library", "Application Support")
		}
		return ""
	case "plan9":
		if h := getenv("home"); h != "" {
			return filepath.Join(h, "lib")
		}
		return ""
	}
	if d := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return d
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".config")
	}
	return ""
}

// osKeyring calls go-keyring's package functions, which its MockInit
// replaces in tests.
type osKeyring struct{}

func (osKeyring) Get(s, u string) (string, error) { return gokeyring.Get(s, u) }
func (osKeyring) Set(s, u, p string) error        { return gokeyring.Set(s, u, p) }
func (osKeyring) Delete(s, u string) error        { return gokeyring.Delete(s, u) }

// CheckName reports whether name can name a key: the one rule for
// profile and keyring item names (zenml.CheckItemName), so a profile's key
// can share its name. IndexName holds a ':', which the rule refuses.
func CheckName(name string) error {
	if p := zenml.CheckItemName("key", name); p != nil {
		return p
	}
	return nil
}

// Get returns the key stored under name.
func (s *Store) Get(name string) (string, error) {
	if err := CheckName(name); err != nil {
		return "", err
	}
	var key string
	err := s.bounded("read", func() (err error) {
		key, err = s.Backend.Get(Service, name)
		return err
	})
	if err != nil {
		return "", s.explain(err, name, "")
	}
	return key, nil
}

// Set stores key under name, replacing what was there, and adds name to
// the index.
func (s *Store) Set(name, key string) error {
	if err := CheckName(name); err != nil {
		return err
	}
	if key == "" {
		return errors.New("the key is empty; nothing was stored")
	}
	err := s.bounded("write", func() error {
		if err := s.Backend.Set(Service, name, key); err != nil {
			return err
		}
		return s.updateIndex(func(names []string) []string {
			if slices.Contains(names, name) {
				return names
			}
			return append(names, name)
		})
	})
	return s.explain(err, name, key)
}

// Delete removes the key stored under name, and name from the index. A
// name the index lists but the keyring lacks is dropped from the index
// and reported as not found.
func (s *Store) Delete(name string) error {
	if err := CheckName(name); err != nil {
		return err
	}
	err := s.bounded("delete", func() error {
		err := s.Backend.Delete(Service, name)
		if err != nil && !errors.Is(err, gokeyring.ErrNotFound) {
			return err
		}
		if ierr := s.updateIndex(func(names []string) []string {
			return slices.DeleteFunc(names, func(n string) bool { return n == name })
		}); ierr != nil {
			return ierr
		}
		return err
	})
	return s.explain(err, name, "")
}

// List returns the names zenv stored, sorted. It reads the index only: no
// key is read.
func (s *Store) List() ([]string, error) {
	var names []string
	err := s.bounded("read", func() (err error) {
		names, err = s.readIndex()
		return err
	})
	if err != nil {
		return nil, s.explain(err, "", "")
	}
	return names, nil
}

func (s *Store) readIndex() ([]string, error) {
	raw, err := s.Backend.Get(Service, IndexName)
	if errors.Is(err, gokeyring.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, n := range strings.Split(raw, "\n") {
		// Skip what this version would not have written.
		if CheckName(n) == nil && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names, nil
}

// updateIndex rewrites the index through fn, holding a lock file so that
// zenv processes setting keys at the same moment lose no name (the attack
// review saw 20 parallel `zenv key set` list 5 names): the keyring has no
// transaction of its own. Without a lock file it still works, unguarded.
func (s *Store) updateIndex(fn func([]string) []string) error {
	if s.LockPath != "" && os.MkdirAll(filepath.Dir(s.LockPath), 0o700) == nil {
		l := flock.New(s.LockPath, flock.SetPermissions(0o600))
		ctx, cancel := context.WithTimeout(context.Background(), s.Timeout)
		ok, err := l.TryLockContext(ctx, 10*time.Millisecond)
		cancel()
		if err == nil && ok {
			defer l.Unlock()
		}
	}
	names, err := s.readIndex()
	if err != nil {
		return err
	}
	names = fn(names)
	slices.Sort(names)
	if len(names) == 0 {
		if err := s.Backend.Delete(Service, IndexName); err != nil && !errors.Is(err, gokeyring.ErrNotFound) {
			return err
		}
		return nil
	}
	return s.Backend.Set(Service, IndexName, strings.Join(names, "\n"))
}

// bounded runs fn and gives up after s.Timeout. A call that hangs keeps
// its goroutine until the process exits, which for zenv is moments later.
func (s *Store) bounded(what string, fn func() error) error {
	d := s.Timeout
	if d <= 0 {
		d = DefaultTimeout
	}
	done := make(chan error, 1)
	go func() { done <- fn() }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return fmt.Errorf("%w within %s (%s)", ErrTimeout, d, what)
	}
}

// explain turns a keyring error into one line that says what to do. A
// backend's message is kept (on one line) but never holds key.
func (s *Store) explain(err error, name, key string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gokeyring.ErrNotFound):
		return fmt.Errorf("%w: no key named %q under service %q; store one with: zenv key set %s", ErrNotFound, name, Service, name)
	case errors.Is(err, ErrTimeout):
		return fmt.Errorf("%w; %s, or raise $%s", err, hint(), TimeoutEnv)
	case errors.Is(err, gokeyring.ErrSetDataTooBig):
		return fmt.Errorf("the key is too large for the OS keyring; keep it in a file (--api-key-file) instead")
	}
	msg := strings.Join(strings.Fields(err.Error()), " ")
	if key != "" {
		// The one redactor: a short key ("x") only as a whole word, so
		// "exec" stays "exec" (found by the attack review).
		var r redact.Redactor
		r.Add(key)
		msg = r.String(msg)
	}
	return fmt.Errorf("the OS keyring failed: %s; %s", msg, hint())
}

// hint says what a keyring needs on this system.
func hint() string {
	switch runtime.GOOS {
	case "darwin":
		return "unlock the login keychain, or keep the key elsewhere (--api-key-env, --api-key-file)"
	case "windows":
		return "check Windows Credential Manager, or keep the key elsewhere (--api-key-env, --api-key-file)"
	}
	return "a Secret Service (gnome-keyring, KeePassXC) must run and be unlocked on the session D-Bus; without one keep the key elsewhere (--api-key-env, --api-key-file)"
}
