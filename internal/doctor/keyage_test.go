package doctor

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestKeyAgeReportsTheKeysLife: created or rotated, too old, a retention
// window still open, the last login; informational when the record cannot
// be read.
func TestKeyAgeReportsTheKeysLife(t *testing.T) {
	record := func(status int, body string) func(w http.ResponseWriter) bool {
		return func(w http.ResponseWriter) bool {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			io.WriteString(w, body)
			return true
		}
	}
	withMeta := func(created, rotated string, retain int) string {
		r := "null"
		if rotated != "" {
			r = `"` + rotated + `"`
		}
		return `{"id":"` + goodKeyID + `","name":"ci","body":{"created":"` + created + `","active":true},"metadata":{"description":"","retain_period_minutes":` +
			strconv.Itoa(retain) + `,"last_login":"2026-12-06T11:58:00.000001","last_rotated":` + r + `}}`
	}
	for _, tt := range []struct {
		name   string
		answer func(w http.ResponseWriter) bool
		maxAge time.Duration
		status Status
		want   []string
	}{
		{"a young key", nil, 0, Pass, []string{`key "default" was created on 2026-11-25 20:37 UTC (10 days ago) and never rotated`, "last login 2026-12-01 09:12 UTC"}},
		{"an old key", record(200, withMeta("2026-06-01T08:00:00", "", 0)), 0, Warn, []string{"created on 2026-06-01 08:00 UTC (188 days ago) and never rotated, more than --max-key-age 90d ago"}},
		{"a shorter limit", nil, 7 * 24 * time.Hour, Warn, []string{"more than --max-key-age 7d ago"}},
		{"a rotation inside its window", record(200, withMeta("2026-06-01T08:00:00", "2026-12-06T11:30:00.5", 60)), 0, Warn, []string{
			`key "ci" was last rotated on 2026-12-06 11:30 UTC (30 minutes ago)`,
			"its retention window is open until 2026-12-06 12:30 UTC (30 minutes left): the previous key works until then",
			"last login 2026-12-06 11:58 UTC"}},
		{"a rotation whose window closed", record(200, withMeta("2026-06-01T08:00:00", "2026-12-06T10:00:00", 60)), 0, Pass, []string{"last rotated on 2026-12-06 10:00 UTC (2 hours ago)"}},
		{"a server that will not say", record(403, `{"detail":["IllegalOperationError","Not allowed."]}`), 0, Skip, []string{"could not read the key's record: HTTP 403: Not allowed."}},
		{"a server that answers nonsense", record(200, `[]`), 0, Skip, []string{"could not read the key's record"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newFake(t)
			f.apiKey = tt.answer
			in := input(env(srv.URL))
			in.MaxKeyAge = tt.maxAge
			results := Run(context.Background(), in)
			r := find(t, results, "key-age")
			for _, w := range tt.want {
				if r.Status != tt.status || !strings.Contains(r.Detail, w) {
					t.Errorf("key age: %s %q, want %s %q", r.Status, r.Detail, tt.status, w)
				}
			}
			if ExitCode(results) != 0 {
				t.Errorf("exit %d: the key's age never fails doctor\n%s", ExitCode(results), dump(results))
			}
		})
	}
}
