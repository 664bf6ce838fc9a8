// Command lintbench times `zenv lint` against `gitleaks dir` on the same
// generated tree of files and prints the ratio of their medians. `make
// bench-lint` builds both and runs it; it fails above -max, because zenv
// looks for far less than gitleaks and should cost at most half as much.
//
// The tree is generated outside any git work tree (by default under the
// system's temporary directory): inside one, a .gitignore can hide it from
// zenv lint, which then reads nothing and wins the race (it did, for the
// repository's .cache/). Each tool's count of files and findings is
// printed, and the bench fails when zenv read fewer files than the tree
// holds or found nothing.
//
// The two commands alternate, so drift in the machine's load hits both.
// Each run has a timeout, and an exit code other than 0 or 1 (1 means
// "found something", which both will) fails the bench.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/zenv-dev/zenv/internal/lint"
)

func main() {
	dir := flag.String("dir", filepath.Join(os.TempDir(), "zenv-lintbench"), "tree to generate (if absent) and scan; outside any git work tree")
	files := flag.Int("files", 10000, "files in the tree")
	runs := flag.Int("runs", 5, "runs of each command")
	maxRatio := flag.Float64("max", 0.5, "fail when zenv's median exceeds this fraction of gitleaks'")
	zenv := flag.String("zenv", "", "zenv binary")
	gitleaks := flag.String("gitleaks", "", "gitleaks binary")
	timeout := flag.Duration("timeout", 5*time.Minute, "bound on one run")
	flag.Parse()
	if *dir == "" || *zenv == "" || *gitleaks == "" || *runs < 1 {
		fmt.Fprintln(os.Stderr, "usage: lintbench -dir DIR -zenv BIN -gitleaks BIN [-files N] [-runs N] [-max R]")
		os.Exit(2)
	}
	if err := outsideGit(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "lintbench:", err)
		os.Exit(2)
	}
	if err := ensureTree(*dir, *files); err != nil {
		fmt.Fprintln(os.Stderr, "lintbench:", err)
		os.Exit(1)
	}
	// gitleaks' default rules and the README's rule for ZenML keys, so
	// that both tools look for the keys.
	config := filepath.Join(*dir, ".lintbench-gitleaks.toml")
	if err := os.WriteFile(config, []byte("[extend]\nuseDefault = true\n\n"+lint.GitleaksRule), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "lintbench:", err)
		os.Exit(1)
	}
	treeFiles, err := countFiles(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lintbench:", err)
		os.Exit(1)
	}
	commands := []struct {
		name string
		argv []string
	}{
		{"zenv lint", []string{*zenv, "lint", "--format", "json", *dir}},
		{"gitleaks dir", []string{*gitleaks, "dir", "--no-banner", "--redact", "--log-level", "error", "--exit-code", "0", "--config", config, *dir}},
	}
	times := make([][]time.Duration, len(commands))
	for i := -1; i < *runs; i++ { // run -1 warms the page cache
		for c, cmd := range commands {
			d, err := timeRun(*timeout, cmd.argv)
			if err != nil {
				fmt.Fprintf(os.Stderr, "lintbench: %s: %v\n", cmd.name, err)
				os.Exit(1)
			}
			if i >= 0 {
				times[c] = append(times[c], d)
			}
		}
	}
	for c, cmd := range commands {
		fmt.Printf("%-14s median %8s  min %8s  (%d files, %d runs)\n", cmd.name,
			middle(times[c]).Round(time.Millisecond), slices.Min(times[c]).Round(time.Millisecond), *files, *runs)
	}
	z, err := zenvCounts(*timeout, commands[0].argv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lintbench: zenv lint:", err)
		os.Exit(1)
	}
	g, err := gitleaksCounts(*timeout, commands[1].argv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lintbench: gitleaks dir:", err)
		os.Exit(1)
	}
	fmt.Printf("tree           %d files in %s\n", treeFiles, *dir)
	fmt.Printf("zenv lint      read %d files (%d checked, %d skipped with a reason), %d findings\n", z.Files+len(z.Skipped), z.Files, len(z.Skipped), len(z.Findings))
	fmt.Printf("gitleaks dir   scanned %s, %d findings\n", g.scanned, g.findings)
	failed := false
	if n := z.Files + len(z.Skipped); n < treeFiles {
		fmt.Printf("FAIL: zenv lint read %d of the tree's %d files: the bench measured less than the tree\n", n, treeFiles)
		failed = true
	}
	if len(z.Findings) == 0 {
		fmt.Println("FAIL: zenv lint found nothing in a tree that holds wrong names and keys")
		failed = true
	}
	ratio := float64(middle(times[0])) / float64(middle(times[1]))
	fmt.Printf("ratio (zenv lint / gitleaks dir medians): %.2f (target <= %.2f)\n", ratio, *maxRatio)
	if ratio > *maxRatio {
		fmt.Println("FAIL: zenv lint is too slow next to gitleaks")
		failed = true
	}
	if failed {
		os.Exit(1)
	}
}

