package run

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Windows runs commands through startAndWait; these prove its exit codes
// and forwarding where a shell is at hand.
func TestStartAndWaitReportsExitCodesAsShellsDo(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs sh and POSIX signals")
	}
	tests := []struct {
		script string
		want   int
	}{
		{"exit 0", 0},
		{"exit 3", 3},
		{"kill -TERM $$", 128 + 15},
		{"kill -KILL $$", 128 + 9},
	}
	for _, tt := range tests {
		code, err := startAndWait(exec.Command("sh", "-c", tt.script), nil)
		if err != nil || code != tt.want {
			t.Errorf("%s: code %d, err %v; want %d", tt.script, code, err, tt.want)
		}
	}
}

func TestStartAndWaitForwardsSignals(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs sh and POSIX signals")
	}
	cmd := exec.Command("sh", "-c", `trap 'exit 42' INT; echo ready; while :; do sleep 0.05; done`)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	sigs := make(chan os.Signal, 1)
	type result struct {
		code int
		err  error
	}
	done := make(chan result, 1)
	go func() {
		code, err := startAndWait(cmd, sigs)
		done <- result{code, err}
	}()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "ready" {
		t.Fatalf("child said %q", line)
	}
	sigs <- os.Interrupt
	select {
	case r := <-done:
		if r.err != nil || r.code != 42 {
			t.Errorf("code %d, err %v; want 42 from the child's trap", r.code, r.err)
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the interrupt did not reach the child within 10s")
	}
}

func TestStartAndWaitCannotRunIs126(t *testing.T) {
	code, err := startAndWait(exec.Command(t.TempDir()), nil)
	ee, ok := err.(*ExitError)
	if !ok || ee.Code != ExitCannotRun || code != 0 {
		t.Errorf("code %d, err %v; want an ExitError 126", code, err)
	}
}

func TestBatchFilesRefuseArgumentsCmdWouldRewrite(t *testing.T) {
	tests := []struct {
		path string
		args []string
		ok   bool
	}{
		{`C:\tools\deploy.exe`, []string{"100%", "a&b", `"q"`}, true}, // a program parses its own line
		{`C:\tools\deploy.bat`, []string{"plain", "with space", "-p=prod"}, true},
		{`C:\tools\deploy.bat`, []string{"100%"}, false},
		{`C:\tools\deploy.CMD`, []string{"a&calc"}, false},
		{`C:\tools\deploy.bat`, []string{`say "hi"`}, false},
		{`C:\tools\deploy.bat`, []string{"wow!"}, false},
		{`C:\tools\deploy.bat`, []string{"a\nb"}, false},
	}
	for _, tt := range tests {
		err := checkBatchArgs(tt.path, append([]string{"deploy"}, tt.args...))
		if (err == nil) != tt.ok {
			t.Errorf("%s %q: err %v, want ok=%v", tt.path, tt.args, err, tt.ok)
		}
	}
}

// TestWindowsRunsTheseAsBatchFiles: what Windows runs through cmd.exe,
// decided after the normalisation Win32 applies (trailing dots and
// spaces, stream suffixes, any case, either separator), as Rust's fix for
// CVE-2024-43402 does; and what it does not.
func TestWindowsRunsTheseAsBatchFiles(t *testing.T) {
	batch := []string{
		`C:\t\x.bat`, `C:\t\x.BAT`, `C:\t\x.Cmd`, `x.bat.`, `x.bat `, `x.bat. . .`, `x.bat...`,
		`C:\t\x.bat::$DATA`, `x.bat::$data`, `x.cmd:stream`, `C:x.bat`, `C:/t/x.bat`, `\\?\C:\t\x.bat`, `x.bat .`,
	}
	notBatch := []string{
		`C:\t\x.exe`, `x.bat.exe`, `x.batch`, `C:\t.bat\x.exe`, `x.bat\y`, `xbat`, `C:`, ``, `x.com`, `C:\t\bat`,
	}
	for _, p := range batch {
		if !isBatchFile(p) {
			t.Errorf("%q is run by cmd.exe, but is not taken for a batch file", p)
		}
		if err := checkBatchArgs(p, []string{"x", "a&calc"}); err == nil {
			t.Errorf("%q: a&calc passed", p)
		}
	}
	for _, p := range notBatch {
		if isBatchFile(p) {
			t.Errorf("%q is taken for a batch file", p)
		}
		if err := checkBatchArgs(p, []string{"x", "a&calc"}); err != nil {
			t.Errorf("%q: %v", p, err)
		}
	}
}

// TestBatchFileNameIsCheckedToo: argv[0] and the resolved path are on
// cmd.exe's command line as well; a name quoted for a space may hold
// brackets (Program Files (x86)), never % or !.
func TestBatchFileNameIsCheckedToo(t *testing.T) {
	tests := []struct {
		path, argv0 string
		ok          bool
	}{
		{`C:\t\deploy.bat`, "deploy", true},
		{`C:\Program Files (x86)\t\deploy.bat`, `C:\Program Files (x86)\t\deploy.bat`, true},
		{`C:\t\a&calc.bat`, `a&calc.bat`, false},
		{`C:\t\100%PATH%.bat`, `100%PATH%.bat`, false},
		{`C:\t x\wow!.bat`, `wow!.bat`, false},
		{`C:\t\deploy.bat.`, `deploy.bat.`, true},
		{`C:\t\deploy.bat.`, `deploy.bat.&calc`, false},
		{`C:\t\run.exe`, `run`, true},
	}
	for _, tt := range tests {
		err := checkBatchArgs(tt.path, []string{tt.argv0, "plain"})
		if (err == nil) != tt.ok {
			t.Errorf("%s (argv[0] %q): err %v, want ok=%v", tt.path, tt.argv0, err, tt.ok)
		}
	}
}
