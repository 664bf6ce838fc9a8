// Command lintbench times `zenv lint` against `gitleaks dir` on the same
// generated tree of files and prints the ratio of their medians. `make
// bench-lint` builds both and runs it; it fails above -max, because zenv
// looks for far less than gitleaks and should cost at most half as much.
//
// The two commands alternate, so drift in the machine's load hits both.
// Each run has a timeout, and an exit code other than 0 or 1 (1 means
// "found something", which both will) fails the bench.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"time"
)

func main() {
	dir := flag.String("dir", "", "tree to generate (if absent) and scan")
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
	if err := ensureTree(*dir, *files); err != nil {
		fmt.Fprintln(os.Stderr, "lintbench:", err)
		os.Exit(1)
	}
	commands := []struct {
		name string
		argv []string
	}{
		{"zenv lint", []string{*zenv, "lint", "--format", "json", *dir}},
		{"gitleaks dir", []string{*gitleaks, "dir", "--no-banner", "--redact", "--log-level", "error", "--exit-code", "0", *dir}},
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
	ratio := float64(middle(times[0])) / float64(middle(times[1]))
	fmt.Printf("ratio (zenv lint / gitleaks dir medians): %.2f (target <= %.2f)\n", ratio, *maxRatio)
	if ratio > *maxRatio {
		fmt.Println("FAIL: zenv lint is too slow next to gitleaks")
		os.Exit(1)
	}
}

// timeRun runs argv with its output discarded; exit codes 0 and 1 are
// results, anything else an error.
func timeRun(timeout time.Duration, argv []string) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil
	}
	return d, err
}

func middle(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
