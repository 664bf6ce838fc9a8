//go:build unix

package fsutil

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// asUser is set in a re-executed test binary that runs as another uid: it
// prints what ReadTrusted says of each path given.
const asUser = "ZENV_FSUTIL_AS_USER"

func TestMain(m *testing.M) {
	if os.Getenv(asUser) != "" {
		for _, p := range strings.Split(os.Getenv(asUser), "\n") {
			_, err := ReadTrusted(p, 1<<10)
			fmt.Printf("%s => %v\n", p, err)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestAnOrdinaryUserRefusesWhatAnotherUserCouldChange runs the check as
// uid 1001 (a subprocess; the test needs root to set it up, as CI has):
// root's files and folders are trusted, another user's are not.
func TestAnOrdinaryUserRefusesWhatAnotherUserCouldChange(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run a subprocess as another uid")
	}
	base := t.TempDir()
	for d := base; d != filepath.Dir(d) && strings.HasPrefix(d, os.TempDir()) && d != os.TempDir(); d = filepath.Dir(d) {
		os.Chmod(d, 0o755) // so uid 1001 can reach the files
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(base, "fsutil.test")
	copyFile(t, self, bin)

	mine := mkdir(t, filepath.Join(base, "mine"), 0o700)
	os.Chown(mine, 1001, 1001)
	own := filepath.Join(mine, "config.yaml")
	writeFile(t, own, "x", 0o600)
	os.Chown(own, 1001, 1001)
	rootFile := filepath.Join(base, "root.yaml") // root's file in root's folder
	writeFile(t, rootFile, "x", 0o644)
	theirs := mkdir(t, filepath.Join(base, "theirs"), 0o755)
	os.Chown(theirs, 1002, 1002)
	inTheirs := filepath.Join(theirs, "config.yaml")
	writeFile(t, inTheirs, "x", 0o644)
	os.Chown(inTheirs, 1001, 1001) // the user's own file, in another user's folder
	otherFile := filepath.Join(base, "other.yaml")
	writeFile(t, otherFile, "x", 0o644)
	os.Chown(otherFile, 1002, 1002)

	cmd := exec.Command(bin, "-test.run", "^$")
	cmd.Env = append(os.Environ(), asUser+"="+strings.Join([]string{own, rootFile, inTheirs, otherFile}, "\n"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 1001, Gid: 1001}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{
		own + " => <nil>",
		rootFile + " => <nil>",
		inTheirs + " => folder " + theirs + " belongs to another user (uid 1002), who could replace " + inTheirs + "; keep the file in a folder of your own",
		otherFile + " => " + otherFile + " belongs to another user (uid 1002); use a file of your own",
	} {
		if !strings.Contains(string(out), want+"\n") {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
}
