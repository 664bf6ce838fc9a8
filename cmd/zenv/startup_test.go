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
		// doctor links crypto/tls and crypto/x509 (their FIPS self-tests run
		// only with GODEBUG=fips140=on), but not net/http, whose init (the
		// bundled HTTP/2 tables, compress/gzip, mime) cost ~0.05x more in
		// make bench: internal/doctor has its own small HTTP/1.1 client.
		"net/http":                    "adds init cost to every start; doctor uses its own client",
		"mvdan.cc/sh/v3/syntax":       "is a test oracle, not part of the binary",
		"github.com/rhysd/actionlint": "is a test tool, not part of the binary",
	} {
		if deps[pkg] {
			t.Errorf("zenv imports %s, which %s", pkg, why)
		}
	}
}
