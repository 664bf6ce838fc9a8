package keysource

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// validKey is a well-formed ZenML key: ZENKEY_ + base64 {"id", "key"}.
const validKey = "ZENKEY_eyJpZCI6ICIzYTJlOWQ0Mi0xYjZjLTRlMGEtOWM1Ni0yZjhkN2U0YjFhMDAiLCAia2V5IjogIjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYifQ=="

func writeKey(t *testing.T, content string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "k")
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, mode)
	return p
}

func TestReadKeyFromEachSource(t *testing.T) {
	home := t.TempDir()
	os.WriteFile(filepath.Join(home, "k"), []byte(validKey+"\n"), 0o600)
	sys := System{
		Getenv: func(k string) string { return map[string]string{"K": validKey, "HOME": home}[k] },
		Stdin:  strings.NewReader(validKey + "\r\n"),
	}
	for _, src := range []Source{
		Env{Name: "K"},
		File{Path: "~/k"},
		Stdin{},
		Command{Line: "printf '%s\\n' " + validKey},
		Value{key: validKey},
	} {
		got, warnings, err := ReadKey(context.Background(), src, sys)
		if err != nil || got != validKey || len(warnings) != 0 {
			t.Errorf("%s: got %q %v %v", src.Describe(), got, warnings, err)
		}
	}
}

func TestKeyErrorsAndWarningsNeverHoldTheKey(t *testing.T) {
	const marker = "ZENKEY_MARKER-9f3c1a-not-a-real-key"
	readable := writeKey(t, marker, 0o644)
	tests := []struct {
		src     Source
		wantErr string
	}{
		{Env{Name: "UNSET", From: "--api-key-env"}, "environment variable UNSET is empty or not set"},
		{Stdin{}, "api key from standard input is empty"},
		{Command{Line: "echo " + "x >&2; exit 3", From: "--api-key-cmd"}, `failed: exit status 3, saying "x"`},
		{nil, "no api key source"},
		{Env{Name: "SET"}, ""},     // malformed key: a warning
		{File{Path: readable}, ""}, // and a readable-file warning
		{Value{key: marker}, ""},   // Describe must not print it
	}
	for _, tt := range tests {
		var warned []string
		sys := System{
			Getenv: func(k string) string { return map[string]string{"SET": marker}[k] },
			Stdin:  strings.NewReader(""),
			Stderr: &strings.Builder{},
			Warn:   func(m string) { warned = append(warned, m) },
		}
		_, warnings, err := ReadKey(context.Background(), tt.src, sys)
		warnings = append(warnings, warned...)
		all := strings.Join(warnings, "\n")
		if tt.src != nil {
			all += tt.src.Describe() + fmt.Sprint(tt.src) + fmt.Sprintf("%+v %#v", tt.src, tt.src)
		}
		if err != nil {
			all += err.Error()
		}
		if strings.Contains(all, marker) || strings.Contains(all, "MARKER") {
			t.Errorf("%T leaks the key: %q", tt.src, all)
		}
		if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%T: error %v, want %q", tt.src, err, tt.wantErr)
		}
		if tt.wantErr == "" && (err != nil || len(warnings) == 0) {
			t.Errorf("%T: want a warning and no error, got %v %v", tt.src, warnings, err)
		}
	}
}

func TestEveryReadIsBounded(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	mkfifo(t, fifo)
	huge := writeKey(t, strings.Repeat("A", MaxKeyBytes+1), 0o600)
	tests := []struct {
		name string
		src  Source
		want string
	}{
		{"a device that never ends", File{Path: "/dev/zero"}, "is not a regular file"},
		{"a fifo nobody writes", File{Path: fifo}, "is not a regular file"},
		{"a directory", File{Path: dir}, "is not a regular file"},
		{"a file too large to be a key", File{Path: huge}, "more than 64 KiB"},
		{"a command that hangs", Command{Line: "sleep 30"}, "did not finish within 300ms"},
		{"a command whose child keeps stdout open", Command{Line: "sleep 30 & echo x"}, ""},
		{"a command that prints forever", Command{Line: "yes"}, "printed more than 64 KiB"}, // stopped long before the timeout
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			timeout := 300 * time.Millisecond
			if strings.Contains(tt.name, "prints forever") {
				timeout = 2 * time.Second // a loaded machine may be slow to start it
			}
			sys := System{Getenv: func(string) string { return "" }, Timeout: timeout}
			_, _, err := ReadKey(context.Background(), tt.src, sys)
			if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %s", d)
			}
		})
	}
}

func TestReadKeyWarnsAboutAShapeZenMLRejects(t *testing.T) {
	tests := []struct{ key, warning string }{
		{validKey, ""},
		{"ZENPROKEY_anything", ""},
		{"sk-123", "does not start with ZENKEY_ or ZENPROKEY_; ZenML will probably reject it"},
		{"ZENKEY_!!!", "is not ZENKEY_ followed by base64"},
		{"ZENKEY_e30=", "does not hold the id and key"}, // {}
		{validKey + " ", "ends with white space"},
	}
	for _, tt := range tests {
		_, warnings, err := ReadKey(context.Background(), Value{key: tt.key, From: "test"}, System{})
		got := strings.Join(warnings, "\n")
		if err != nil || !strings.Contains(got, tt.warning) || (tt.warning == "" && got != "") {
			t.Errorf("ReadKey(%q) warnings = %q, %v; want %q", tt.key, got, err, tt.warning)
		}
	}
}

func TestFlagHelpNamesEveryFlag(t *testing.T) {
	if got, want := FlagHelp(), "--api-key-env NAME, --api-key-file PATH, --api-key-stdin, --api-key-cmd CMD or --api-key-keyring NAME"; got != want {
		t.Errorf("FlagHelp() = %q, want %q", got, want)
	}
}

// TestATimedOutCommandLeavesNoProcessBehind: sh -c forks; killing sh alone
// left the child running after every timed-out shell start (found by the
// attack review).
func TestATimedOutCommandLeavesNoProcessBehind(t *testing.T) {
	// A unique duration names the child sleep in the process table.
	marker := fmt.Sprintf("sleep 30.%09d", time.Now().UnixNano()%1e9)
	_, _, err := ReadKey(context.Background(), Command{Line: marker + "; echo done"}, System{Timeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "did not finish") {
		t.Fatalf("got %v", err)
	}
	time.Sleep(200 * time.Millisecond)
	out, _ := exec.Command("pgrep", "-f", marker).Output()
	if len(strings.TrimSpace(string(out))) != 0 {
		t.Errorf("processes left running: %s", out)
	}
}

func TestStdinThatNeverEndsTimesOut(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	go w.Write([]byte(validKey + "\n")) // the key, then the pipe stays open
	start := time.Now()
	_, _, err := ReadKey(context.Background(), Stdin{}, System{Stdin: r, Timeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "did not end within") || time.Since(start) > 3*time.Second {
		t.Errorf("got %v after %s", err, time.Since(start))
	}
}
