//go:build e2e

package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/render/names"
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

// TestNuRefusedNamesAreSpecial: each name zenv refuses for nushell (its
// names table) does not come back as written when set the plain way, in
// either case, while a neighbour (NAME_X) does. LAST_EXIT_CODE shows it
// after the next external command. Not shown here: CMD_DURATION_MS (set at
// the interactive prompt only) and NU_LIB_DIRS, NU_PLUGIN_DIRS (where
// nushell loads code from).
func TestNuRefusedNamesAreSpecial(t *testing.T) {
	nu := need(t, filepath.Join(cacheDir, nuBinary))
	ver := version(nu, "--version")
	var refused []string
	for _, r := range names.Nu.Rules {
		refused = append(refused, r.Names...)
	}
	for _, name := range refused {
		switch name {
		case "CMD_DURATION_MS", "NU_LIB_DIRS", "NU_PLUGIN_DIRS":
			continue
		}
		for _, n := range []string{name, strings.ToLower(name), name + "_X"} {
			f := write(t, t.TempDir(), 0, ".nu", "$env."+n+" = \"zv\"\n", nil).file
			out, err := peerTool(t, nil, nil, nu, "-n", "-c", "source '"+f+"'; ^true; ^env -0")
			kept := err == nil && parseEnv0(out)[n] == "zv"
			want := strings.HasSuffix(n, "_X") // only the neighbour is ordinary
			summary.record("nushell", ver, kept == want)
			if kept != want {
				t.Errorf("$env.%s = \"zv\": kept=%v (%v), want %v", n, kept, err, want)
			}
		}
	}
}
