//go:build darwin

package shelldetect

import (
	"bytes"
	"context"
	"os/exec"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// psTimeout bounds ps: a slow process table must not hang a new shell.
const psTimeout = 300 * time.Millisecond

// RunPS returns the command name of pid. The kernel's process table
// (sysctl kern.proc.pid, what ps itself reads) answers in microseconds
// without a fork; ps is the fallback when that fails.
func (OS) RunPS(pid int) (string, error) {
	if kp, err := unix.SysctlKinfoProc("kern.proc.pid", pid); err == nil {
		comm := kp.Proc.P_comm[:]
		if i := bytes.IndexByte(comm, 0); i >= 0 {
			comm = comm[:i]
		}
		if len(comm) > 0 {
			return string(comm), nil
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), psTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "ps", "-o", "comm=", "-p", strconv.Itoa(pid)).Output()
	return string(bytes.TrimSpace(out)), err
}

func (OS) Ancestors(int) ([]string, error) { return nil, errUnsupported }
