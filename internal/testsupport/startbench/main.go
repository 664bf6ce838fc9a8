// Command startbench times whole-process runs of zenv against a hello-world
// Go binary built the same way in the same run, and prints the ratio of
// their medians; it fails when the ratio is above -max. Commands given with
// -also (direnv export bash, the peer that runs at every prompt) are timed
// in the same run and printed beside them, never gated; one that is not
// installed is said so and left out. `make bench` builds both binaries and
// runs it.
//
// The commands alternate, so drift in the machine's load hits all alike.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

func main() {
	runs := flag.Int("runs", 1000, "runs of each command")
	max := flag.Float64("max", 2.3, "fail when zenv's median exceeds this many times hello's")
	hello := flag.String("hello", "", "hello-world binary")
	var also [][]string
	flag.Func("also", "a `COMMAND` to time beside zenv, words split on spaces (repeatable; printed, not gated)", func(s string) error {
		also = append(also, strings.Fields(s))
		return nil
	})
	flag.Parse()
	zenv := flag.Args()
	if *hello == "" || len(zenv) == 0 {
		fmt.Fprintln(os.Stderr, "usage: startbench -hello BIN [-runs N] [-max R] [-also 'CMD ARGS'] -- ZENV ARGS...")
		os.Exit(2)
	}
	cmds := [][]string{{*hello}, zenv}
	for _, a := range also {
		if _, err := exec.LookPath(a[0]); err != nil {
			fmt.Printf("%-40s not installed, not measured\n", trim(strings.Join(a, " ")))
			continue
		}
		cmds = append(cmds, a)
	}
	for i := 0; i < 20; i++ { // warm the page cache
		for _, c := range cmds {
			run(c)
		}
	}
	wall := make([][]time.Duration, len(cmds))
	cpu := make([][]time.Duration, len(cmds))
	for i := 0; i < *runs; i++ {
		for j, c := range cmds {
			w, u := run(c)
			wall[j], cpu[j] = append(wall[j], w), append(cpu[j], u)
		}
	}
	hm, hc := median(wall[0]), median(cpu[0])
	h10 := pct(wall[0], 0.1)
	fmt.Printf("%-40s %24s  %16s  %16s\n", "", "wall: median, p90", "wall: p10", "cpu: median")
	for j, c := range cmds {
		m, u, p10 := median(wall[j]), median(cpu[j]), pct(wall[j], 0.1)
		fmt.Printf("%-40s %8s %8s %5.2fx  %8s %5.2fx  %8s %5.2fx\n", trim(strings.Join(c, " ")), m, pct(wall[j], 0.9), float64(m)/float64(hm),
			p10, float64(p10)/float64(h10), u, float64(u)/float64(hc))
	}
	ratio := float64(median(wall[1])) / float64(hm)
	fmt.Printf("ratio (zenv / hello-world medians): %.2f over %d runs each (target <= %.1f)\n", ratio, *runs, *max)
	if ratio > *max {
		fmt.Println("FAIL: zenv starts too slowly")
		os.Exit(1)
	}
}

// run runs c once and returns its wall time and its CPU time (user and
// system, all threads).
func run(c []string) (wall, cpu time.Duration) {
	cmd := exec.Command(c[0], c[1:]...)
	start := time.Now()
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", c[0], err)
		os.Exit(1)
	}
	return time.Since(start), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

func median(d []time.Duration) time.Duration { return pct(d, 0.5) }

func pct(d []time.Duration, p float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[int(float64(len(s)-1)*p)].Round(time.Microsecond)
}

func trim(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}
