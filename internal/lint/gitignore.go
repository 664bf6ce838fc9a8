package lint

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Ignored paths come from git itself, `git ls-files --others --ignored
// --exclude-standard --directory`, run once per directory argument:
//   - it is git's own answer: nested .gitignore files, negations,
//     .git/info/exclude and core.excludesFile, and a tracked file is never
//     ignored, which no pattern matcher reproduces without the index;
//   - one call lists an ignored directory once without entering it, so
//     node_modules or .venv cost nothing;
//   - it adds no dependency (go-git's matcher alone drags twenty modules
//     into go.mod).
// Outside a git work tree nothing is "git-ignored", so git is not run. When
// git is missing, fails or is slow, the walk goes on without ignores and
// says so in a note.

// maxGitOutput bounds what is read from git.
const maxGitOutput = 16 << 20

// ignored is the set of paths git ignores under one root, relative to it,
// with "/" separators; directories end in "/".
type ignored map[string]bool

func (ig ignored) has(rel string, dir bool) bool {
	if len(ig) == 0 {
		return false
	}
	rel = filepath.ToSlash(rel)
	if dir {
		rel += "/"
	}
	return ig[rel]
}

// gitIgnored lists the ignored paths under root, and a note when it could
// not.
func gitIgnored(ctx context.Context, root string, timeout time.Duration) (ignored, string) {
	if !insideGitWorkTree(root) {
		return nil, ""
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", "-C", root, "ls-files", "-z",
		"--others", "--ignored", "--exclude-standard", "--directory", "--no-empty-directory")
	out := &cappedBuffer{max: maxGitOutput}
	cmd.Stdout = out
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	switch {
	case errors.Is(err, exec.ErrNotFound):
		return nil, "git not found: .gitignore not applied"
	case out.full:
		return nil, "git lists too many ignored paths: .gitignore not applied"
	case ctx.Err() != nil:
		return nil, "git took longer than " + timeout.String() + ": .gitignore not applied"
	case err != nil:
		return nil, "git ls-files failed: .gitignore not applied"
	}
	ig := ignored{}
	for _, p := range bytes.Split(out.buf.Bytes(), []byte{0}) {
		// "./" means root itself is ignored: it was named, so it is linted.
		if len(p) > 0 && string(p) != "./" {
			ig[string(p)] = true
		}
	}
	return ig, ""
}

// insideGitWorkTree reports whether root or a parent holds .git.
func insideGitWorkTree(root string) bool {
	dir, err := filepath.Abs(root)
	if err != nil {
		return false
	}
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
	}
}

// cappedBuffer keeps at most max bytes and then fails the writer, which
// stops git with a broken pipe.
type cappedBuffer struct {
	buf  bytes.Buffer
	max  int
	full bool
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if c.buf.Len()+len(p) > c.max {
		c.full = true
		return 0, errors.New("output too large")
	}
	return c.buf.Write(p)
}
