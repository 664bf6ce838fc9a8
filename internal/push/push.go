// Package push writes a profile's ZenML key to the stores its
// destinations name (GitHub secrets, GitLab CI/CD variables, Prefect
// Secret blocks, the OS keyring), one file per kind behind the Store
// interface, and verifies each write where the store allows.
//
// The rules come from what secret-sync tools get wrong (REFERENCE.md
// section 4): destinations are written one after the other, a store's
// request to wait is honoured (bounded), nothing the profile does not name
// is touched, a failed destination does not stop the others, and every
// destination gets one status line.
package push

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"time"
)

// Values is what a push writes and compares against.
type Values struct {
	Key string // the ZenML api key; never empty
	URL string // the server url, for GitHub's url variable
	// LastRotated is when the key was last rotated (or created), for
	// --check on stores whose values cannot be read (GitHub); zero when
	// unknown, and RotationUnknown says why.
	LastRotated     time.Time
	RotationUnknown string
}

// Status is the outcome at one destination.
type Status string

const (
	Verified   Status = "verified"    // written and read back (or, on GitHub, updated_at after the write began)
	Written    Status = "written"     // written; the store does not let it be read back
	Unchanged  Status = "unchanged"   // the store already held the key
	WouldWrite Status = "would write" // --dry-run
	InSync     Status = "in sync"     // --check: the store holds the key
	Drift      Status = "drift"       // --check: the store is missing the key or holds another
	Unknown    Status = "unknown"     // --check: the store cannot be compared
	Failed     Status = "failed"
)

// OK reports whether s is a success.
func (s Status) OK() bool { return s != Failed && s != Drift }

// Store is one destination.
type Store interface {
	// Name is the destination on its status line: kind, target, and the
	// name written (secret, variable, block, item).
	Name() string
	// Preflight checks, writing nothing, what the store can tell about
	// whether a write would succeed (the token is accepted, the target
	// readable).
	Preflight(ctx context.Context) error
	// Plan says what Push would write, for --dry-run.
	Plan(v Values) string
	// Push writes the key and what goes with it, then verifies it.
	Push(ctx context.Context, v Values) (Status, string, error)
	// Check compares the store with v, writing nothing.
	Check(ctx context.Context, v Values) (Status, string, error)
}

// Target is a destination ready to push to, or the reason it is not
// (a token that could not be read): a broken destination fails alone.
type Target struct {
	Name  string
	Store Store
	Err   error
}

// Mode is what Run does.
type Mode int

const (
	Write Mode = iota
	DryRun
	Check
	Preflight
)

// Result is one destination's outcome.
type Result struct {
	Destination string `json:"destination"`
	Status      Status `json:"status"`
	Detail      string `json:"detail,omitempty"`
}

// Run goes through the targets one after the other, never stopping at a
// failure. The caller has refused an empty or unreadable key already.
func Run(ctx context.Context, targets []Target, v Values, mode Mode) []Result {
	results := make([]Result, 0, len(targets))
	for _, t := range targets {
		r := Result{Destination: t.Name}
		if t.Err != nil {
			r.Status, r.Detail = Failed, t.Err.Error()
			results = append(results, r)
			continue
		}
		var err error
		switch mode {
		case DryRun:
			r.Status, r.Detail = WouldWrite, t.Store.Plan(v)
		case Preflight:
			if err = t.Store.Preflight(ctx); err == nil {
				r.Status, r.Detail = Unchanged, "can be written"
			}
		case Check:
			r.Status, r.Detail, err = t.Store.Check(ctx, v)
		default:
			r.Status, r.Detail, err = t.Store.Push(ctx, v)
		}
		if err != nil {
			r.Status, r.Detail = Failed, err.Error()
		}
		results = append(results, r)
	}
	return results
}

// AllOK reports whether every result is a success.
func AllOK(results []Result) bool {
	for _, r := range results {
		if !r.Status.OK() {
			return false
		}
	}
	return true
}

// phrase is the status as a status line says it.
func (s Status) phrase() string {
	switch s {
	case Verified:
		return "written and verified"
	case Written:
		return "written, not verified"
	}
	return string(s)
}

// WriteText prints one line per destination: "NAME: STATUS[: DETAIL]".
// filter is the redactor every line passes.
func WriteText(w io.Writer, results []Result, filter func(string) string) error {
	var b strings.Builder
	for _, r := range results {
		line := r.Destination + ": " + r.Status.phrase()
		if r.Detail != "" {
			line += ": " + r.Detail
		}
		b.WriteString(filter(oneLine(line)) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON prints {"ok": ..., "destinations": [...]}, every string
// through filter.
func WriteJSON(w io.Writer, results []Result, filter func(string) string) error {
	out := struct {
		OK           bool     `json:"ok"`
		Destinations []Result `json:"destinations"`
	}{OK: AllOK(results), Destinations: []Result{}}
	for _, r := range results {
		r.Destination, r.Detail = filter(oneLine(r.Destination)), filter(oneLine(r.Detail))
		out.Destinations = append(out.Destinations, r)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), " ")
}

// timeText formats a store's time the one way status lines show it.
func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339) }
