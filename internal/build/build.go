// Package build says which zenv this is. The release build stamps the
// variables with -ldflags "-X"; a `go install module@version` build leaves
// them empty and Read takes the module version and VCS stamps from the
// binary's own build information instead. Nothing here runs at package
// init: `zenv env` starts in every new shell and never asks.
package build

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// Stamped by goreleaser (goreleaser.yaml) and make build:
//
//	-X github.com/zenv-dev/zenv/internal/build.Version=1.2.3
//	-X github.com/zenv-dev/zenv/internal/build.Commit=<full sha>
//	-X github.com/zenv-dev/zenv/internal/build.Date=<RFC 3339>
var (
	Version string
	Commit  string
	Date    string
)

// Info is what `zenv version` prints.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	Date      string `json:"date"`
	GoVersion string `json:"go"`
	Platform  string `json:"platform"`
}

// Read returns the stamped values, filling what the linker did not set from
// the build information Go embeds in every binary.
func Read() Info {
	bi, _ := debug.ReadBuildInfo()
	return resolve(Version, Commit, Date, bi)
}

// resolve is Read with its inputs given, so every combination is testable.
func resolve(version, commit, date string, bi *debug.BuildInfo) Info {
	info := Info{Version: version, Commit: commit, Date: date, GoVersion: runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi != nil {
		// "(devel)" is a build from a work tree; a go install of a tagged
		// module has "v1.2.3", of an untagged commit a pseudo-version.
		// Since Go 1.24 a build in a work tree (make build, go build,
		// go install ./cmd/zenv) stamps a pseudo-version too, or the tag
		// with "+dirty": such a build is "dev", as zenv version's help
		// says; its commit is reported beside it. Only a clean, tagged
		// work tree keeps its tag.
		fromWorkTree := false
		for _, s := range bi.Settings {
			fromWorkTree = fromWorkTree || s.Key == "vcs.revision"
		}
		v := bi.Main.Version
		if fromWorkTree && (isPseudoVersion(v) || strings.Contains(v, "+dirty")) {
			v = ""
		}
		if info.Version == "" && v != "" && v != "(devel)" {
			info.Version = v
		}
		modified := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if info.Commit == "" {
					info.Commit = s.Value
				}
			case "vcs.time":
				if info.Date == "" {
					info.Date = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && commit == "" && info.Commit != "" {
			info.Commit += "-dirty"
		}
	}
	// goreleaser's {{ .Version }} has no "v"; go install's has one. Print
	// one spelling whichever way zenv was built.
	info.Version = strings.TrimPrefix(info.Version, "v")
	if info.Version == "" {
		info.Version = "dev"
	}
	return info
}

// isPseudoVersion reports whether v is a Go pseudo-version: it ends, before
// any +metadata, in a 14-digit UTC time and a 12-hex-digit commit
// (v0.0.0-20261125200000-abcdef123456, v1.2.4-0.2026...-..., v1.3.0-rc.1.2026...-...).
func isPseudoVersion(v string) bool {
	v, _, _ = strings.Cut(v, "+")
	i := strings.LastIndexByte(v, '-')
	if i < 15 || len(v)-i-1 != 12 || strings.Trim(v[i+1:], "0123456789abcdef") != "" {
		return false
	}
	ts := v[i-14 : i]
	return strings.Trim(ts, "0123456789") == "" && (v[i-15] == '-' || v[i-15] == '.')
}
