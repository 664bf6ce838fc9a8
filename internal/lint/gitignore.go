package lint

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Ignored paths come from git itself, `git status --porcelain --ignored`,
// run once per directory argument:
//   - it is git's own answer: nested .gitignore files, negations,
//     .git/info/exclude and core.excludesFile, and a tracked file is never
//     ignored, which no pattern matcher reproduces without the index;
//   - an ignored directory is listed once and not entered, so node_modules
//     or .venv cost nothing (`git ls-files --others --ignored --directory`
//     would be cheaper still, but it does not look for ignored files inside
//     untracked directories);
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
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, ""
	}
	top := workTreeTop(abs)
	if top == "" {
		return nil, ""
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// The tree may be anyone's (a pull request, a tarball), and its git
	// config can name programs: `git status` runs core.fsmonitor, and it
	// hashes changed files through the clean filters of .gitattributes.
	// ls-files --others reads no file's content, and fsmonitor and hooks
	// are switched off; --no-optional-locks: nothing is written.
	cmd := exec.CommandContext(ctx, "git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
		"--no-optional-locks", "-C", abs, "ls-files", "-z", "--others", "--ignored", "--exclude-standard",
		"--full-name", "--", ".")
	out := &cappedBuffer{max: maxGitOutput}
	cmd.Stdout = out
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	switch {
	case errors.Is(err, exec.ErrNotFound):
		return nil, "git not found: .gitignore not applied"
	case out.full:
		return nil, "git lists too many ignored paths: .gitignore not applied"
	case ctx.Err() != nil:
		return nil, "git took longer than " + timeout.String() + ": .gitignore not applied"
	case err != nil:
		return nil, "git status failed: .gitignore not applied"
	}
	// Porcelain paths are relative to the top of the work tree.
	prefix := ""
	if rel, err := filepath.Rel(top, abs); err == nil && rel != "." {
		prefix = filepath.ToSlash(rel) + "/"
	}
	ig := ignored{}
	for _, p := range bytes.Split(out.buf.Bytes(), []byte{0}) {
		if len(p) == 0 {
			continue
		}
		rel, inside := strings.CutPrefix(string(p), prefix)
		// An ignored root, or a parent of it, was named: it is linted.
		if inside && rel != "" {
			ig[rel] = true
		}
	}
	return ig, ""
}

// workTreeTop returns the directory at or above dir that holds .git (a
// directory, or a file in a linked work tree or submodule), or "".
func workTreeTop(dir string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
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
