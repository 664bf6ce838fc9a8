package shelldetect

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
)

// fake is a System read from maps; a missing entry is an error.
type fake struct {
	ppid      int
	env       map[string]string
	links     map[string]string
	files     map[string]string
	ps        map[int]string
	ancestors []string
}

func (f fake) Getppid() int              { return f.ppid }
func (f fake) Getenv(name string) string { return f.env[name] }
func (f fake) ReadLink(p string) (string, error) {
	if v, ok := f.links[p]; ok {
		return v, nil
	}
	return "", fs.ErrPermission
}
func (f fake) ReadFile(p string) ([]byte, error) {
	if v, ok := f.files[p]; ok {
		return []byte(v), nil
	}
	return nil, fs.ErrNotExist
}
func (f fake) RunPS(pid int) (string, error) {
	if v, ok := f.ps[pid]; ok {
		return v, nil
	}
	return "", errors.New("no such process")
}
func (f fake) Ancestors(depth int) ([]string, error) {
	if f.ancestors == nil {
		return nil, errors.New("snapshot failed")
	}
	return f.ancestors[:min(depth, len(f.ancestors))], nil
}

func TestTargetMapsShellNames(t *testing.T) {
	tests := map[string]string{
		"bash": "bash", "-bash": "bash", "/usr/bin/bash": "bash", "/opt/homebrew/bin/bash": "bash",
		"zsh": "zsh", "-zsh": "zsh", "/bin/zsh": "zsh", "zsh-5.9": "zsh", "zsh5": "zsh",
		"fish": "fish", "/usr/bin/fish": "fish",
		"sh": "sh", "dash": "sh", "/usr/bin/dash": "sh", "ash": "sh", "busybox": "sh", "ksh93": "sh", "mksh": "sh", "yash": "sh",
		"tcsh": "tcsh", "csh": "tcsh", "-tcsh": "tcsh",
		"nu": "nu", "nu.exe": "nu",
		"pwsh": "powershell", "pwsh.exe": "powershell", "powershell.exe": "powershell", "POWERSHELL.EXE": "powershell",
		"cmd.exe": "cmd", "CMD.EXE": "cmd", `C:\Program Files\PowerShell\7\pwsh.exe`: "powershell",
		"bash.exe": "bash", // Git Bash on Windows
		"python3":  "", "sudo": "", "make": "", "": "", "-": "", "explorer.exe": "", "zenv": "", "env": "",
	}
	for name, want := range tests {
		if got := Target(name); got != want {
			t.Errorf("Target(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestDetectOnLinuxReadsTheParentFromProc(t *testing.T) {
	tests := []struct {
		name string
		sys  fake
		want string // Shell.String(), or the error's text
	}{
		{"eval in bash: the subshell is bash",
			fake{ppid: 42, links: map[string]string{"/proc/42/exe": "/usr/bin/bash"}, env: map[string]string{"SHELL": "/usr/bin/zsh"}},
			"bash (parent process /usr/bin/bash)"},
		{"dash started as sh: the link names dash",
			fake{ppid: 42, links: map[string]string{"/proc/42/exe": "/usr/bin/dash"}, files: map[string]string{"/proc/42/comm": "sh\n"}},
			"sh (parent process /usr/bin/dash)"},
		{"a shell upgraded while it runs",
			fake{ppid: 42, links: map[string]string{"/proc/42/exe": "/usr/bin/zsh (deleted)"}},
			"zsh (parent process /usr/bin/zsh)"},
		{"busybox sh",
			fake{ppid: 42, links: map[string]string{"/proc/42/exe": "/bin/busybox"}, files: map[string]string{"/proc/42/comm": "sh\n"}},
			"sh (parent process /bin/busybox)"},
		{"the link unreadable: comm",
			fake{ppid: 42, files: map[string]string{"/proc/42/comm": "fish\n"}, env: map[string]string{"SHELL": "/bin/bash"}},
			"fish (parent process fish)"},
		{"a wrapper's link, a shell's comm",
			fake{ppid: 42, links: map[string]string{"/proc/42/exe": "/nix/store/x-fish/bin/.fish-wrapped"}, files: map[string]string{"/proc/42/comm": "fish\n"}},
			"fish (parent process fish)"},
		{"the parent is not a shell: $SHELL",
			fake{ppid: 42, links: map[string]string{"/proc/42/exe": "/usr/bin/make"}, files: map[string]string{"/proc/42/comm": "make\n"}, env: map[string]string{"SHELL": "/usr/bin/fish"}},
			"fish ($SHELL /usr/bin/fish)"},
		{"no /proc: $SHELL",
			fake{ppid: 42, env: map[string]string{"SHELL": "/bin/zsh"}},
			"zsh ($SHELL /bin/zsh)"},
		{"pid 1 in a container: $SHELL",
			fake{ppid: 0, env: map[string]string{"SHELL": "/bin/sh"}},
			"sh ($SHELL /bin/sh)"},
		{"nothing known",
			fake{ppid: 42, links: map[string]string{"/proc/42/exe": "/usr/bin/python3.12"}, files: map[string]string{"/proc/42/comm": "python3\n"}},
			`cannot tell which shell runs zenv (parent process "/usr/bin/python3.12", $SHELL "")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkDetect(t, tt.sys, "linux", tt.want)
		})
	}
}

func TestDetectOnMacOSAsksPS(t *testing.T) {
	tests := []struct {
		name string
		sys  fake
		want string
	}{
		{"login zsh", fake{ppid: 7, ps: map[int]string{7: "-zsh\n"}, env: map[string]string{"SHELL": "/bin/bash"}}, "zsh (parent process -zsh)"},
		{"a path", fake{ppid: 7, ps: map[int]string{7: "/opt/homebrew/bin/fish"}}, "fish (parent process /opt/homebrew/bin/fish)"},
		{"ps fails: $SHELL", fake{ppid: 7, env: map[string]string{"SHELL": "/bin/zsh"}}, "zsh ($SHELL /bin/zsh)"},
		{"launchd is no shell", fake{ppid: 1, ps: map[int]string{1: "launchd"}, env: map[string]string{"SHELL": "/bin/bash"}}, "bash ($SHELL /bin/bash)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkDetect(t, tt.sys, "darwin", tt.want)
		})
	}
}

func TestDetectOnWindowsWalksTwoAncestors(t *testing.T) {
	tests := []struct {
		name      string
		ancestors []string
		want      string
	}{
		{"pwsh", []string{"pwsh.exe", "explorer.exe"}, "powershell (parent process pwsh.exe)"},
		{"windows powershell", []string{"powershell.exe"}, "powershell (parent process powershell.exe)"},
		{"a shim in between", []string{"zenv-shim.exe", "pwsh.exe"}, "powershell (grandparent process pwsh.exe)"},
		{"cmd under pwsh is cmd", []string{"cmd.exe", "pwsh.exe"}, "cmd (parent process cmd.exe)"},
		{"git bash", []string{"bash.exe", "mintty.exe"}, "bash (parent process bash.exe)"},
		{"unknown: cmd", []string{"python.exe", "Code.exe"}, "cmd (default on Windows)"},
		{"no snapshot: cmd", nil, "cmd (default on Windows)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// $SHELL is not consulted on Windows: MSYS sets it in every
			// process it starts, whichever shell the user runs.
			checkDetect(t, fake{ppid: 9, ancestors: tt.ancestors, env: map[string]string{"SHELL": "/usr/bin/zsh"}}, "windows", tt.want)
		})
	}
}

func TestDetectElsewhereUsesSHELL(t *testing.T) {
	checkDetect(t, fake{ppid: 42, links: map[string]string{"/proc/42/exe": "/usr/bin/zsh"}, env: map[string]string{"SHELL": "/usr/local/bin/bash"}}, "freebsd", "bash ($SHELL /usr/local/bin/bash)")
}

func checkDetect(t *testing.T, sys fake, goos, want string) {
	t.Helper()
	sh, err := detect(sys, goos)
	got := sh.String()
	if err != nil {
		got = err.Error()
		if !errors.Is(err, ErrUnknown) {
			t.Errorf("error %v is not ErrUnknown", err)
		}
	}
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestDetectHereFindsATargetOrSaysWhyNot runs the real system: go test's
// parent is not a shell, but the answer must be a target or ErrUnknown.
func TestDetectHereFindsATargetOrSaysWhyNot(t *testing.T) {
	sh, err := Detect(OS{})
	if err == nil && Target(sh.Target) == "" {
		t.Errorf("Detect = %+v, not a known target", sh)
	}
	if err != nil && !strings.Contains(err.Error(), "cannot tell") {
		t.Errorf("Detect: %v", err)
	}
}

// BenchmarkDetect measures detection on this machine: it runs in every new
// shell, so on Linux it must stay in microseconds.
func BenchmarkDetect(b *testing.B) {
	if _, err := os.Stat("/proc/self/exe"); err != nil {
		b.Skip("no /proc")
	}
	for b.Loop() {
		Detect(OS{})
	}
}
