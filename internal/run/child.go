package run

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"

	"github.com/zenv-dev/zenv/internal/fsutil"
)

// startAndWait starts cmd, passes it every signal that arrives on sigs,
// and returns its exit code as a shell reports it: 128+N when signal N
// killed it. Windows uses it in place of exec; it is portable so the tests
// prove it on every system.
func startAndWait(cmd *exec.Cmd, sigs <-chan os.Signal) (int, error) {
	if err := cmd.Start(); err != nil {
		return 0, cannotRun(cmd.Args[0], fsutil.BareError(err))
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				// On Windows this fails (no signals), and the console has
				// already told the command; the error says nothing new.
				_ = cmd.Process.Signal(s)
			case <-done:
				return
			}
		}
	}()
	err := cmd.Wait()
	close(done)
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return 0, fmt.Errorf("waiting for %q: %w", cmd.Args[0], err)
	}
	ps := cmd.ProcessState
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal()), nil
	}
	return ps.ExitCode(), nil
}

// checkBatchArgs refuses a command line that cmd.exe would read as syntax.
// A batch file is run by cmd.exe, which parses its command line again by
// its own rules, not by the CommandLineToArgvW rules Go quotes for (the
// os/exec documentation; "BatBadBut", CVE-2024-24576): % expands, " flips
// quoting and & | < > ( ) ^ end or alter the command. Passing them through
// untouched is impossible, so zenv refuses rather than run something else.
// argv[0] is on that command line too (Go writes it first, quoted only when
// it holds a space or a tab), and so, when Windows resolves the command,
// is path.
func checkBatchArgs(path string, argv []string) error {
	if !isBatchFile(path) && (len(argv) == 0 || !isBatchFile(argv[0])) {
		return nil
	}
	for _, name := range []string{path, argv[0]} {
		syntax := `"%!` + "\r\n"
		if !strings.ContainsAny(name, " \t") { // unquoted on the command line
			syntax += "^&|<>()"
		}
		if j := strings.IndexAny(name, syntax); j >= 0 {
			return fmt.Errorf("the batch file's name %s holds %q, which cmd.exe would read as syntax; rename it, or run a program (.exe)", name, name[j])
		}
	}
	for i, a := range argv[1:] {
		if j := strings.IndexAny(a, "\"%!^&|<>()\r\n"); j >= 0 {
			return fmt.Errorf("argument %d holds %q, which cmd.exe would read as syntax when it runs the batch file %s; run a program (.exe) or pass the value in the environment", i+1, a[j], path)
		}
	}
	return nil
}

// isBatchFile reports whether Windows runs the file at p through cmd.exe:
// its name ends in .bat or .cmd, in any case, once normalised as Win32
// normalises a path before CreateProcess sees it. Trailing dots and spaces
// are dropped ("x.bat.", "x.bat  ." run x.bat: the class of Rust's
// CVE-2024-43402), and an NTFS stream suffix names the same file
// ("x.bat::$DATA" is its own data). Both separators count, and a drive
// prefix ("C:x.bat") is not a stream.
func isBatchFile(p string) bool {
	name := p
	if i := strings.LastIndexAny(name, `\/`); i >= 0 {
		name = name[i+1:]
	}
	if len(name) >= 2 && name[1] == ':' && ('a' <= name[0]|0x20 && name[0]|0x20 <= 'z') {
		name = name[2:]
	}
	if i := strings.IndexByte(name, ':'); i >= 0 {
		name = name[:i]
	}
	name = strings.ToLower(strings.TrimRight(name, ". "))
	return strings.HasSuffix(name, ".bat") || strings.HasSuffix(name, ".cmd")
}
