//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/internal/zenml"
)

// zenmlScan is what testdata/zenml_env_scan.py found in the installed
// zenml package: every ZENML_ variable it reads, where, and the prefixes
// whose every name it reads.
type zenmlScan struct {
	Version      string              `json:"version"`
	Names        map[string][]string `json:"names"`
	Prefixes     map[string][]string `json:"prefixes"`
	FieldReaders []string            `json:"field_readers"`
}

// TestZenvClassifiesEveryNameZenMLReads scans the installed, pinned zenml
// package for every ZENML_ variable it reads (os.getenv, os.environ[...] and
// .get, ENV_* constants anywhere, pydantic settings prefixes, and the
// ZENML_<field> and ZENML_STORE_<field> readers of global_config.py) and
// checks zenv's table (internal/zenml, Name) against it: every name the
// package reads must be classified (client setting, server-only or
// internal), every prefix it reads must be mapped, and every name zenv
// calls a client setting must still be read. A name zenv calls a mistake
// (ZENML_ACTIVE_WORKSPACE_ID, say) that the client reads again fails too.
func TestZenvClassifiesEveryNameZenMLReads(t *testing.T) {
	py := need(t, filepath.Join(cacheDir, "venv-zenml", "bin", "python"))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, filepath.Join("testdata", "zenml_env_scan.py"))
	start := time.Now()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("scan the zenml package: %v (is zenml installed in %s?)", err, filepath.Dir(filepath.Dir(py)))
	}
	var scan zenmlScan
	if err := json.Unmarshal(out, &scan); err != nil {
		t.Fatalf("scan output: %v", err)
	}
	t.Logf("zenml %s: %d names, %d prefixes, scanned in %s", scan.Version, len(scan.Names), len(scan.Prefixes), time.Since(start).Round(time.Millisecond))
	// A scanner that finds nothing would pass everything.
	for _, must := range []string{zenml.StoreURL, zenml.StoreAPIKey, zenml.ProAPIURL, "ZENML_ANALYTICS_OPT_IN", "ZENML_SERVER"} {
		if _, ok := scan.Names[must]; !ok {
			t.Fatalf("the scan missed %s, which zenml %s reads: the scanner is broken", must, scan.Version)
		}
	}
	peer := "zenml names"
	for _, name := range slices.Sorted(maps.Keys(scan.Names)) {
		info := zenml.Name(name)
		ok := info.Class == zenml.Client || info.Class == zenml.Server || info.Class == zenml.Internal
		summary.record(peer, scan.Version, ok)
		if !ok {
			t.Errorf("zenml %s reads %s (%s), which zenv calls %s: classify it in internal/zenml/names.go",
				scan.Version, name, strings.Join(scan.Names[name], ", "), info.Class)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(scan.Prefixes)) {
		ok := slices.Contains(scan.FieldReaders, p) || slices.ContainsFunc(zenml.ServerPrefixes(), func(sp string) bool { return strings.HasPrefix(p, sp) })
		summary.record(peer, scan.Version, ok)
		if !ok {
			t.Errorf("zenml %s reads every name starting %s (%s): map its fields in testdata/zenml_env_scan.py, or add the prefix to serverPrefixes in internal/zenml/names.go",
				scan.Version, p, strings.Join(scan.Prefixes[p], ", "))
		}
	}
	for _, name := range zenml.ClientNames() {
		_, ok := scan.Names[name]
		summary.record(peer, scan.Version, ok)
		if !ok {
			t.Errorf("zenv calls %s a client setting, but zenml %s no longer reads it", name, scan.Version)
		}
	}
}
