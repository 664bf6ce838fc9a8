package rotate

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/zenv-dev/zenv/internal/push"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// Server is the part of a ZenML server's REST API that rotation needs
// (REFERENCE.md section 2: zen_server/routers/service_accounts_endpoints.py,
// models/v2/core/api_key.py, 0.98).
type Server struct {
	API *push.API // Base: the server url + /api/v1
}

// NewServer talks to the ZenML server at url (as the profile holds it).
func NewServer(hc push.Doer, serverURL string) *Server {
	return &Server{API: &push.API{Client: hc, Base: strings.TrimRight(serverURL, "/") + "/api/v1"}}
}

// Session is a logged-in account's bearer token.
type Session struct {
	s     *Server
	token string
}

// ZenMLError is the server's error: its class (IllegalOperationError,
// CredentialsNotValid, KeyError, ...) and message.
type ZenMLError struct {
	Method, Path string
	Status       int
	Class, Msg   string
}

func (e *ZenMLError) Error() string {
	s := fmt.Sprintf("%s %s answered %d", e.Method, e.Path, e.Status)
	if e.Class != "" {
		s += " " + e.Class
	}
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

func zenmlError(method, path string, r *push.Response) error {
	e := &ZenMLError{Method: method, Path: path, Status: r.Status}
	msg := push.StoreMessage(r.Body)
	if cls, rest, ok := strings.Cut(msg, ": "); ok && !strings.Contains(cls, " ") {
		e.Class, e.Msg = cls, rest
	} else {
		e.Msg = msg
	}
	return e
}

// IsStatus reports whether err is the server's answer with that status.
func IsStatus(err error, status int) bool {
	var ze *ZenMLError
	return errors.As(err, &ze) && ze.Status == status
}

func (s *Server) do(ctx context.Context, token, method, path string, query url.Values, body any, out any) error {
	api := *s.API
	if token != "" {
		api.Header = http.Header{"Authorization": {"Bearer " + token}}
	}
	resp, err := api.Do(ctx, method, path, query, body)
	if err != nil {
		return err
	}
	if resp.Status/100 != 2 {
		return zenmlError(method, path, resp)
	}
	if out != nil {
		return resp.DecodeJSON(method, path, out)
	}
	return nil
}

// Info is GET /info, answered without credentials.
type Info struct {
	Version        string `json:"version"`
	AuthScheme     string `json:"auth_scheme"`
	DeploymentType string `json:"deployment_type"`
}

func (s *Server) Info(ctx context.Context) (Info, error) {
	var i Info
	err := s.do(ctx, "", http.MethodGet, "/info", nil, nil, &i)
	return i, err
}

// LoginKey logs in with an api key.
func (s *Server) LoginKey(ctx context.Context, key string) (*Session, error) {
	return s.login(ctx, url.Values{"grant_type": {"zenml-api-key"}, "password": {key}})
}

// LoginPassword logs in a user (an admin) with a password.
func (s *Server) LoginPassword(ctx context.Context, user, password string) (*Session, error) {
	return s.login(ctx, url.Values{"grant_type": {"password"}, "username": {user}, "password": {password}})
}

func (s *Server) login(ctx context.Context, form url.Values) (*Session, error) {
	resp, err := s.API.DoForm(ctx, "/login", form)
	if err != nil {
		return nil, err
	}
	if resp.Status != http.StatusOK {
		return nil, zenmlError("POST", "/login", resp)
	}
	var t struct {
		AccessToken string `json:"access_token"`
	}
	if err := resp.DecodeJSON("POST", "/login", &t); err != nil {
		return nil, err
	}
	if t.AccessToken == "" {
		return nil, errors.New("POST /login: the answer holds no access token")
	}
	return &Session{s: s, token: t.AccessToken}, nil
}

// Token is the session's bearer token, for the redactor.
func (ss *Session) Token() string { return ss.token }

// User is the logged-in account.
type User struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Body struct {
		IsServiceAccount bool `json:"is_service_account"`
		IsAdmin          bool `json:"is_admin"`
	} `json:"body"`
}

func (ss *Session) CurrentUser(ctx context.Context) (User, error) {
	var u User
	err := ss.s.do(ctx, ss.token, http.MethodGet, "/current-user", nil, nil, &u)
	return u, err
}

// Key is an api key's record (with hydrate=true, its metadata).
type Key struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Body struct {
		Key     string    `json:"key"` // only in the answer to create and rotate
		Active  bool      `json:"active"`
		Created zenmlTime `json:"created"`
	} `json:"body"`
	Metadata struct {
		RetainPeriodMinutes int       `json:"retain_period_minutes"`
		LastRotated         zenmlTime `json:"last_rotated"`
		LastLogin           zenmlTime `json:"last_login"`
	} `json:"metadata"`
}

// WindowEnd is when the previous key stops working; zero when no window
// is open at now.
func (k Key) WindowEnd(now time.Time) time.Time {
	rot := k.Metadata.LastRotated.Time
	if rot.IsZero() || k.Metadata.RetainPeriodMinutes <= 0 {
		return time.Time{}
	}
	end := rot.Add(time.Duration(k.Metadata.RetainPeriodMinutes) * time.Minute)
	if !now.Before(end) {
		return time.Time{}
	}
	return end
}

// Changed is when the key's secret last changed: its last rotation, else
// its creation.
func (k Key) Changed() time.Time {
	if !k.Metadata.LastRotated.IsZero() {
		return k.Metadata.LastRotated.Time
	}
	return k.Body.Created.Time
}

