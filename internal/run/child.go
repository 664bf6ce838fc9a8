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

// checkBatchArgs refuses arguments that cmd.exe would read as syntax. A
// .bat or .cmd file is run by cmd.exe, which parses its command line again
// by its own rules, not by the CommandLineToArgvW rules Go quotes for (the
// os/exec documentation; "BatBadBut", CVE-2024-24576): % expands, " flips
// quoting and & | < > ( ) ^ end or alter the command. Passing them through
// untouched is impossible, so zenv refuses rather than run something else.
func checkBatchArgs(path string, args []string) error {
	lower := strings.ToLower(path)
	if !strings.HasSuffix(lower, ".bat") && !strings.HasSuffix(lower, ".cmd") {
		return nil
	}
	for i, a := range args {
		if j := strings.IndexAny(a, "\"%!^&|<>()\r\n"); j >= 0 {
			return fmt.Errorf("argument %d holds %q, which cmd.exe would read as syntax when it runs the batch file %s; run a program (.exe) or pass the value in the environment", i+1, a[j], path)
		}
	}
	return nil
}
