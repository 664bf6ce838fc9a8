//go:build windows

package shelldetect

import (
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

func (OS) RunPS(int) (string, error) { return "", errUnsupported }

// Ancestors returns the executable names of up to depth ancestors, from one
// snapshot of the process table (CreateToolhelp32Snapshot), which costs
// about a millisecond and no child process.
func (OS) Ancestors(depth int) ([]string, error) {
	snap, err := windows.CreateToolhelp32Snapshot(windows.TH32CS_SNAPPROCESS, 0)
	if err != nil {
		return nil, err
	}
	defer windows.CloseHandle(snap)
	type proc struct {
		parent uint32
		name   string
	}
	procs := map[uint32]proc{}
	var e windows.ProcessEntry32
	e.Size = uint32(unsafe.Sizeof(e))
	for err = windows.Process32First(snap, &e); err == nil; err = windows.Process32Next(snap, &e) {
		procs[e.ProcessID] = proc{e.ParentProcessID, windows.UTF16ToString(e.ExeFile[:])}
	}
	var names []string
	pid := uint32(os.Getppid())
	for len(names) < depth {
		p, ok := procs[pid]
		if !ok {
			break
		}
		names = append(names, p.name)
		if p.parent == pid {
			break
		}
		pid = p.parent
	}
	return names, nil
}
