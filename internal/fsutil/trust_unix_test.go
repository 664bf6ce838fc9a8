//go:build unix

package fsutil

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func writeFile(t *testing.T, path, data string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func mkdir(t *testing.T, path string, mode os.FileMode) string {
	t.Helper()
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // past the umask
		t.Fatal(err)
	}
	return path
}

// TestOpenTrustedRefusesEveryFolderShapeSSHRefuses: the shapes the third
// attack review found accepted, and the ones that must stay accepted.
func TestOpenTrustedRefusesEveryFolderShapeSSHRefuses(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, base string) string // returns the path to open
		want  string                                 // "" accepts
	}{
		{"a file in a private folder", func(t *testing.T, base string) string {
			p := filepath.Join(mkdir(t, filepath.Join(base, "home"), 0o700), "config.yaml")
			writeFile(t, p, "x", 0o600)
			return p
		}, ""},
		{"a symlink into a 0777 folder without the sticky bit", func(t *testing.T, base string) string {
			open := mkdir(t, filepath.Join(base, "open"), 0o777)
			target := filepath.Join(open, "config.yaml")
			writeFile(t, target, "x", 0o600)
			home := mkdir(t, filepath.Join(base, "home"), 0o700)
			link := filepath.Join(home, "config.yaml")
			if err := os.Symlink(target, link); err != nil {
				t.Fatal(err)
			}
			return link
		}, "folder " + "{base}/open can be written by group or others"},
		{"a 0700 folder inside a 0777 folder", func(t *testing.T, base string) string {
			open := mkdir(t, filepath.Join(base, "open"), 0o777)
			mine := mkdir(t, filepath.Join(open, "mine"), 0o700)
			p := filepath.Join(mine, "config.yaml")
			writeFile(t, p, "x", 0o600)
			return p
		}, "folder {base}/open can be written by group or others"},
		{"a group-writable 2770 folder", func(t *testing.T, base string) string {
			grp := mkdir(t, filepath.Join(base, "grp"), 0o770|os.ModeSetgid)
			p := filepath.Join(grp, "config.yaml")
			writeFile(t, p, "x", 0o600)
			return p
		}, "folder {base}/grp can be written by its group"},
		{"a 0700 folder inside a sticky 1777 folder (/tmp)", func(t *testing.T, base string) string {
			tmp := mkdir(t, filepath.Join(base, "tmp"), 0o777|os.ModeSticky)
			mine := mkdir(t, filepath.Join(tmp, "mine"), 0o700)
			p := filepath.Join(mine, "config.yaml")
			writeFile(t, p, "x", 0o600)
			return p
		}, ""},
		{"a file others can write", func(t *testing.T, base string) string {
			p := filepath.Join(mkdir(t, filepath.Join(base, "home"), 0o700), "config.yaml")
			writeFile(t, p, "x", 0o602)
			return p
		}, "{base}/home/config.yaml can be changed by group or others; run chmod go-w {base}/home/config.yaml"},
		{"a FIFO, refused without blocking", func(t *testing.T, base string) string {
			p := filepath.Join(mkdir(t, filepath.Join(base, "home"), 0o700), "fifo")
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				t.Skip(err)
			}
			return p
		}, "{base}/home/fifo is not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := t.TempDir()
			path := tt.setup(t, base)
			data, err := ReadTrusted(path, 1<<10)
			want := strings.ReplaceAll(tt.want, "{base}", base)
			switch {
			case want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case want == "" && string(data) != "x":
				t.Fatalf("read %q", data)
			case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
				t.Fatalf("got %v, want %q", err, want)
			}
		})
	}
}

// TestRootIsToldWhoOwnsTheFolderAndHowToFixIt: zenv as root in a container
// over a CI runner's workspace (another uid) refuses and says so.
func TestRootIsToldWhoOwnsTheFolderAndHowToFixIt(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give files to another uid")
	}
	base := t.TempDir()
	ws := mkdir(t, filepath.Join(base, "workspace"), 0o755)
	p := filepath.Join(ws, "zenv.yaml")
	writeFile(t, p, "x", 0o600)
	if err := os.Chown(ws, 1001, 1001); err != nil {
		t.Fatal(err)
	}
	_, err := ReadTrusted(p, 1<<10)
	var ue *UntrustedError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "folder "+ws+" belongs to uid 1001 and zenv runs as root") || !strings.Contains(err.Error(), "chown root "+ws) {
		t.Fatalf("folder: %v", err)
	}
	os.Chown(ws, 0, 0)
	os.Chown(p, 1001, 1001)
	if _, err := ReadTrusted(p, 1<<10); err == nil || !strings.Contains(err.Error(), p+" belongs to uid 1001 and zenv runs as root") {
		t.Fatalf("file: %v", err)
	}
}

func TestCheckFolderGuardsWhereAKeyIsWritten(t *testing.T) {
	base := t.TempDir()
	open := mkdir(t, filepath.Join(base, "open"), 0o777)
	if err := CheckFolder(open, "zenml.env"); err == nil || !strings.Contains(err.Error(), "folder "+open+" can be written by group or others") {
		t.Errorf("0777 folder: %v", err)
	}
	tmp := mkdir(t, filepath.Join(base, "tmp"), 0o777|os.ModeSticky)
	if err := CheckFolder(tmp, "zenml.env"); err != nil {
		t.Errorf("a new file in a sticky folder: %v", err)
	}
	if os.Geteuid() == 0 {
		// Another user's file in a sticky folder: root would write into it.
		p := filepath.Join(tmp, "theirs.env")
		writeFile(t, p, "", 0o600)
		os.Chown(p, 1001, 1001)
		if err := CheckFolder(tmp, "theirs.env"); err == nil {
			t.Errorf("another user's entry in a sticky folder was accepted")
		}
	}
}
