package doctor

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// checkKeyAge reads the key's own record (GET /api/v1/service_accounts/
// {account}/api_keys/{key id}?hydrate=true, as the logged-in account; the
// key id is in the key itself) and reports its life: when it was last
// rotated, or created; a warning past --max-key-age; an open retention
// window (after a rotation the previous key keeps working until it ends,
// and the server cannot tell which of the two logged in); the last login.
// Informational where the record cannot be read (ZenML Pro, an RBAC
// server that denies it): the key itself worked.
func checkKeyAge(ctx context.Context, st *state) []Result {
	r := Result{ID: "key-age", Title: "key age", Status: Skip}
	if !st.isService || st.accountID == "" {
		r.Detail = "not read: the key's account is not a known service account"
		return []Result{r}
	}
	resp, err := st.get(ctx, "/api/v1/service_accounts/"+st.accountID+"/api_keys/"+st.keyID+"?hydrate=true", st.token)
	if err != nil {
		d, _ := st.explain(err, "/api/v1/service_accounts/…/api_keys/…")
		st.stop = "" // the record is informational; the checks after it still run
		r.Detail = "could not read the key's record: " + d
		return []Result{r}
	}
	var k struct {
		Name string `json:"name"`
		Body *struct {
			Created string `json:"created"`
			Active  *bool  `json:"active"`
		} `json:"body"`
		Metadata *struct {
			LastLogin     *string `json:"last_login"`
			LastRotated   *string `json:"last_rotated"`
			RetainMinutes *int64  `json:"retain_period_minutes"`
		} `json:"metadata"`
	}
	if resp.Status != 200 || json.Unmarshal(resp.Body, &k) != nil || k.Body == nil || k.Metadata == nil {
		r.Detail = "could not read the key's record: " + statusText(resp) + ": " + st.serverMessage(resp)
		return []Result{r}
	}
	now := st.in.Now().UTC()
	created, cok := parseTime(k.Body.Created)
	var rotated time.Time
	rok := false
	if k.Metadata.LastRotated != nil {
		rotated, rok = parseTime(*k.Metadata.LastRotated)
	}
	name := "key " + st.quote(k.Name)
	var parts, fixes []string
	r.Status = Pass
	switch {
	case rok:
		parts = append(parts, name+" was last rotated "+when(rotated, now))
	case cok:
		parts = append(parts, name+" was created "+when(created, now)+" and never rotated")
	default:
		r.Status = Skip
		parts = append(parts, name+": the server gave no date of creation or rotation")
	}
	since := created
	if rok {
		since = rotated
	}
	if (rok || cok) && now.Sub(since) > st.in.MaxKeyAge {
		r.Status = Warn
		parts[0] += ", more than --max-key-age " + days(st.in.MaxKeyAge) + " ago"
		fixes = append(fixes, "rotate it: zenml service-account api-key "+st.account+" rotate "+st.text(k.Name, 60)+" --retain 60")
	}
	if rok && k.Metadata.RetainMinutes != nil && *k.Metadata.RetainMinutes > 0 {
		end := rotated.Add(time.Duration(*k.Metadata.RetainMinutes) * time.Minute)
		if now.Before(end) {
			r.Status = Warn
			parts = append(parts, "its retention window is open until "+stamp(end)+" ("+left(end.Sub(now))+" left): the previous key works until then, and the server cannot tell which of the two logged in here")
			fixes = append(fixes, "if this environment still has the previous key, give it the new one before "+stamp(end))
		}
	}
	if k.Metadata.LastLogin != nil {
		if t, ok := parseTime(*k.Metadata.LastLogin); ok {
			parts = append(parts, "last login "+stamp(t))
		}
	}
	r.Detail = strings.Join(parts, "; ")
	r.Fix = strings.Join(fixes, "; ")
	return []Result{r}
}

// parseTime reads ZenML's datetimes: ISO 8601, usually without a zone
// (the server stores UTC).
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// when is "on 2026-12-04 22:01 UTC (3 days ago)".
func when(t, now time.Time) string {
	return "on " + stamp(t) + " (" + ago(now.Sub(t)) + ")"
}

func ago(d time.Duration) string {
	d = d.Round(time.Minute)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d minutes ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d hours ago", int(d/time.Hour))
	}
	return fmt.Sprintf("%d days ago", int(d/(24*time.Hour)))
}

func left(d time.Duration) string {
	if d < time.Hour {
		return fmt.Sprintf("%d minutes", int(d.Round(time.Minute)/time.Minute))
	}
	return d.Round(time.Minute).String()
}

// days prints a duration in whole days when it is some, as --max-key-age
// takes it ("90d").
func days(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return d.String()
}
