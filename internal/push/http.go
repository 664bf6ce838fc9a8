package push

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zenv-dev/zenv/internal/httpclient"
)

// Bounds on every exchange with a store.
const (
	// RequestTimeout bounds one request, answer included.
	RequestTimeout = 30 * time.Second
	// MaxWait is the longest zenv waits when a store asks it to
	// (Retry-After, GitHub's rate limit reset); longer, it fails the
	// destination and says when to try again.
	MaxWait = 90 * time.Second
	// maxAttempts bounds the tries of one request that a store throttled.
	maxAttempts = 4
	// maxBody bounds an answer: the stores answer a few KiB.
	maxBody = 1 << 20
	// gitHubGap spaces GitHub writes, as its guidance for secondary rate
	// limits asks (a second between mutating requests).
	gitHubGap = time.Second
)

// Doer sends one request: internal/httpclient's Client (net/http with
// the proxies and trust Python's requests would use, same-origin redirects
// only, bounded answers).
type Doer interface {
	Do(ctx context.Context, req httpclient.Request) (*httpclient.Response, error)
}

// API is the HTTP side shared by the stores: one base URL, its headers,
// bounded requests, and waits a store asks for. Its zero Sleep and Now
// are the real ones.
type API struct {
	Client Doer
	Base   string      // no trailing /
	Header http.Header // authentication and the like, sent with every request
	// Gap is the least time between two writes (PUT, POST, PATCH).
	Gap   time.Duration
	Sleep func(context.Context, time.Duration) error
	Now   func() time.Time

	// Pace is shared by the APIs whose writes must be spaced together
	// (every GitHub destination of a push); nil: this API's own.
	Pace *Pace
}

// Pace remembers the last write of the APIs that share it.
type Pace struct{ last time.Time }

// Response is a store's answer, its body bounded.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// HTTPError is a store's answer that was not what zenv asked for.
type HTTPError struct {
	Method, Path string
	Status       int
	Message      string // the store's own message, one line, shortened
}

func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("%s %s answered %d", e.Method, e.Path, e.Status)
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg + hintFor(e.Status)
}

func hintFor(status int) string {
	switch status {
	case http.StatusUnauthorized:
		return " (the token was refused: check it is valid and not expired)"
	case http.StatusForbidden:
		return " (the token lacks a permission this needs)"
	case http.StatusNotFound:
		return " (not found, or the token cannot see it)"
	}
	return ""
}

func (a *API) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

func (a *API) sleep(ctx context.Context, d time.Duration) error {
	if a.Sleep != nil {
		return a.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Do sends one request with body as JSON (nil: none) and returns the
// answer whatever its status. It waits when the store asks (429, or 403
// with Retry-After or an exhausted rate limit, as GitHub's secondary
// limits answer), at most MaxWait each time and maxAttempts in all.
func (a *API) Do(ctx context.Context, method, path string, query url.Values, body any) (*Response, error) {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return nil, err
		}
	}
	return a.send(ctx, method, path, query, "application/json", payload)
}

// DoForm is Do with a form-encoded body (ZenML's login).
func (a *API) DoForm(ctx context.Context, path string, form url.Values) (*Response, error) {
	return a.send(ctx, http.MethodPost, path, nil, "application/x-www-form-urlencoded", []byte(form.Encode()))
}