// outsideGit refuses a tree inside a git work tree, where .gitignore rules
// may hide its files from zenv lint (and not from gitleaks).
func outsideGit(dir string) error {
	at := dir
	for {
		if _, err := os.Stat(at); err == nil {
			break
		}
		parent := filepath.Dir(at)
		if parent == at {
			return nil
		}
		at = parent
	}
	out, err := exec.Command("git", "-C", at, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return nil // not in a work tree, or no git: nothing can ignore the files
	}
	return fmt.Errorf("%s is inside the git work tree %s, whose ignore rules can hide files from zenv lint; pick a -dir outside it",
		dir, strings.TrimSpace(string(out)))
}

// countFiles counts the regular files under dir.
func countFiles(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return err
	})
	return n, err
}

// lintReport is the part of zenv lint's JSON report the bench counts.
type lintReport struct {
	Findings []json.RawMessage `json:"findings"`
	Skipped  []json.RawMessage `json:"skipped"`
	Files    int               `json:"files"`
}

// zenvCounts runs zenv lint once more and reads its JSON report.
func zenvCounts(timeout time.Duration, argv []string) (lintReport, error) {
	var rep lintReport
	out, _, err := output(timeout, argv)
	if err != nil {
		return rep, err
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return rep, fmt.Errorf("reading its JSON report: %w", err)
	}
	return rep, nil
}

type leaks struct {
	scanned  string // gitleaks' own words, "~123 bytes (1.2 MB)"
	findings int
}

var scannedLine = regexp.MustCompile(`scanned (~?[0-9]+ bytes(?: \([^)]*\))?)`)

// gitleaksCounts runs gitleaks once more with a JSON report and its info
// log, which says how much it scanned (it counts bytes, not files).
func gitleaksCounts(timeout time.Duration, argv []string) (leaks, error) {
	report, err := os.CreateTemp("", "lintbench-gitleaks-*.json")
	if err != nil {
		return leaks{}, err
	}
	report.Close()
	defer os.Remove(report.Name())
	args := slices.Clone(argv[:len(argv)-1])
	for i, a := range args {
		if a == "error" && i > 0 && args[i-1] == "--log-level" {
			args[i] = "info"
		}
	}
	args = append(args, "--no-color", "--report-format", "json", "--report-path", report.Name(), argv[len(argv)-1])
	_, stderr, err := output(timeout, args)
	if err != nil {
		return leaks{}, err
	}
	var found []json.RawMessage
	data, err := os.ReadFile(report.Name())
	if err != nil {
		return leaks{}, err
	}
	if err := json.Unmarshal(data, &found); err != nil {
		return leaks{}, fmt.Errorf("reading its JSON report: %w", err)
	}
	l := leaks{scanned: "an unknown amount", findings: len(found)}
	if m := scannedLine.FindSubmatch(stderr); m != nil {
		l.scanned = string(m[1])
	}
	return l, nil
}

// output runs argv and returns its stdout and stderr; exit codes 0 and 1
// are results, anything else an error.
func output(timeout time.Duration, argv []string) ([]byte, []byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil
	}
	return stdout.Bytes(), stderr.Bytes(), err
}

// timeRun runs argv and times it; exit codes 0 and 1 are results,
// anything else an error.
func timeRun(timeout time.Duration, argv []string) (time.Duration, error) {
	start := time.Now()
	_, _, err := output(timeout, argv)
	return time.Since(start), err
}

func middle(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
