// Package run starts a command with a profile's variables in its
// environment: no quoting, no shell, arguments passed as given. On Unix zenv
// becomes the command (execve: same pid, signals reach it directly, its exit
// status is the caller's); on Windows, which has no exec, zenv starts it,
// survives Ctrl-C while the console delivers it to the command, and exits
// with the command's code. Exit codes follow the shells: 127 when the
// command is not found, 126 when it is found but cannot run.
package run

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
)

// Exit codes of a command that did not run, as POSIX shells report them.
const (
	ExitNotFound  = 127
	ExitCannotRun = 126
)

var errNoCommand = errors.New("no command to run; put it after --, as in zenv run -p prod -- python flow.py")

// ExitError ends zenv with Code. Err, when not nil, is the one line to
// print (it names the command, never a value of the environment); a nil
// Err means the command ran and its code is all there is to say.
//
// internal/cmd/run maps it onto cmdutil's errors: an ExitError with a
// message, or a SilentError for the command's own code. Any other error
// from this package is zenv's own (exit 2).
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("the command exited with code %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// resolve returns the file argv[0] names, or an *ExitError.
// Resolve finds the command as Exec will, so a caller can report a missing
// command (127) or one that cannot run (126) before it prints anything else.
func Resolve(argv []string) error {
	_, err := resolve(argv)
	return err
}

func resolve(argv []string) (string, error) {
	if len(argv) == 0 {
		return "", errNoCommand // a usage error: zenv's own
	}
	return lookPath(argv[0])
}

// lookPath finds argv[0] as a shell would, and says why not in the shells'
// terms. It uses zenv's own PATH, as exec.Command does.
func lookPath(name string) (string, error) {
	if name == "" {
		return "", &ExitError{ExitNotFound, errors.New(`the command name is empty; put the command after --`)}
	}
	path, err := exec.LookPath(name)
	switch {
	case err == nil:
		return path, nil
	case errors.Is(err, exec.ErrDot):
		// Go refuses a command found through a relative PATH entry ("." or
		// an empty one), so that a file in the current directory cannot pose
		// as a system command; zenv follows.
		return "", &ExitError{ExitCannotRun, fmt.Errorf("%q was found only as %s, through a relative directory in PATH, which zenv does not run; give its path (./%s) or fix PATH", name, path, name)}
	case errors.Is(err, exec.ErrNotFound):
		if p := notExecutableInPath(name); p != "" {
			return "", &ExitError{ExitCannotRun, fmt.Errorf("cannot run %q: %s is not executable; chmod +x it", name, p)}
		}
		return "", &ExitError{ExitNotFound, fmt.Errorf("command %q not found in PATH; check its name, or give its path", name)}
	case errors.Is(err, fs.ErrNotExist):
		return "", &ExitError{ExitNotFound, fmt.Errorf("%q does not exist; check the path", name)}
	}
	return "", cannotRun(name, errors.Unwrap(err))
}

// notExecutableInPath returns a file named name in PATH that exists but is
// not executable, which LookPath skips silently. A shell would report it
// (126, permission denied), so zenv does too. Only called on failure.
func notExecutableInPath(name string) string {
	if strings.ContainsAny(name, `/\`) {
		return ""
	}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// cannotRun is the 126 error for a command that was found but did not
// start, with a hint for the causes users meet.
func cannotRun(name string, err error) *ExitError {
	hint := ""
	switch {
	case errors.Is(err, syscall.ENOEXEC):
		hint = "; a script needs a #! line, and a binary must be built for this system"
	case errors.Is(err, fs.ErrNotExist):
		// execve reports ENOENT for a file that exists when its #!
		// interpreter (or dynamic loader) does not.
		hint = "; its #! interpreter or loader is missing"
	case errors.Is(err, fs.ErrPermission):
		hint = "; make it executable (chmod +x) and check its directories"
	}
	return &ExitError{ExitCannotRun, fmt.Errorf("cannot run %q: %v%s", name, err, hint)}
}
