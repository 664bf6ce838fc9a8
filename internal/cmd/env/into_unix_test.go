//go:build unix

package env

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/internal/cmdutil"
)

func TestIntoRefusesAFIFOAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "prefect.yaml")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stderr := runWithin(t, intoRunner(t, path))
	if code != cmdutil.ExitInput || !strings.Contains(stderr, "is not a regular file") {
		t.Errorf("exit %d, stderr %q; want exit 2, not a regular file", code, stderr)
	}
}

// runWithin runs an intoRunner's run and fails the test when it is not
// done after 5s (a FIFO opened for reading waits for a writer).
func runWithin(t *testing.T, run func() (int, string)) (int, string) {
	t.Helper()
	type result struct {
		code   int
		stderr string
	}
	done := make(chan result, 1)
	go func() { code, stderr := run(); done <- result{code, stderr} }()
	select {
	case r := <-done:
		return r.code, r.stderr
	case <-time.After(5 * time.Second):
		t.Fatal("--into still waits after 5s")
	}
	return 0, ""
}

func TestIntoKeepsTheFilesOwnerAndGroup(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root can give the file to another user")
	}
	path := filepath.Join(t.TempDir(), "prefect.yaml")
	if err := os.WriteFile(path, []byte(projectYAML), 0o664); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o664)
	if err := os.Chown(path, 1234, 2345); err != nil {
		t.Fatal(err)
	}
	if code, stderr := intoRunner(t, path, "--deployment", "nightly")(); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	if st.Uid != 1234 || st.Gid != 2345 || fi.Mode().Perm() != 0o664 {
		t.Errorf("the file is %d:%d %v, was 1234:2345 0664", st.Uid, st.Gid, fi.Mode().Perm())
	}
}

func TestIntoRefusesAHardLinkedFile(t *testing.T) {
	dir := t.TempDir()
	path, other := filepath.Join(dir, "prefect.yaml"), filepath.Join(dir, "copy.yaml")
	if err := os.WriteFile(path, []byte(projectYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(path, other); err != nil {
		t.Fatal(err)
	}
	code, stderr := intoRunner(t, path, "--deployment", "nightly")()
	if code != cmdutil.ExitInput || !strings.Contains(stderr, "has 2 hard links") {
		t.Errorf("exit %d, stderr %q; want exit 2, hard links", code, stderr)
	}
	if b, _ := os.ReadFile(path); string(b) != projectYAML {
		t.Errorf("the file changed:\n%s", b)
	}
}

func TestIntoThroughASymlinkEditsTheTargetAndKeepsTheLink(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "real.yaml"), filepath.Join(dir, "prefect.yaml")
	if err := os.WriteFile(target, []byte(projectYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.yaml", link); err != nil {
		t.Fatal(err)
	}
	if code, stderr := intoRunner(t, link, "--deployment", "nightly")(); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("prefect.yaml is no longer a symlink: %v %v", fi.Mode(), err)
	}
	b, _ := os.ReadFile(target)
	if got := pullOf(t, string(b), "nightly"); len(got) != 2 || got[1] != zenvStep {
		t.Errorf("the target's nightly pull: %q", got)
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o644 {
		t.Errorf("the target's mode is %v", fi.Mode().Perm())
	}
}

// A FIFO or a symlink at the lock's name is refused at once: a FIFO would
// hang the open, and a link would make zenv create (and then delete) a
// file wherever it points.
func TestIntoRefusesAFIFOOrASymlinkAtTheLockPath(t *testing.T) {
	for _, kind := range []string{"fifo", "symlink"} {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "prefect.yaml")
			os.WriteFile(path, []byte(projectYAML), 0o644)
			lockPath := filepath.Join(dir, ".prefect.yaml.zenv.lock")
			elsewhere := filepath.Join(t.TempDir(), "victim")
			if kind == "fifo" {
				if err := syscall.Mkfifo(lockPath, 0o600); err != nil {
					t.Fatal(err)
				}
			} else if err := os.Symlink(elsewhere, lockPath); err != nil {
				t.Fatal(err)
			}
			code, stderr := runWithin(t, intoRunner(t, path))
			if code != cmdutil.ExitInput || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "cannot lock "+lockPath) {
				t.Errorf("exit %d, stderr %q; want exit 2, cannot lock", code, stderr)
			}
			if b, _ := os.ReadFile(path); string(b) != projectYAML {
				t.Errorf("the file changed:\n%s", b)
			}
			if _, err := os.Stat(elsewhere); err == nil {
				t.Errorf("zenv created the symlink's target")
			}
			if _, err := os.Lstat(lockPath); err != nil {
				t.Errorf("zenv removed what sat at the lock path: %v", err)
			}
		})
	}
}