func (a *API) send(ctx context.Context, method, path string, query url.Values, contentType string, payload []byte) (*Response, error) {
	write := method != http.MethodGet && method != http.MethodHead
	if a.Pace == nil {
		a.Pace = &Pace{}
	}
	for attempt := 1; ; attempt++ {
		if write && a.Gap > 0 && !a.Pace.last.IsZero() {
			if wait := a.Gap - a.now().Sub(a.Pace.last); wait > 0 {
				if err := a.sleep(ctx, wait); err != nil {
					return nil, err
				}
			}
		}
		resp, err := a.once(ctx, method, path, query, contentType, payload)
		if write {
			a.Pace.last = a.now()
		}
		if err != nil {
			return nil, err
		}
		wait, throttled := a.retryAfter(resp)
		if !throttled {
			return resp, nil
		}
		if attempt >= maxAttempts {
			return nil, fmt.Errorf("%s %s: still rate limited after %d tries; try again later", method, path, attempt)
		}
		if wait > MaxWait {
			return nil, fmt.Errorf("%s %s: rate limited, and the store asks to wait %s, longer than zenv waits (%s); try again after %s",
				method, path, wait.Round(time.Second), MaxWait, untilText(a.now(), wait))
		}
		if err := a.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// untilText says when now+wait is: the time in UTC, with the date when
// that is not today (UTC).
func untilText(now time.Time, wait time.Duration) string {
	now = now.UTC()
	at := now.Add(wait)
	// Round up: "after 03:12" must not be before the store's time.
	if t := at.Truncate(time.Minute); !t.Equal(at) {
		at = t.Add(time.Minute)
	}
	if at.Format("2006-01-02") == now.Format("2006-01-02") {
		return at.Format("15:04 UTC")
	}
	return at.Format("2006-01-02 15:04 UTC")
}

// maxRetryAfter bounds a Retry-After's seconds.
const maxRetryAfter = 400 * 24 * time.Hour

// retryAfter says whether resp asks zenv to wait, and how long.
func (a *API) retryAfter(resp *Response) (time.Duration, bool) {
	if resp.Status != http.StatusTooManyRequests && resp.Status != http.StatusForbidden {
		return 0, false
	}
	if v := resp.Header.Get("Retry-After"); v != "" {
		if s, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && s >= 0 {
			// Bounded: a huge value must not wrap into a short wait.
			return time.Duration(min(s, int64(maxRetryAfter/time.Second))) * time.Second, true
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(a.now()), 0), true
		}
	}
	if resp.Header.Get("X-Ratelimit-Remaining") == "0" {
		if s, err := strconv.ParseInt(resp.Header.Get("X-Ratelimit-Reset"), 10, 64); err == nil {
			return max(time.Unix(s, 0).Sub(a.now()), 0) + time.Second, true
		}
		return time.Minute, true
	}
	if resp.Status == http.StatusTooManyRequests {
		return 5 * time.Second, true
	}
	// GitHub's secondary limits answer 403 with a message and no header:
	// its documentation asks for at least a minute's wait.
	if bytes.Contains(bytes.ToLower(resp.Body), []byte("secondary rate limit")) {
		return time.Minute, true
	}
	return 0, false
}

func (a *API) once(ctx context.Context, method, path string, query url.Values, contentType string, payload []byte) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, RequestTimeout)
	defer cancel()
	raw := a.Base + path
	if len(query) > 0 {
		raw += "?" + query.Encode()
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	h := http.Header{}
	for k, vs := range a.Header {
		h[k] = vs
	}
	if h.Get("Accept") == "" {
		h.Set("Accept", "application/json")
	}
	if payload != nil {
		h.Set("Content-Type", contentType)
	}
	resp, err := a.Client.Do(ctx, httpclient.Request{Method: method, URL: u, Header: h, Body: payload})
	if err != nil {
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			return nil, fmt.Errorf("%s %s%s: no answer within %s", method, a.Base, path, RequestTimeout)
		case errors.Is(err, httpclient.ErrTooLarge):
			return nil, fmt.Errorf("%s %s: the answer is larger than %d KiB, which no store sends; check the api url", method, path, maxBody>>10)
		}
		return nil, fmt.Errorf("%s %s%s: %w", method, a.Base, path, err)
	}
	return &Response{Status: resp.Status, Header: resp.Header, Body: resp.Body}, nil
}

// Error turns an unexpected answer into an HTTPError with the store's own
// message (GitHub and GitLab say "message", Prefect and ZenML "detail").
func (r *Response) Error(method, path string) error {
	return &HTTPError{Method: method, Path: path, Status: r.Status, Message: StoreMessage(r.Body)}
}

// StoreMessage extracts a store's error message from a JSON body, on one
// line and at most 200 bytes; "" when there is none. It reads an object's
// message, error or detail (a string, ZenML's ["Class", "message"] list,
// FastAPI's [{"loc": ..., "msg": ...}] list), and a bare list.
func StoreMessage(body []byte) string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	var msg string
	switch v := v.(type) {
	case map[string]any:
		for _, k := range []string{"message", "error", "detail"} {
			if x, ok := v[k]; ok && x != nil {
				msg = messageOf(x)
				break
			}
		}
	case []any:
		msg = messageOf(v)
	}
	msg = strings.Join(strings.Fields(msg), " ")
	if len(msg) > 200 {
		cut := 200
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "..."
	}
	return msg
}

// messageOf renders one JSON value of an error body as text.
func messageOf(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var parts []string
		for _, p := range v {
			if s := messageOf(p); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ": ")
	case map[string]any:
		for _, k := range []string{"msg", "message", "detail"} {
			if s, ok := v[k].(string); ok {
				return s
			}
		}
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// DecodeJSON decodes the answer's body into v.
func (r *Response) DecodeJSON(method, path string, v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("%s %s: the answer is not the JSON expected; check the api url", method, path)
	}
	return nil
}

// DefaultHTTPClient is internal/httpclient with the system's trust and
// the environment's proxies, every request and answer bounded.
func DefaultHTTPClient() (Doer, error) {
	return httpclient.New(httpclient.Options{Timeout: RequestTimeout, MaxBody: maxBody})
}
