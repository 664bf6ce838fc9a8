//go:build unix

package run

import "syscall"

// Exec replaces zenv with argv[0], given argv as its arguments and env as
// its environment. It returns only when the command could not start, with
// an *ExitError (127 or 126).
func Exec(argv, env []string) error {
	path, err := resolve(argv)
	if err != nil {
		return err
	}
	// argv[0] stays as the user wrote it, as a shell passes it.
	err = syscall.Exec(path, argv, env)
	return cannotRun(argv[0], err)
}
