// Command startbench times whole-process runs of zenv against a hello-world
// Go binary built the same way in the same run, and prints the ratio of
// their medians. `make bench` builds both and runs it.
//
// The two commands alternate, so drift in the machine's load hits both.
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
	max := flag.Float64("max", 2.0, "fail when zenv's median exceeds this many times hello's")
	hello := flag.String("hello", "", "hello-world binary")
	flag.Parse()
	zenv := flag.Args()
	if *hello == "" || len(zenv) == 0 {
		fmt.Fprintln(os.Stderr, "usage: startbench -hello BIN [-runs N] [-max R] -- ZENV ARGS...")
		os.Exit(2)
	}
	for i := 0; i < 20; i++ { // warm the page cache
		run(*hello)
		run(zenv[0], zenv[1:]...)
	}
	var h, z []time.Duration
	for i := 0; i < *runs; i++ {
		h = append(h, run(*hello))
		z = append(z, run(zenv[0], zenv[1:]...))
	}
	hm, zm := median(h), median(z)
	ratio := float64(zm) / float64(hm)
	fmt.Printf("%-40s median %8s  p90 %8s\n", "hello-world", hm, pct(h, 0.9))
	fmt.Printf("%-40s median %8s  p90 %8s\n", trim(strings.Join(zenv, " ")), zm, pct(z, 0.9))
	fmt.Printf("ratio (zenv / hello-world medians): %.2f over %d runs each (target <= %.1f)\n", ratio, *runs, *max)
	if ratio > *max {
		fmt.Println("FAIL: zenv starts too slowly")
		os.Exit(1)
	}
}

func run(name string, args ...string) time.Duration {
	start := time.Now()
	if err := exec.Command(name, args...).Run(); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
	return time.Since(start)
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
