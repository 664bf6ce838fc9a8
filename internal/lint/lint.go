// Package lint finds, in files, the mistakes that make a ZenML client miss
// its server: names the client does not read, Prefect steps whose variables
// never reach the flow run, literal keys, values the client rejects. It is
// the file-side twin of zenv doctor (issue #9).
//
// Run walks the paths it is given, reads every file with a bound, and checks
// each in parallel; the report is sorted, so the output does not depend on
// scheduling. The package links no network code and does no work at init:
// it is linked into the binary whose `zenv env` start-up is benchmarked.
package lint

import (
	"cmp"
	"context"
	"runtime"
	"slices"
	"time"

	"github.com/zenv-dev/zenv/internal/redact"
)

// Level is how much a finding matters. Only warning and error fail a run.
type Level string

const (
	Error   Level = "error"
	Warning Level = "warning"
	Info    Level = "info"
)

// Exit codes of `zenv lint`, kept here so the command and its tests agree.
const (
	ExitClean    = 0 // no finding at warning level or above
	ExitFindings = 1 // at least one warning or error
	ExitUsage    = 2 // bad usage: an unknown flag or format, a path that does not exist
)

// DefaultMaxFileSize is the largest file read. Larger files are skipped with
// a note: configuration and scripts are far smaller, and the bound keeps a
// stray disk image from costing the whole run.
const DefaultMaxFileSize = 4 << 20

// binarySniff is how much of a file is searched for a NUL byte, git's rule
// for "binary" (xdiff's buffer_is_binary looks at the first 8000 bytes).
const binarySniff = 8 << 10

// Finding is one mistake at one place. Line and Col are 1-based; Col counts
// Unicode code points, as SARIF's "unicodeCodePoints" column kind does.
type Finding struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Rule    string `json:"rule"`
	Level   Level  `json:"level"`
	Message string `json:"message"`
	Fix     string `json:"fix"` // the rule's fix, for readers of JSON
	// Code is the internal/zenml problem code behind the finding, when one
	// is: env and doctor report the same problem by the same code.
	Code string `json:"code,omitempty"`
}

// Skip is a file that was not checked, and why: binary, too large,
// unreadable, unparsable, a symbolic link. Skips never fail a run.
type Skip struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Report is the result of a run, sorted.
type Report struct {
	Findings []Finding `json:"findings"`
	Skipped  []Skip    `json:"skipped"`
	Files    int       `json:"files"` // files checked, skips excluded
}

// ExitCode is ExitFindings when any finding is a warning or an error.
func (r Report) ExitCode() int {
	for _, f := range r.Findings {
		if f.Level != Info {
			return ExitFindings
		}
	}
	return ExitClean
}

// Options tunes a run. The zero value is ready to use.
type Options struct {
	// MaxFileSize bounds every read; 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// Jobs is how many files are checked at once; 0 means GOMAXPROCS.
	Jobs int
	// GitTimeout bounds the `git ls-files` call that lists ignored paths;
	// 0 means 10 seconds.
	GitTimeout time.Duration
}

func (o Options) withDefaults() Options {
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = DefaultMaxFileSize
	}
	if o.Jobs <= 0 {
		o.Jobs = runtime.GOMAXPROCS(0)
	}
	if o.GitTimeout <= 0 {
		o.GitTimeout = 10 * time.Second
	}
	return o
}

// Run checks the files under paths ("." when empty). It fails only when a
// path cannot be used at all (it does not exist) or ctx ends; everything a
// single file does wrong is a Skip.
func Run(ctx context.Context, paths []string, opts Options) (Report, error) {
	opts = opts.withDefaults()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	rep, err := scan(ctx, paths, opts)
	if err != nil {
		return Report{}, err
	}
	sortReport(&rep)
	return rep, nil
}

func sortReport(r *Report) {
	// A path is printed too: a key in a file's name must not show.
	for i := range r.Findings {
		r.Findings[i].Path = redact.KeyShaped(r.Findings[i].Path)
	}
	for i := range r.Skipped {
		r.Skipped[i].Path = redact.KeyShaped(r.Skipped[i].Path)
	}
	slices.SortFunc(r.Findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Message, b.Message))
	})
	r.Findings = slices.Compact(r.Findings)
	slices.SortFunc(r.Skipped, func(a, b Skip) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Reason, b.Reason))
	})
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	if r.Skipped == nil {
		r.Skipped = []Skip{}
	}
}