func keysPath(account string) string {
	return "/service_accounts/" + url.PathEscape(account) + "/api_keys"
}

func (ss *Session) Key(ctx context.Context, account, keyID string) (Key, error) {
	var k Key
	err := ss.s.do(ctx, ss.token, http.MethodGet, keysPath(account)+"/"+url.PathEscape(keyID), url.Values{"hydrate": {"true"}}, nil, &k)
	return k, err
}

// maxAccounts bounds the search for a key's service account.
const maxAccounts = 1000

// FindKey finds the service account that holds key keyID (an admin's
// session: the key itself may no longer log in) and the key's record.
// The key names no account, so each service account is asked, at most
// maxAccounts of them.
func (ss *Session) FindKey(ctx context.Context, keyID string) (User, Key, error) {
	var page struct {
		Items []User `json:"items"`
		Total int    `json:"total"`
	}
	if err := ss.s.do(ctx, ss.token, http.MethodGet, "/service_accounts", url.Values{"size": {fmt.Sprint(maxAccounts)}}, nil, &page); err != nil {
		return User{}, Key{}, fmt.Errorf("cannot list the service accounts: %w", err)
	}
	for _, u := range page.Items {
		k, err := ss.Key(ctx, u.ID, keyID)
		if IsStatus(err, http.StatusNotFound) {
			continue
		}
		if err != nil {
			return User{}, Key{}, err
		}
		u.Body.IsServiceAccount = true
		return u, k, nil
	}
	more := ""
	if page.Total > len(page.Items) {
		more = fmt.Sprintf(" (the first %d of %d were searched)", len(page.Items), page.Total)
	}
	return User{}, Key{}, fmt.Errorf("no service account holds the key %s%s; it may have been deleted", keyID, more)
}

// Rotate rotates the key; the answer holds the new key once.
func (ss *Session) Rotate(ctx context.Context, account, keyID string, retainMinutes int) (Key, error) {
	var k Key
	err := ss.s.do(ctx, ss.token, http.MethodPut, keysPath(account)+"/"+url.PathEscape(keyID)+"/rotate", nil,
		map[string]int{"retain_period_minutes": retainMinutes}, &k)
	return k, err
}

// CreateKey makes another key for the account.
func (ss *Session) CreateKey(ctx context.Context, account, name, description string) (Key, error) {
	var k Key
	err := ss.s.do(ctx, ss.token, http.MethodPost, keysPath(account), nil,
		map[string]string{"name": name, "description": description}, &k)
	return k, err
}

// Deactivate turns a key off; it stays listed, and can be turned on again.
func (ss *Session) Deactivate(ctx context.Context, account, keyID string) error {
	return ss.s.do(ctx, ss.token, http.MethodPut, keysPath(account)+"/"+url.PathEscape(keyID), nil,
		map[string]bool{"active": false}, nil)
}

// ActiveSchedules lists the names of the active schedules the account
// owns. Schedules are scoped to a project (models/v2/base/scoped.py), so
// every project is asked, at most maxProjects of them.
func (ss *Session) ActiveSchedules(ctx context.Context, userID string) ([]string, error) {
	const maxProjects = 50
	var projects struct {
		Items []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"items"`
	}
	if err := ss.s.do(ctx, ss.token, http.MethodGet, "/projects", url.Values{"size": {fmt.Sprint(maxProjects)}}, nil, &projects); err != nil {
		return nil, err
	}
	var names []string
	for _, p := range projects.Items {
		var page struct {
			Items []struct {
				Name string `json:"name"`
			} `json:"items"`
		}
		q := url.Values{"project": {p.ID}, "user": {userID}, "active": {"true"}, "size": {"100"}}
		if err := ss.s.do(ctx, ss.token, http.MethodGet, "/schedules", q, nil, &page); err != nil {
			return names, err
		}
		for _, it := range page.Items {
			names = append(names, p.Name+"/"+it.Name)
		}
	}
	return names, nil
}

// zenmlTime reads ZenML's datetimes: ISO 8601, usually without a zone,
// which the server means as UTC.
type zenmlTime struct{ time.Time }

func (t *zenmlTime) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" || s == "" {
		return nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999"} {
		if v, err := time.Parse(layout, s); err == nil {
			t.Time = v.UTC()
			return nil
		}
	}
	return fmt.Errorf("not a time: %q", s)
}

// PlainHTTP reports whether serverURL is plain http to a host other than
// this machine (zenml.ParseStoreURL's verdict): the key must not be sent
// there, a warning is not enough.
func PlainHTTP(serverURL string) bool {
	_, problems := zenml.ParseStoreURL(serverURL)
	return slices.ContainsFunc(problems, func(p zenml.Problem) bool { return p.Code == zenml.CodeURLPlainHTTP })
}

// KeyRecord logs in with key and reads its own record: when it was
// created and last rotated (for push --check). secret gets the session's
// token (the redactor) before it is sent.
func KeyRecord(ctx context.Context, s *Server, key string, secret func(string)) (Key, error) {
	dk, problems := zenml.ParseKey(key)
	if len(problems) > 0 || dk.ID == "" {
		return Key{}, errors.New("the key is not a ZENKEY_ key with an id")
	}
	ss, err := s.LoginKey(ctx, key)
	if err != nil {
		return Key{}, err
	}
	if secret != nil {
		secret(ss.Token())
	}
	u, err := ss.CurrentUser(ctx)
	if err != nil {
		return Key{}, err
	}
	return ss.Key(ctx, u.ID, dk.ID)
}
