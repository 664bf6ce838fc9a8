//go:build unix

package keysource

import (
	"os/exec"
	"syscall"
)

// ownGroup starts the key command in a process group of its own, so that
// on a time-out the whole group ends: `sh -c 'op read ...'` forks, and
// killing sh alone would leave the hung child behind at every shell start.
func ownGroup(c *exec.Cmd) {
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	c.Cancel = func() error {
		if c.Process == nil {
			return nil
		}
		return syscall.Kill(-c.Process.Pid, syscall.SIGKILL)
	}
}
