package lint

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	zlint "github.com/zenv-dev/zenv/internal/lint"
	"github.com/zenv-dev/zenv/internal/testsupport/cmdtest"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
	"github.com/zenv-dev/zenv/internal/textsafe"
)

func TestLintFlagsFillOptions(t *testing.T) {
	io, _, _, _ := teststreams.New()
	var got *LintOptions
	cmd := NewCmdLint(&cmdutil.Factory{IOStreams: io}, func(o *LintOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--format", "sarif", "a.yaml", "dir"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Format != "sarif" || strings.Join(got.Paths, ",") != "a.yaml,dir" {
		t.Errorf("options: %+v", got)
	}
}

// TestLintExitCodes runs the real command: findings are exit 1 with the
// findings on stdout, a clean file exit 0, bad usage exit 2 with nothing
// on stdout.
func TestLintExitCodes(t *testing.T) {
	const tree = "../../lint/testdata/tree/"
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a substring, "" for empty
	}{
		{"the seed's recipe", []string{tree + "seed/prefect.yaml"}, cmdutil.ExitFailure,
			"seed/prefect.yaml:14:11: ZL001 ZenML does not read ZENML_URL; did you mean ZENML_STORE_URL?\n"},
		{"json", []string{"--format", "json", tree + "seed"}, cmdutil.ExitFailure, `"rule": "ZL002"`},
		{"sarif", []string{"--format", "sarif", tree + "seed"}, cmdutil.ExitFailure, `"ruleId": "ZL002"`},
		{"a clean file", []string{tree + "zl005-pull-step-secret/good/prefect.yaml"}, cmdutil.ExitOK, ""},
		{"info only", []string{tree + "zl009-unread-name"}, cmdutil.ExitOK, "ZL009"},
		{"an unknown format", []string{"--format", "xml", tree}, cmdutil.ExitInput, ""},
		{"a missing path", []string{tree + "no-such-file"}, cmdutil.ExitInput, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, stdout, _ := cmdtest.Factory(t, func(string) string { return "" })
			cmd := NewCmdLint(f, nil)
			cmd.SetArgs(tt.args)
			cmd.SilenceErrors, cmd.SilenceUsage = true, true
			err := cmd.Execute()
			if got := cmdutil.ExitCode(err); got != tt.code {
				t.Errorf("exit code %d, want %d (err %v)", got, tt.code, err)
			}
			if tt.stdout == "" && tt.code == cmdutil.ExitInput && stdout.Len() != 0 {
				t.Errorf("bad usage wrote to stdout: %q", stdout)
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout %q does not hold %q", stdout, tt.stdout)
			}
		})
	}
}

func TestHelpListsEveryRule(t *testing.T) {
	io, _, _, _ := teststreams.New()
	long := NewCmdLint(&cmdutil.Factory{IOStreams: io}, nil).Long
	for _, r := range zlint.Rules {
		if !strings.Contains(long, r.ID+"  "+string(r.Level)) {
			t.Errorf("zenv lint --help does not list %s", r.ID)
		}
	}
}

