//go:build !unix

package lint

import "os"

// openNoFollow opens a file for reading. Outside Unix there is no
// O_NOFOLLOW; the walk has already refused links.
func openNoFollow(path string) (*os.File, error) {
	return os.Open(path)
}
