//go:build !unix

package fsutil

import "os"

// keepOwner has nothing to keep on Windows: a new file inherits the
// folder's ACL.
func keepOwner(tmp *os.File, like os.FileInfo) error { return nil }

// Links returns 1: zenv does not look for hard links on Windows.
func Links(fi os.FileInfo) uint64 { return 1 }
