package config

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// The parallel-writer test re-executes this test binary as the writers, so
// they are separate processes with their own file descriptors, as two
// zenv commands in two terminals are.
const (
	childPath = "ZENV_CONFIG_EDIT_TEST_PATH"
	childName = "ZENV_CONFIG_EDIT_TEST_NAME"
)

const perWriter = 5

func TestMain(m *testing.M) {
	if path := os.Getenv(childPath); path != "" {
		os.Exit(writer(path, os.Getenv(childName)))
	}
	os.Exit(m.Run())
}

// writer adds perWriter profiles one edit at a time, pausing between its
// read and its write so that without the lock another writer's edit would
// land in between and be overwritten.
func writer(path, name string) int {
	beforeWrite = func() { time.Sleep(5 * time.Millisecond) }
	for i := range perWriter {
		err := Edit(path, func(c *Doc) error {
			return c.Add(fmt.Sprintf("%s-%d", name, i), Entry{URL: "http://localhost:8237"}, false)
		}, nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return 0
}

func TestParallelWritersLoseNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(path, []byte("# shared by all writers\nprofiles: {}\n"), 0o600)
	const writers = 8
	var procs []*exec.Cmd
	for w := range writers {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childPath+"="+path, fmt.Sprintf("%s=w%d", childName, w))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs = append(procs, cmd)
	}
	for _, p := range procs {
		if err := p.Wait(); err != nil {
			t.Errorf("writer %v: %v", p.Args, err)
		}
	}
	c, err := ReadDoc(path)
	if err != nil {
		t.Fatal(err)
	}
	names := c.Names()
	for w := range writers {
		for i := range perWriter {
			if n := fmt.Sprintf("w%d-%d", w, i); !slices.Contains(names, n) {
				t.Errorf("profile %s was lost", n)
			}
		}
	}
	if len(names) != writers*perWriter {
		t.Errorf("%d profiles, want %d", len(names), writers*perWriter)
	}
}
