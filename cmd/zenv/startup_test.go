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
	// doctor (and push) speak HTTPS with Go's own net/http and crypto/tls
	// (internal/httpclient): the python3 relay and the hand-written HTTP
	// client they replaced saved 0.2 ms a start and cost a second language,
	// a TLS verdict that was not the client's, and proxy credentials in
	// clear (issue 15). They must stay linked, not be worked around again.
	for _, pkg := range []string{"crypto/tls", "net/http"} {
		if !deps[pkg] {
			t.Errorf("zenv does not link %s: internal/httpclient is its one HTTP client", pkg)
		}
	}
}
