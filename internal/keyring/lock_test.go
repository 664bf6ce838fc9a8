package keyring

import (
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

// slowMap is a keyring whose calls take a moment, so that index updates
// of parallel writers interleave unless they are serialised.
type slowMap struct {
	mu    sync.Mutex
	items map[string]string
}

func (m *slowMap) Get(s, u string) (string, error) {
	time.Sleep(2 * time.Millisecond)
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.items[s+"/"+u]
	if !ok {
		return "", gokeyring.ErrNotFound
	}
	return v, nil
}

func (m *slowMap) Set(s, u, p string) error {
	time.Sleep(2 * time.Millisecond)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.items[s+"/"+u] = p
	return nil
}

func (m *slowMap) Delete(s, u string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.items, s+"/"+u)
	return nil
}

// TestParallelSetsLoseNoName: the attack review saw 20 parallel `zenv key
// set` keep all keys but list 5 names.
func TestParallelSetsLoseNoName(t *testing.T) {
	backend := &slowMap{items: map[string]string{}}
	lock := filepath.Join(t.TempDir(), "keyring.lock")
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s := &Store{Backend: backend, Timeout: 10 * time.Second, LockPath: lock}
			if err := s.Set(fmt.Sprintf("k%02d", i), "ZENKEY_x"); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	names, err := (&Store{Backend: backend, Timeout: time.Second}).List()
	if err != nil || len(names) != 20 {
		t.Errorf("listed %d names (%v), want 20", len(names), err)
	}
}

// TestTheLockFollowsTheEnvironmentItIsGiven: the lock goes under the
// config folder the given environment names, so a test's environment
// keeps it out of the developer's own (make test wrote keyring.lock into
// the real $XDG_CONFIG_HOME/zenv).
func TestTheLockFollowsTheEnvironmentItIsGiven(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG_CONFIG_HOME is the Linux layout")
	}
	dir := t.TempDir()
	s, err := New(func(k string) string { return map[string]string{"XDG_CONFIG_HOME": dir}[k] })
	if err != nil || s.LockPath != filepath.Join(dir, "zenv", "keyring.lock") {
		t.Errorf("lock %q, %v", s.LockPath, err)
	}
	s, _ = New(func(string) string { return "" })
	if s.LockPath != "" {
		t.Errorf("an empty environment locks %s", s.LockPath)
	}
}