// TestFileNamesCannotBecomeCommandsOrEscapes: lint's text output and its
// skip notices escape a file name's controls, so a name holding a newline
// and "::error file=...::" is not a GitHub annotation, and one holding a
// terminal escape does not reach the terminal. JSON keeps the name exact.
func TestFileNamesCannotBecomeCommandsOrEscapes(t *testing.T) {
	dir := t.TempDir()
	names := []string{
		"a\n::error file=evil.yml,line=1::pwned\n.env",
		"b\x1b]0;owned\x07\x1b[2J.env",
		"c\u202e\u2028.env",
	}
	for _, n := range names {
		// One finding (ZL001) and, in a second file, one skip (binary).
		if err := os.WriteFile(filepath.Join(dir, n), []byte("ZENML_URL=https://zenml.example.com\n"), 0o644); err != nil {
			t.Skipf("this file system refuses the name %q: %v", n, err)
		}
		if err := os.WriteFile(filepath.Join(dir, n+".bin"), []byte("x\x00y"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, stdout, stderr := cmdtest.Factory(t, func(string) string { return "" })
	cmd := NewCmdLint(f, nil)
	cmd.SetArgs([]string{dir})
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	if err := cmd.Execute(); cmdutil.ExitCode(err) != cmdutil.ExitFailure {
		t.Fatalf("exit %d (%v), want findings", cmdutil.ExitCode(err), err)
	}
	for name, out := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String()} {
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != len(names) {
			t.Errorf("%s: %d lines, want one per file:\n%s", name, len(lines), out)
		}
		for _, l := range lines {
			if strings.HasPrefix(strings.TrimSpace(l), "::") || textsafe.Escape(l) != l {
				t.Errorf("%s: unsafe line %q", name, l)
			}
		}
		if !strings.Contains(out, `a\n::error file=evil.yml,line=1::pwned\n.env`) || !strings.Contains(out, `b\x1b]0;owned\x07\x1b[2J.env`) ||
			!strings.Contains(out, `c\u202e\u2028.env`) {
			t.Errorf("%s does not show the names escaped:\n%s", name, out)
		}
	}
	var rep zlint.Report
	f, stdout, _ = cmdtest.Factory(t, func(string) string { return "" })
	cmd = NewCmdLint(f, nil)
	cmd.SetArgs([]string{"--format", "json", dir})
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	_ = cmd.Execute()
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != len(names) || !strings.Contains(rep.Findings[0].Path, "\n::error") {
		t.Errorf("json should keep names exact: %+v", rep.Findings)
	}
}

// eventLog records, in order, what lintRun did: the warnings flushed, the
// report written and each notice, so a test can check their order.
type eventLog struct{ events []string }

func (l *eventLog) Write(p []byte) (int, error) {
	l.events = append(l.events, "report")
	return len(p), nil
}

// TestLintRunFlushesWarningsBeforeTheReportAndNoticesSkipsOnlyInText calls
// lintRun directly with fake dependencies: queued warnings go out before
// the report (never after it), skipped files are noticed after it in text,
// and json and sarif carry the skips in the report instead.
func TestLintRunFlushesWarningsBeforeTheReportAndNoticesSkipsOnlyInText(t *testing.T) {
	// Two files lint skips (binary, unparsable) and, in finding/, one
	// finding.
	dir := t.TempDir()
	for name, body := range map[string]string{
		"skips/blob.bin":     "x\x00y",
		"skips/broken.sh":    "#!/bin/sh\nexport ZENML_STORE_URL='unclosed\n",
		"finding/.env":       "ZENML_URL=https://zenml.example.com\n",
		"finding/clean.yaml": "a: 1\n",
	} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		format string
		path   string
		want   string // the events, in order, joined by ","
		code   int
	}{
		{"text", "skips", "flush,report,notice,notice", cmdutil.ExitOK},
		{"json", "skips", "flush,report", cmdutil.ExitOK},
		{"sarif", "skips", "flush,report", cmdutil.ExitOK},
		{"text", "finding", "flush,report", cmdutil.ExitFailure},
		{"json", "finding", "flush,report", cmdutil.ExitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.format+"/"+tt.path, func(t *testing.T) {
			io, _, _, _ := teststreams.New()
			log := &eventLog{}
			io.Out = log
			var notices []string
			opts := &LintOptions{
				IO:            io,
				FlushWarnings: func() { log.events = append(log.events, "flush") },
				Notice:        func(m string) { log.events = append(log.events, "notice"); notices = append(notices, m) },
				Paths:         []string{filepath.Join(dir, tt.path)},
				Format:        tt.format,
			}
			err := lintRun(context.Background(), opts)
			if got := cmdutil.ExitCode(err); got != tt.code {
				t.Errorf("exit %d, want %d (%v)", got, tt.code, err)
			}
			if got := strings.Join(log.events, ","); got != tt.want {
				t.Errorf("events %s, want %s (notices %q)", got, tt.want, notices)
			}
			for _, n := range notices {
				if !strings.HasPrefix(n, "skipped ") {
					t.Errorf("notice %q is not a skip", n)
				}
			}
		})
	}
}
