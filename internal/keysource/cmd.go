package keysource

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/zenv-dev/zenv/render/quote"
)

var cmdKind = Kind{
	Name: "cmd", Flag: "api-key-cmd", Metavar: "CMD",
	Usage: "read the api key from the stdout of shell `COMMAND` (op read ..., pass show ...)",
	New:   func(ref, origin string) Source { return Command{Line: ref, From: origin} },
}

// Command reads the key from a shell command's standard output: a secret
// manager's CLI (op read, pass show, vault kv get).
type Command struct{ Line, From string }

func (s Command) Kind() string     { return "cmd" }
func (s Command) Origin() string   { return s.From }
func (s Command) Describe() string { return "command " + fmt.Sprintf("%q", s.Line) }

// ShellCommand runs the command as zenv does: one sh -c, so a pipe or ; in
// it stays inside it instead of splitting the pipe into gh.
func (s Command) ShellCommand() (string, error) {
	q, err := quote.Bash(s.Line)
	if err != nil {
		return "", fmt.Errorf("the key command cannot be written for a shell: %w", err)
	}
	return "sh -c " + q, nil
}

func (s Command) Read(ctx context.Context, sys System) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, sys.Timeout)
	defer cancel()
	var c *exec.Cmd
	if runtime.GOOS == "windows" {
		c = exec.CommandContext(ctx, "cmd", "/C", s.Line)
	} else {
		c = exec.CommandContext(ctx, "/bin/sh", "-c", s.Line)
	}
	ownGroup(c)
	// A command that forks a child keeping stdout open would hold the pipe
	// past its own exit; WaitDelay ends the wait.
	c.WaitDelay = 500 * time.Millisecond
	c.Stdin = sys.Stdin
	// On a terminal the command may prompt (a password manager), so its
	// stderr goes there. Otherwise it is kept, and its first line joins
	// zenv's one-line error if it fails.
	var said limitedBuffer
	said.onOver = func() {}
	if sys.StderrTTY {
		c.Stderr = sys.Stderr
	} else {
		c.Stderr = &said
	}
	out := limitedBuffer{onOver: cancel} // more output than a key: stop it now
	c.Stdout = &out
	err := c.Run()
	switch {
	case out.over:
		return nil, fmt.Errorf("api key: command %q (from %s) printed more than %d KiB, which is not an api key", s.Line, s.From, MaxKeyBytes>>10)
	case errors.Is(err, exec.ErrWaitDelay):
		return nil, fmt.Errorf("api key: command %q (from %s) exited but left a process holding its output open; make it wait for its children or close its output", s.Line, s.From)
	case ctx.Err() == context.DeadlineExceeded:
		return nil, fmt.Errorf("api key: command %q (from %s) did not finish within %s; run it yourself to see why, or raise --api-key-timeout", s.Line, s.From, sys.Timeout)
	case err != nil:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = fmt.Errorf("exit status %d", ee.ExitCode())
		}
		if first := firstLine(said.Bytes()); first != "" {
			err = fmt.Errorf("%w, saying %q", err, first)
		}
		return nil, fmt.Errorf("api key: command %q (from %s) failed: %w; run it yourself to see why", s.Line, s.From, err)
	}
	return out.Bytes(), nil
}

// limitedBuffer keeps the first MaxKeyBytes+1 bytes and notes the rest.
// It must not embed bytes.Buffer: io.Copy would find the embedded ReadFrom
// and read without limit, past Write.
type limitedBuffer struct {
	buf    bytes.Buffer
	over   bool
	onOver func()
}

func (b *limitedBuffer) Bytes() []byte { return b.buf.Bytes() }

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := MaxKeyBytes + 1 - b.buf.Len(); room < len(p) {
		if !b.over {
			b.onOver()
		}
		b.over = true
		if room > 0 {
			b.buf.Write(p[:room])
		}
		return len(p), nil
	}
	return b.buf.Write(p)
}

// firstLine is the first non-blank line of b, cut to 200 bytes.
func firstLine(b []byte) string {
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			if len(l) > 200 {
				l = l[:200] + "..."
			}
			return l
		}
	}
	return ""
}
