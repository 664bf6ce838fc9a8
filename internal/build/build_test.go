package build

import (
	"runtime/debug"
	"testing"
)

// TestVersionComesFromTheStampThenTheModuleThenDev: the release stamp wins,
// a go install build reports its module version and VCS stamps, a work-tree
// build without either says dev.
func TestVersionComesFromTheStampThenTheModuleThenDev(t *testing.T) {
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-11-25T20:00:00Z"}}
	for _, tc := range []struct {
		name                  string
		version, commit, date string
		bi                    *debug.BuildInfo
		want                  Info
	}{
		{"release stamp", "1.2.3", "fullsha", "2026-11-25T21:00:00Z",
			&debug.BuildInfo{Main: debug.Module{Version: "v9.9.9"}, Settings: vcs},
			Info{Version: "1.2.3", Commit: "fullsha", Date: "2026-11-25T21:00:00Z"}},
		{"go install of a tag", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}},
			Info{Version: "1.4.0"}},
		{"go install of a commit", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261125200000-abcdef123456"}},
			Info{Version: "0.0.0-20261125200000-abcdef123456"}},
		{"work tree with vcs stamps", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs},
			Info{Version: "dev", Commit: "abc123", Date: "2026-11-25T20:00:00Z"}},
		{"modified work tree", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: append(vcs, debug.BuildSetting{Key: "vcs.modified", Value: "true"})},
			Info{Version: "dev", Commit: "abc123-dirty", Date: "2026-11-25T20:00:00Z"}},
		{"make build stamps commit and date only", "", "fullsha", "2026-11-25T21:00:00Z",
			&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}},
			Info{Version: "dev", Commit: "fullsha", Date: "2026-11-25T21:00:00Z"}},
		{"no build info at all", "", "", "", nil, Info{Version: "dev"}},
		// Go 1.24+ stamps a work tree's build with a pseudo-version: make
		// build printed it while zenv version's help says "dev".
		{"make build in a clone (Go 1.24+ stamps a pseudo-version)", "", "fullsha", "2026-11-25T21:00:00Z",
			&debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261125200000-abc123456789"}, Settings: vcs},
			Info{Version: "dev", Commit: "fullsha", Date: "2026-11-25T21:00:00Z"}},
		{"work tree past a tag", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.4-0.20261125200000-abc123456789+dirty"}, Settings: vcs},
			Info{Version: "dev", Commit: "abc123", Date: "2026-11-25T20:00:00Z"}},
		{"modified work tree at a tag", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3+dirty"}, Settings: vcs},
			Info{Version: "dev", Commit: "abc123", Date: "2026-11-25T20:00:00Z"}},
		{"clean work tree at a tag", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}, Settings: vcs},
			Info{Version: "1.2.3", Commit: "abc123", Date: "2026-11-25T20:00:00Z"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := resolve(tc.version, tc.commit, tc.date, tc.bi)
			if got.GoVersion == "" || got.Platform == "" {
				t.Errorf("go version %q platform %q: want both", got.GoVersion, got.Platform)
			}
			got.GoVersion, got.Platform = "", ""
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestIsPseudoVersion(t *testing.T) {
	for v, want := range map[string]bool{
		"v0.0.0-20261125200000-abcdef123456":        true,
		"v1.2.4-0.20261125200000-abcdef123456":      true,
		"v1.3.0-rc.1.0.20261125200000-abcdef123456": true,
		"v0.0.0-20261125200000-abcdef123456+dirty":  true,
		"v1.2.3":                             false,
		"v1.2.3-rc.1":                        false,
		"v1.2.3+dirty":                       false,
		"(devel)":                            false,
		"v1.2.3-20261125200000":              false,
		"v0.0.0-2026112520000x-abcdef123456": false,
	} {
		if got := isPseudoVersion(v); got != want {
			t.Errorf("isPseudoVersion(%q) = %v, want %v", v, got, want)
		}
	}
}
