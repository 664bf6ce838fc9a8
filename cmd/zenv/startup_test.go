package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestStartupPathStaysLight keeps packages with costly init out of the
// binary: `zenv env` runs in every new shell, and the benchmark holds it to
// 2.3x a hello-world binary (TestStartupInitStaysWithinBudget holds each
// package's init). Each of these once cost a measurable share.
func TestStartupPathStaysLight(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := map[string]bool{}
	for _, d := range strings.Fields(string(out)) {
		deps[d] = true
	}
	for pkg, why := range map[string]string{
		"github.com/Masterminds/semver/v3": "compiles regexps at init (0.45 ms)",
		// Measured with make bench (Nov 2026, load ~3): linking crypto/tls
		// for zenv doctor took zenv env from 1.91x to 2.09x a hello-world
		// (~60 page faults, edwards25519 decompressing two points at init);
		// a blank import of net/http alone added 0.13x. doctor speaks
		// HTTP/1.1 itself and leaves TLS to python3 (internal/doctor).
		"crypto/tls": "costs 0.2x at every start; doctor's https goes through python3",
		"net/http":   "adds init cost to every start; doctor uses its own client",
		// No template calls a sprig function, and text/template vets each
		// of its ~100 names at every render: 0.15M instructions a start.
		"github.com/go-task/slim-sprig/v3": "costs 0.1x at every start for functions no template calls",
		// mvdan.cc/sh/v3/syntax is linked since zenv lint parses scripts;
		// its fileutil compiles two regexps at init, 0.035 ms measured.
		"mvdan.cc/sh/v3/interp":                   "runs shells; zenv only parses them",
		"mvdan.cc/sh/v3/expand":                   "expands shell words; zenv only parses them",
		"github.com/rhysd/actionlint":             "is a test tool, not part of the binary",
		"github.com/spf13/cobra/doc":              "writes man pages; internal/tools/mangen runs it at release time",
		"github.com/cpuguy83/go-md2man/v2/md2man": "renders man pages for cobra/doc, never needed at run time",
	} {
		if deps[pkg] {
			t.Errorf("zenv imports %s, which %s", pkg, why)
		}
	}
}
