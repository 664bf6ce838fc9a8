// Package shelldetect tells which shell runs zenv, so `zenv env` can pick
// its target. The shell that evaluates zenv's output is zenv's parent: for
// `eval "$(zenv env)"` the command substitution is a fork of the user's
// shell (bash, zsh, dash) or the shell itself (fish's `| source`), so the
// parent's executable is the shell's. The parent is read where that is
// cheap (/proc on Linux, the process table on macOS and Windows); $SHELL,
// the login shell, is the fallback, since the shell running now may be
// another. Detection runs in .bashrc, so it costs microseconds on Linux.
package shelldetect

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
)

// System is what detection reads; tests replace it.
type System interface {
	Getppid() int
	Getenv(name string) string
	// ReadLink and ReadFile read /proc on Linux; ReadFile is bounded.
	ReadLink(path string) (string, error)
	ReadFile(path string) ([]byte, error)
	// RunPS returns what `ps -o comm= -p PID` prints: macOS.
	RunPS(pid int) (string, error)
	// Ancestors returns the executable names of the parent, grandparent,
	// ...: Windows.
	Ancestors(depth int) ([]string, error)
}

// Shell is the detected shell.
type Shell struct {
	Target string // a zenv target: bash, zsh, sh, fish, tcsh, nu, powershell, cmd
	Name   string // what it was read from: "/usr/bin/zsh", "pwsh.exe", "/bin/bash"
	From   string // "parent process", "grandparent process", "$SHELL" or "default"
}

// String is the note `zenv env` prints: zsh (parent process /usr/bin/zsh).
func (s Shell) String() string {
	if s.Name == "" {
		return s.Target + " (" + s.From + ")"
	}
	return s.Target + " (" + s.From + " " + s.Name + ")"
}

// targets maps a shell's executable name, normalized, to the zenv target
// that reads back exactly in it. Every POSIX shell gets sh: plain single
// quotes are exact in all of them, while $'...' is not in dash, busybox ash
// and posh. csh is tcsh on most systems, and setenv is spelled alike.
var targets = map[string]string{
	"bash":           "bash",
	"zsh":            "zsh",
	"fish":           "fish",
	"sh":             "sh",
	"dash":           "sh",
	"ash":            "sh",
	"busybox":        "sh", // multi-call binary; zenv's parent is its shell
	"hush":           "sh",
	"ksh":            "sh",
	"mksh":           "sh",
	"pdksh":          "sh",
	"oksh":           "sh",
	"loksh":          "sh",
	"posh":           "sh",
	"yash":           "sh",
	"tcsh":           "tcsh",
	"csh":            "tcsh",
	"nu":             "nu",
	"pwsh":           "powershell",
	"powershell":     "powershell",
	"powershell_ise": "powershell",
	"cmd":            "cmd",
}

// Target returns the zenv target for a shell's executable name or path
// ("-bash", "/usr/bin/zsh-5.9", "PWSH.EXE"), or "" when it is not a shell
// zenv knows.
func Target(name string) string {
	return targets[normalize(name)]
}

// normalize reduces an executable name to the shell's plain name: the base
// name, without a login shell's leading "-", case, ".exe", or a version
// ("zsh-5.9", "ksh93", "zsh5").
func normalize(name string) string {
	name = strings.TrimSpace(name)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToLower(strings.TrimPrefix(name, "-"))
	name = strings.TrimSuffix(name, ".exe")
	return strings.TrimRight(name, "0123456789.-")
}

// ErrUnknown is returned when neither the parent process nor $SHELL is a
// shell zenv knows.
var ErrUnknown = errors.New("cannot tell which shell runs zenv")

// Detect returns the shell that runs zenv.
func Detect(sys System) (Shell, error) {
	return detect(sys, runtime.GOOS)
}

func detect(sys System, goos string) (Shell, error) {
	var parent string
	switch goos {
	case "windows":
		return fromAncestors(sys), nil
	case "linux", "android":
		parent = fromProc(sys)
	case "darwin":
		if ppid := sys.Getppid(); ppid > 1 {
			parent, _ = sys.RunPS(ppid)
			parent = strings.TrimSpace(parent)
		}
	}
	if t := Target(parent); t != "" {
		return Shell{Target: t, Name: parent, From: "parent process"}, nil
	}
	login := sys.Getenv("SHELL")
	if t := Target(login); t != "" {
		return Shell{Target: t, Name: login, From: "$SHELL"}, nil
	}
	return Shell{}, fmt.Errorf("%w (parent process %q, $SHELL %q)", ErrUnknown, parent, login)
}

// fromProc reads the parent's executable from /proc: the link exe, then
// the name comm when the link cannot be read (a parent of another user, as
// under sudo) or is not a shell.
func fromProc(sys System) string {
	ppid := sys.Getppid()
	if ppid < 1 {
		return "" // zenv is pid 1 in a container: no parent shell
	}
	dir := "/proc/" + strconv.Itoa(ppid) + "/"
	exe, err := sys.ReadLink(dir + "exe")
	// A shell upgraded while it runs links to "/usr/bin/bash (deleted)".
	exe = strings.TrimSuffix(exe, " (deleted)")
	if err == nil && Target(exe) != "" {
		return exe
	}
	comm, cerr := sys.ReadFile(dir + "comm")
	if c := strings.TrimSpace(string(comm)); cerr == nil && Target(c) != "" {
		return c
	}
	if err == nil {
		return exe
	}
	return strings.TrimSpace(string(comm))
}

// fromAncestors picks the first of the parent and grandparent that is a
// shell. The grandparent counts because zenv is often started through a
// shim (scoop, a package manager's launcher). cmd is the default: it is
// the shell of a batch file and of FOR /f, and PowerShell users run zenv
// from PowerShell itself.
func fromAncestors(sys System) Shell {
	names, _ := sys.Ancestors(2)
	for i, n := range names {
		if t := Target(n); t != "" {
			from := "parent process"
			if i > 0 {
				from = "grandparent process"
			}
			return Shell{Target: t, Name: n, From: from}
		}
	}
	return Shell{Target: "cmd", From: "default on Windows"}
}
