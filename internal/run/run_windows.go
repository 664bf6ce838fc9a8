//go:build windows

package run

import (
	"os"
	"os/exec"
	"os/signal"
)

// Exec runs argv[0] with argv as its arguments and env as its environment,
// waits for it, and returns an *ExitError with its exit code (nil when it
// exits 0). Windows has no exec: zenv stays as the parent.
func Exec(argv, env []string) error {
	path, err := resolve(argv)
	if err != nil {
		return err
	}
	if err := checkBatchArgs(path, argv); err != nil {
		return err
	}
	cmd := exec.Command(path, argv[1:]...)
	cmd.Args[0] = argv[0]
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	// The console sends Ctrl-C and Ctrl-Break to every process attached to
	// it, the command included; zenv must only outlive the event and wait
	// for the command's own answer to it.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	code, err := startAndWait(cmd, sigs)
	if err != nil {
		return err
	}
	if code != 0 {
		return &ExitError{Code: code}
	}
	return nil
}
