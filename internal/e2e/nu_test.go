//go:build e2e

package e2e

import (
	"path/filepath"
	"testing"

	"github.com/zenv-dev/zenv/render/quote"
)

// nuBinary is the nushell binary the npm package ships for linux-x64.
var nuBinary = filepath.Join("nu", "node_modules", "@nushell", "linux-x64", "bin", "nu")

// TestNuRoundTrip: nushell (the npm package's prebuilt binary) sources
// zenv's file, and an external command it runs sees every value exactly.
func TestNuRoundTrip(t *testing.T) {
	nu := need(t, filepath.Join(cacheDir, nuBinary))
	readers := []reader{{"nushell", version(nu, "--version"), perFile(func(t *testing.T, f string) (map[string]string, error) {
		out, err := peerTool(t, nil, nil, nu, "-n", "-c", "source '"+f+"'; ^env -0")
		if err != nil {
			return nil, err
		}
		return parseEnv0(out), nil
	})}}
	proveTarget(t, targetProof{target: "nu", quote: quote.Nu, batch: 250, ext: ".nu", readers: readers})
}

// TestNuUnsetRemovesEveryClientVariable sources --unset output in nushell.
func TestNuUnsetRemovesEveryClientVariable(t *testing.T) {
	nu := need(t, filepath.Join(cacheDir, nuBinary))
	proveUnset(t, "nu", "nushell", version(nu, "--version"), func(t *testing.T, f string, env []string) (map[string]string, error) {
		out, err := peerTool(t, env, nil, nu, "-n", "-c", "source '"+f+"'; ^env -0")
		return parseEnv0(out), err
	})
}
