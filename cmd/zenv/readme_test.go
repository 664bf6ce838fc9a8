package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// readmeConfig is the profile file the README's examples assume: prod, dev
// and ci, with keys from environment variables the test sets.
const readmeConfig = `default: prod
profiles:
  dev:
    url: http://localhost:8237
    api_key: {env: ZENML_DEV_KEY}
  prod:
    url: https://zenml.example.com
    api_key: {env: ZENML_PROD_KEY}
    env:
      ZENML_LOGGING_VERBOSITY: INFO
  ci:
    url: https://zenml.example.com
    api_key: {env: ZENML_CI_KEY}
    github_secret: ZENML_CI_KEY
`

// readmeCommand is one command of a README block marked for testing.
type readmeCommand struct {
	line int    // in README.md
	cmd  string // continuation lines joined
	exit int    // the exit code the block's marker expects
}

// readmeCommands returns the commands of every fenced block whose info
// string holds the word "test" (```sh test, or ```sh test exit=2 for a
// block whose every command must fail with that code). A command is a line,
// or lines joined by a trailing backslash; blank and comment lines are
// skipped.
func readmeCommands(readme []byte) ([]readmeCommand, int, error) {
	var cmds []readmeCommand
	blocks := 0
	in, marked, exit := false, false, 0
	var pending *readmeCommand
	sc := bufio.NewScanner(bytes.NewReader(readme))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") {
			if in {
				if pending != nil {
					return nil, 0, fmt.Errorf("README.md:%d: a block ends inside a continued command", n)
				}
				in, marked = false, false
				continue
			}
			in = true
			words := strings.Fields(strings.TrimPrefix(trimmed, "```"))
			exit = 0
			for i, w := range words {
				if w == "test" && i > 0 {
					marked = true
				}
				if v, ok := strings.CutPrefix(w, "exit="); ok && marked {
					code, err := strconv.Atoi(v)
					if err != nil {
						return nil, 0, fmt.Errorf("README.md:%d: bad marker %q", n, w)
					}
					exit = code
				}
			}
			if marked {
				blocks++
			}
			continue
		}
		if !in || !marked {
			continue
		}
		if pending == nil {
			if trimmed == "" || strings.HasPrefix(trimmed, "#") {
				continue
			}
			pending = &readmeCommand{line: n, exit: exit}
		}
		if body, ok := strings.CutSuffix(line, `\`); ok {
			pending.cmd += body + " "
			continue
		}
		pending.cmd += line
		cmds = append(cmds, *pending)
		pending = nil
	}
	return cmds, blocks, sc.Err()
}

// TestReadmeCommandsRun runs every command of the README's marked blocks
// with the built zenv on PATH, in a fresh HOME holding readmeConfig, and
// checks its exit code, so the README cannot promise what zenv does not do.
// A command that should succeed must also print no zenv error: `eval
// "$(zenv ...)"` exits 0 even when zenv fails.
func TestReadmeCommandsRun(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	cmds, blocks, err := readmeCommands(readme)
	if err != nil {
		t.Fatal(err)
	}
	if blocks < 3 || len(cmds) < 5 {
		t.Fatalf("found %d marked blocks with %d commands; the README's ```sh test markers are gone", blocks, len(cmds))
	}
	bin := buildZenv(t)
	home := t.TempDir()
	confDir := filepath.Join(home, ".config", "zenv")
	if err := os.MkdirAll(confDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(confDir, "config.yaml"), []byte(readmeConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"PATH=" + filepath.Dir(bin) + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "LC_ALL=C.UTF-8",
		"ZENML_PROD_KEY=" + marker, "ZENML_DEV_KEY=" + marker, "ZENML_CI_KEY=" + marker,
	}
	for _, c := range cmds {
		t.Run(fmt.Sprintf("README.md:%d", c.line), func(t *testing.T) {
			sh := exec.Command("bash", "-o", "pipefail", "-c", c.cmd)
			sh.Env, sh.Dir = env, t.TempDir()
			var stdout, stderr bytes.Buffer
			sh.Stdout, sh.Stderr = &stdout, &stderr
			err := sh.Run()
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != c.exit {
				t.Errorf("%s\nexit %d, want %d\nstderr: %s", c.cmd, code, c.exit, stderr.String())
			}
			if c.exit == 0 {
				for _, l := range strings.Split(stderr.String(), "\n") {
					if strings.HasPrefix(l, "zenv: ") && !strings.HasPrefix(l, "zenv: warning: ") {
						t.Errorf("%s\nzenv failed inside the command: %s", c.cmd, l)
					}
				}
			}
		})
	}
}

// TestReadmeMarkersAreRead: the block parser itself, so a marker typo
// cannot silently test nothing.
func TestReadmeMarkersAreRead(t *testing.T) {
	md := "text\n```sh\nnot tested\n```\n```sh test\n# comment\nzenv a \\\n  --b\n\nzenv c\n```\n```sh test exit=2\nzenv d\n```\n"
	cmds, blocks, err := readmeCommands([]byte(md))
	if err != nil {
		t.Fatal(err)
	}
	want := []readmeCommand{{7, "zenv a    --b", 0}, {10, "zenv c", 0}, {13, "zenv d", 2}}
	if blocks != 2 || fmt.Sprint(cmds) != fmt.Sprint(want) {
		t.Errorf("got %d blocks %v, want 2 %v", blocks, cmds, want)
	}
}
