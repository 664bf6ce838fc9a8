package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestStartupPathStaysLight keeps packages with costly init out of the
// binary: `zenv env` runs in every new shell, and the benchmark holds it to
// 2x a hello-world binary. Each of these once cost a measurable share.
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
		"crypto/x509":                      "pulls in crypto self-tests at init",
		// mvdan.cc/sh/v3/syntax is linked since zenv lint parses scripts;
		// its fileutil compiles two regexps at init, 0.035 ms measured.
		"mvdan.cc/sh/v3/interp":       "runs shells; zenv only parses them",
		"mvdan.cc/sh/v3/expand":       "expands shell words; zenv only parses them",
		"github.com/rhysd/actionlint": "is a test tool, not part of the binary",
	} {
		if deps[pkg] {
			t.Errorf("zenv imports %s, which %s", pkg, why)
		}
	}
}
