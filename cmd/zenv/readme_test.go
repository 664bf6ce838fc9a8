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

	"github.com/zenv-dev/zenv/render"
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

// docKey is a well-formed ZenML key (the golden fixtures' own), so the
// documented doctor runs pass the key's shape check.
const docKey = "ZENKEY_eyJpZCI6ICIzYTJlOWQ0Mi0xYjZjLTRlMGEtOWM1Ni0yZjhkN2U0YjFhMDAiLCAia2V5IjogIjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYifQ=="

// docFiles are the pages whose marked blocks are run: the README, which
// starts from no config file at all (its quick start creates every profile
// it uses), and CONTRIBUTING.md and docs/, which assume readmeConfig. The
// generated command reference (docs/commands) marks no block.
func docFiles(t *testing.T) (readme string, others []string) {
	t.Helper()
	top := filepath.Join("..", "..")
	for _, pattern := range []string{"CONTRIBUTING.md", "docs/*.md", "docs/*/*.md"} {
		m, err := filepath.Glob(filepath.Join(top, pattern))
		if err != nil {
			t.Fatal(err)
		}
		others = append(others, m...)
	}
	if len(others) < 5 {
		t.Fatalf("found %d documentation pages: %v", len(others), others)
	}
	return filepath.Join(top, "README.md"), others
}

// TestReadmeCommandsRun runs every command of the marked blocks of the
// README and every documentation page with the built zenv on PATH, in a
// fresh HOME per page, and checks its exit code, so no page can promise
// what zenv does not do. A command that should succeed must also print no
// zenv error: `eval "$(zenv ...)"` exits 0 even when zenv fails.
func TestReadmeCommandsRun(t *testing.T) {
	readme, others := docFiles(t)
	bin := buildZenv(t)
	for _, page := range append([]string{readme}, others...) {
		config := readmeConfig
		if page == readme {
			config = ""
		}
		name, _ := filepath.Rel(filepath.Join("..", ".."), page)
		t.Run(name, func(t *testing.T) { runDocBlocks(t, bin, page, config) })
	}
}

func runDocBlocks(t *testing.T, bin, page, config string) {
	text, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	cmds, blocks, err := readmeCommands(text)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(page, filepath.Join("..", "..", "README.md")) && (blocks < 3 || len(cmds) < 5) {
		t.Fatalf("found %d marked blocks with %d commands; the README's ```sh test markers are gone", blocks, len(cmds))
	}
	home := t.TempDir()
	confDir := filepath.Join(home, ".config", "zenv")
	if err := os.MkdirAll(confDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if config != "" {
		if err := os.WriteFile(filepath.Join(confDir, "config.yaml"), []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// zenv on PATH is a wrapper that notes every run zenv refused (exit 2):
	// inside eval "$(...)" or a pipeline a refusal does not fail the line.
	wrap := t.TempDir()
	refusals := filepath.Join(wrap, "refusals")
	script := "#!/bin/bash\n" + strconv.Quote(bin) + ` "$@"; rc=$?; [ $rc -eq 2 ] && printf '%s\n' "zenv $*" >> ` + strconv.Quote(refusals) + "\nexit $rc\n"
	if err := os.WriteFile(filepath.Join(wrap, "zenv"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"PATH=" + wrap + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "LC_ALL=C.UTF-8",
		"ZENML_PROD_KEY=" + docKey,
	}
	if config != "" {
		// readmeConfig's profiles read these; the README starts from no
		// config and must say where each key it uses is (only $ZENML_PROD_KEY).
		env = append(env, "ZENML_DEV_KEY="+docKey, "ZENML_CI_KEY="+docKey)
	}
	for _, c := range cmds {
		t.Run(fmt.Sprintf("line %d", c.line), func(t *testing.T) {
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
			refused, _ := os.ReadFile(refusals)
			os.Remove(refusals)
			if c.exit == 0 && len(refused) > 0 {
				t.Errorf("%s\nzenv refused inside the command: %s\nstderr: %s", c.cmd, refused, stderr.String())
			}
		})
	}
}

// TestReadmeIsShort: the README is for a newcomer's first five minutes;
// everything else goes to docs/ (issue 18).
func TestReadmeIsShort(t *testing.T) {
	readme, _ := docFiles(t)
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("\n")); n > 300 {
		t.Errorf("README.md has %d lines; keep it at 300 or fewer and move the rest to docs/", n)
	}
}

// TestEveryTargetHasItsPage: docs/targets/NAME.md for every target of the
// registry, and the index links each.
func TestEveryTargetHasItsPage(t *testing.T) {
	index, err := os.ReadFile(filepath.Join("..", "..", "docs", "targets", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range render.Targets {
		if _, err := os.Stat(filepath.Join("..", "..", "docs", "targets", tg.Name+".md")); err != nil {
			t.Errorf("target %s has no docs/targets/%s.md", tg.Name, tg.Name)
		}
		if !strings.Contains(string(index), "("+tg.Name+".md)") {
			t.Errorf("docs/targets/README.md does not link %s.md", tg.Name)
		}
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
