package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// initCost is what one package's init did in one start, as
// GODEBUG=inittrace=1 reports it.
type initCost struct {
	clock  time.Duration
	bytes  int
	allocs int
}

// initBudget is what a package's init may allocate at every start. Bytes
// and allocations are the same in every run, so the budget is exact where
// clock time would be noise; a package that compiles a regexp or builds a
// table at init shows up in both.
type initBudget struct {
	bytes, allocs int
	why           string
}

// maxInitBytes bounds every init together: about 74 KB today, 101 KB with
// net/http and crypto/tls linked.
const maxInitBytes = 128 << 10

// defaultInitBudget holds every package not listed in initBudgets.
var defaultInitBudget = initBudget{bytes: 4 << 10, allocs: 64}

// initBudgets are the packages whose init is known to cost more, and why
// they are linked anyway. No clean cut exists for yaml.v3: Go runs the init
// of every linked package, the config file needs a YAML parser, and every
// maintained one compiles the same regexps (a fork or a vendored patch is
// not worth it); zenv only reads YAML when a config file exists.
var initBudgets = map[string]initBudget{
	"gopkg.in/yaml%2ev3":      {28 << 10, 300, "compiles two regexps at init (resolve.go, encode.go); the config file is YAML"},
	"mvdan.cc/sh/v3/fileutil": {16 << 10, 120, "compiles two regexps at init; zenv lint parses shell scripts"},
	"unicode":                 {12 << 10, 20, "builds the category and script tables regexp needs"},
	// net/http and crypto/tls, linked for doctor's HTTPS (issue 15 §4).
	"vendor/golang.org/x/net/http2/hpack": {8 << 10, 16, "builds the HPACK static table (net/http)"},
	"vendor/golang.org/x/sys/cpu":         {6 << 10, 16, "reads the CPU features (crypto/tls)"},
	"compress/flate":                      {5 << 10, 16, "builds its fixed Huffman tables (net/http)"},
	"net/http":                            {6 << 10, 64, "registers its default transport, client and error values"},
}

// TestStartupInitStaysWithinBudget runs the binary, built as make build
// and the release build it, as `zenv env bash` runs in every new shell, with
// GODEBUG=inittrace=1, and holds each package's init to its budget. It is
// the per-package companion of make bench's whole-process gate (2.3x a
// hello-world), and of TestStartupPathStaysLight.
func TestStartupInitStaysWithinBudget(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the budget is measured on Unix")
	}
	bin := filepath.Join(t.TempDir(), "zenv")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	costs, err := initTrace(bin)
	if err != nil {
		t.Fatal(err)
	}
	// No line read is no budget held: the trace's format changed, or the
	// run printed none.
	if len(costs) < 10 {
		t.Fatalf("GODEBUG=inittrace=1 gave %d init lines this test can read; adapt initTrace to the trace's format", len(costs))
	}
	var total initCost
	for pkg, c := range costs {
		total.bytes += c.bytes
		total.allocs += c.allocs
		total.clock += c.clock
		b, ok := initBudgets[pkg]
		if !ok {
			b = defaultInitBudget
			b.why = "is not known to need more"
		}
		if c.bytes > b.bytes || c.allocs > b.allocs {
			t.Errorf("%s's init allocates %d bytes in %d allocations at every start (%s), over its budget of %d bytes and %d allocations: keep the work out of init, or list it in initBudgets with why it must be there",
				pkg, c.bytes, c.allocs, c.clock, b.bytes, b.allocs)
		}
	}
	t.Logf("%d package inits: %d bytes, %d allocations, %s (clock, this run)", len(costs), total.bytes, total.allocs, total.clock)
	if total.bytes > maxInitBytes {
		t.Errorf("the package inits allocate %d bytes at every start, over the %d budget", total.bytes, maxInitBytes)
	}
}

// initTrace runs `zenv env bash` with GODEBUG=inittrace=1 and returns what
// each package's init cost. Lines look like
// "init gopkg.in/yaml%2ev3 @0.41 ms, 0.15 ms clock, 25720 bytes, 276 allocs".
func initTrace(bin string) (map[string]initCost, error) {
	cmd := exec.Command(bin, "env", "bash", "--no-config", "--url", "https://zenml.example.com", "--api-key-env", "ZENV_T_KEY")
	cmd.Env = []string{"GODEBUG=inittrace=1", "ZENV_T_KEY=ZENKEY_inittrace", "HOME=" + filepath.Dir(bin), "PATH=" + os.Getenv("PATH")}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, err
	}
	costs := map[string]initCost{}
	for _, line := range strings.Split(stderr.String(), "\n") {
		f := strings.Fields(line)
		if len(f) != 11 || f[0] != "init" || f[6] != "clock," || f[8] != "bytes," {
			continue
		}
		ms, err1 := strconv.ParseFloat(f[4], 64)
		bytes, err2 := strconv.Atoi(f[7])
		allocs, err3 := strconv.Atoi(f[9])
		if err1 != nil || err2 != nil || err3 != nil {
			continue
		}
		costs[f[1]] = initCost{clock: time.Duration(ms * float64(time.Millisecond)), bytes: bytes, allocs: allocs}
	}
	return costs, nil
}
