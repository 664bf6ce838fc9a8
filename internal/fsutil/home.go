package fsutil

import (
	"os"
	"runtime"
	"strings"
)

// ExpandHome replaces a leading ~ or ~/ with the home directory ($HOME as
// getenv gives it, else the system's), the one way zenv reads ~ in a
// config path, a key file or a CA bundle.
func ExpandHome(path string, getenv func(string) string) string {
	if path != "~" && !strings.HasPrefix(path, "~/") {
		return path
	}
	if getenv != nil {
		if home := getenv("HOME"); home != "" {
			return home + path[1:]
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		return home + path[1:]
	}
	return path
}

// OthersCanRead reports whether group or others may read a file (never on
// Windows, whose ACLs the mode does not show).
func OthersCanRead(fi os.FileInfo) bool {
	return runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0
}
