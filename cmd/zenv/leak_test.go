package main

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"

	envcmd "github.com/zenv-dev/zenv/internal/cmd/env"
	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
	"github.com/zenv-dev/zenv/render"
)

// leaked reports whether text holds the marker key or its telling parts.
func leaked(text string) bool {
	return strings.Contains(text, "MARKER") || strings.Contains(text, "eyJpZCI6ICJNQVJLRVIi")
}

// TestAKeyGivenToAnyFlagNeverShows gives the marker key to every flag of
// zenv env that takes a value, in turn, for a shell and the CI targets: it
// must not reach stderr, and not the CI output that is meant to be
// committed. The flags come from the command itself, so a new flag is
// covered the day it is added.
func TestAKeyGivenToAnyFlagNeverShows(t *testing.T) {
	t.Setenv("ZK", "ZENKEY_eyJpZCI6ICJyZWFsIn0=")
	io, _, _, _ := teststreams.New()
	var flags []string
	envcmd.NewCmdEnv(&cmdutil.Factory{IOStreams: io}, nil).Flags().VisitAll(func(f *pflag.Flag) {
		if f.Value.Type() != "bool" {
			flags = append(flags, f.Name)
		}
	})
	if len(flags) < 10 {
		t.Fatalf("only %d flags found", len(flags))
	}
	for _, target := range []string{"bash", "github", "prefect"} {
		for _, flag := range flags {
			args := []string{"env", target, "--url", "https://zenml.example.com", "--api-key-env", "ZK"}
			switch flag {
			case "url", "api-key-env":
				args = append([]string{"env", target}, "--"+flag, marker)
				if flag == "url" {
					args = append(args, "--api-key-env", "ZK")
				} else {
					args = append(args, "--url", "https://zenml.example.com")
				}
			case "set":
				args = append(args, "--set", "NOTE="+marker)
			case "output":
				continue // a path, tested as a file below
			default:
				args = append(args, "--"+flag, marker)
			}
			code, stdout, stderr := zenv(t, "", args...)
			if leaked(stderr) {
				t.Errorf("%s --%s: stderr shows the key: %q", target, flag, stderr)
			}
			if leaked(stdout) {
				t.Errorf("%s --%s: the output meant to be committed holds the key (exit %d)", target, flag, code)
			}
		}
	}
	// The target name and a --set without = are echoed by parsers: the
	// redactor catches them.
	for _, args := range [][]string{
		{"env", marker},
		{"env", "bash", "--set", marker},
		{marker},
		{"help", marker},
		{"env", "bash", "--" + marker},
	} {
		_, _, stderr := zenv(t, "", args...)
		if leaked(stderr) || stderr == "" {
			t.Errorf("%v: stderr %q", args, stderr)
		}
	}
}

// TestAKeyInAnyConfigFieldNeverShows puts the marker in every field of a
// profile file in turn.
func TestAKeyInAnyConfigFieldNeverShows(t *testing.T) {
	t.Setenv("ZK", "ZENKEY_eyJpZCI6ICJyZWFsIn0=")
	fields := []string{"url", "verify_ssl", "project", "stack"}
	for _, s := range render.Settings() {
		fields = append(fields, s.Key)
	}
	lines := []string{}
	for _, f := range fields {
		lines = append(lines, "    "+f+": "+marker)
	}
	for _, src := range []string{"env", "file", "cmd"} {
		lines = append(lines, "    api_key: {"+src+": "+marker+"}")
	}
	lines = append(lines,
		"    env:\n      "+marker+": x",
		"    env:\n      NOTE: "+marker,
		"    env:\n      ZENML_LOGGING_VERBOSITY: "+marker,
	)
	for _, line := range lines {
		cfg := "default: p\nprofiles:\n  p:\n    url: https://zenml.example.com\n    api_key: {env: ZK}\n" + line + "\n"
		cfg = strings.Replace(cfg, "    url: https://zenml.example.com\n    url:", "    url:", 1)
		if strings.Contains(line, "api_key:") {
			cfg = strings.Replace(cfg, "    api_key: {env: ZK}\n", "", 1)
		}
		path := writeFile(t, "config.yaml", cfg)
		for _, target := range []string{"bash", "github", "prefect"} {
			code, stdout, stderr := zenv(t, "", "env", target, "--config", path)
			if leaked(stderr) {
				t.Errorf("%q, %s: stderr shows the key: %q", line, target, stderr)
			}
			if leaked(stdout) {
				t.Errorf("%q, %s: committed output holds the key (exit %d)", line, target, code)
			}
		}
	}
}
