// Package rotate rotates a profile's service-account key on its ZenML
// server without an outage: a preflight that changes nothing, the rotation
// (or, with the replace strategy, a second key), the new key saved at once
// where the profile reads it, a login with it, and a push to every
// destination. What happened is said at each step, never the key.
package rotate

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zenv-dev/zenv/internal/push"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// Strategies.
const (
	StrategyRotate  = "rotate"  // PUT .../rotate: one key, the old secret kept for the retain window
	StrategyReplace = "replace" // a second key, pushed and verified, then the old one deactivated
)

// Admin is an admin user's credential, for servers where only admins may
// rotate (open source without RBAC, ZenML >= 0.98).
type Admin struct{ User, Password string }

// Options is what a rotation needs; the command fills it.
type Options struct {
	Profile  string // for messages
	Key      string // the key the profile reads now
	URL      string // the server url, for GitHub's url variable
	Server   *Server
	Strategy string
	Retain   time.Duration
	Now      bool // rotate inside an open window (a leaked key)
	Resume   bool
	Admin    *Admin // nil: the profile's own key
	// Targets builds the push targets for a key.
	Targets func(key string) []push.Target
	// Save stores the new key where the profile reads it; Recover writes
	// it to a private file when Save fails and returns the file's path.
	Save    func(key string) error
	Recover func(key string) (string, error)
	State   StateStore
	Secret  func(string) // adds a secret (new key, tokens) to the redactor
	Notice  func(string) // a line for the user (stderr)
	Clock   func() time.Time
}

// AfterChangeError is a failure after the server changed something: the
// caller exits 1 (not 2), and the message says how to finish.
type AfterChangeError struct{ Err error }

func (e *AfterChangeError) Error() string { return e.Err.Error() }
func (e *AfterChangeError) Unwrap() error { return e.Err }

func after(format string, args ...any) error {
	return &AfterChangeError{Err: fmt.Errorf(format, args...)}
}

func (o *Options) now() time.Time {
	if o.Clock != nil {
		return o.Clock()
	}
	return time.Now()
}

// adminHelp is what a 403 on a key change means, and what to do.
const adminHelp = "only an admin user may change service-account keys on this server (ZenML without RBAC; a service account is never an admin): pass --admin-user NAME with --admin-password-env NAME (or --admin-password-file, -cmd, -stdin, -keyring)"

// account is the preflight's findings.
type account struct {
	session *Session // logged in with the profile's key
	admin   *Session // who changes the key: an admin, else session
	user    User
	keyID   string
	key     Key
}

// preflight changes nothing: it refuses a Pro workspace, logs in with the
// key, finds the account and the key, and checks the window.
func (o *Options) preflight(ctx context.Context, checkWindow bool) (*account, error) {
	if strings.HasPrefix(o.Key, zenml.ProKeyPrefix) {
		return nil, errors.New("the profile's key is a ZenML Pro organization key (ZENPROKEY_), which ZenML Pro manages; rotate it in ZenML Pro, then zenv key set and zenv push")
	}
	info, err := o.Server.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("cannot read the server's info: %w", err)
	}
	if strings.EqualFold(info.AuthScheme, "EXTERNAL") {
		return nil, errors.New("this is a ZenML Pro workspace (auth_scheme EXTERNAL), whose workspace keys cannot be rotated; use an organization service account key (ZENPROKEY_) managed in ZenML Pro")
	}
	dk, problems := zenml.ParseKey(o.Key)
	if len(problems) > 0 || dk.ID == "" {
		return nil, errors.New("the profile's key is not a ZenML service-account key (ZENKEY_ with an id); check it with zenv doctor")
	}
	a := &account{keyID: dk.ID}
	if a.session, err = o.Server.LoginKey(ctx, o.Key); err != nil {
		if o.Strategy == StrategyReplace && o.Admin != nil && IsStatus(err, http.StatusUnauthorized) {
			// The key is dead (a lost rotate answer, a closed window): an
			// admin replaces it without it.
			return o.adminPreflight(ctx, a, err)
		}
		if o.Strategy == StrategyReplace && IsStatus(err, http.StatusUnauthorized) {
			return nil, fmt.Errorf("the server refuses the profile's key (%w); to replace a key that no longer logs in, pass --admin-user NAME with --admin-password-env NAME (or -file, -cmd, -stdin, -keyring)", err)
		}
		return nil, fmt.Errorf("the server refuses the profile's key, so there is nothing to rotate from: %w", err)
	}
	o.Secret(a.session.Token())
	if a.user, err = a.session.CurrentUser(ctx); err != nil {
		return nil, fmt.Errorf("cannot read the key's account: %w", err)
	}
	if !a.user.Body.IsServiceAccount {
		return nil, fmt.Errorf("the key belongs to user %s, not a service account; zenv rotates service-account keys", a.user.Name)
	}
	if a.key, err = a.session.Key(ctx, a.user.ID, a.keyID); err != nil {
		return nil, fmt.Errorf("cannot read the key %s of service account %s: %w", a.keyID, a.user.Name, err)
	}
	if checkWindow {
		if end := a.key.WindowEnd(o.now()); !end.IsZero() {
			if !o.Now {
				return nil, fmt.Errorf("a retention window is open until %s: the key before the last rotation still works until then, and rotating again would end it at once; wait until then, or pass --now (for a leaked key)", stamp(end))
			}
			o.Notice(fmt.Sprintf("--now: the key from before the last rotation stops working now instead of at %s", stamp(end)))
		}
	}
	a.admin = a.session
	if o.Admin != nil {
		if a.admin, err = o.Server.LoginPassword(ctx, o.Admin.User, o.Admin.Password); err != nil {
			return nil, fmt.Errorf("admin user %s cannot log in: %w", o.Admin.User, err)
		}
		o.Secret(a.admin.Token())
	}
	return a, nil
}

// adminPreflight finds, with the admin's session, the account and record
// of a key that no longer logs in (its id is in the key itself).
func (o *Options) adminPreflight(ctx context.Context, a *account, refused error) (*account, error) {
	var err error
	if a.admin, err = o.Server.LoginPassword(ctx, o.Admin.User, o.Admin.Password); err != nil {
		return nil, fmt.Errorf("admin user %s cannot log in: %w", o.Admin.User, err)
	}
	o.Secret(a.admin.Token())
	if a.user, a.key, err = a.admin.FindKey(ctx, a.keyID); err != nil {
		return nil, fmt.Errorf("the profile's key no longer logs in (%v), and its service account cannot be found: %w", refused, err)
	}
	o.Notice(fmt.Sprintf("the profile's key %s no longer logs in; replacing it as admin user %s (service account %s)", a.keyID, o.Admin.User, a.user.Name))
	return a, nil
}

// checkTargets refuses when a destination cannot be written.
func (o *Options) checkTargets(ctx context.Context, key string) error {
	var bad []string
	for _, r := range push.Run(ctx, o.Targets(key), push.Values{Key: key, URL: o.URL}, push.Preflight) {
		if !r.Status.OK() {
			bad = append(bad, r.Destination+": "+r.Detail)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("a destination cannot be written, so nothing was rotated: %s; fix it or take it out of push:", strings.Join(bad, "; "))
	}
	return nil
}

// Run rotates (or, with Resume, finishes a rotation) and returns the push
// results.
func Run(ctx context.Context, o *Options) ([]push.Result, error) {
	if o.Resume {
		return resume(ctx, o)
	}
	a, err := o.preflight(ctx, o.Strategy == StrategyRotate)
	if err != nil {
		return nil, err
	}
	if err := o.checkTargets(ctx, o.Key); err != nil {
		return nil, err
	}
	lister := a.session
	if lister == nil {
		lister = a.admin
	}
	switch names, err := lister.ActiveSchedules(ctx, a.user.ID); {
	case err != nil:
		o.Notice("warning: cannot list the account's schedules (" + err.Error() + "); a schedule's runs hold tokens of the old key, which die with it")
	case len(names) > 0:
		o.Notice(fmt.Sprintf("warning: service account %s owns active schedules (%s); their runs hold tokens of the old key, which die when it stops working", a.user.Name, strings.Join(names, ", ")))
	}

	var nk Key
	start := o.now()
	switch o.Strategy {
	case StrategyReplace:
		name := replacementName(a.key.Name, start)
		nk, err = a.admin.CreateKey(ctx, a.user.ID, name, "created by zenv rotate --strategy replace to replace "+a.keyID)
		if err != nil {
			return nil, o.changeRefused("create a key", err)
		}
	default:
		retain := int(o.Retain / time.Minute)
		nk, err = a.admin.Rotate(ctx, a.user.ID, a.keyID, retain)
		if err != nil {
			var ze *ZenMLError
			if errors.As(err, &ze) {
				return nil, o.changeRefused("rotate the key", err)
			}
			return nil, o.lostAnswer(ctx, a, err)
		}
	}
	newKey := nk.Body.Key
	if newKey == "" {
		return nil, after("the server changed the key but its answer holds no new key; recover with zenv rotate -p %s --strategy replace (with an admin credential)", o.Profile)
	}
	o.Secret(newKey)
	st := State{Profile: o.Profile, Strategy: o.Strategy, Account: a.user.ID, OldKeyID: a.keyID, NewKeyID: nk.ID, At: start.UTC(), NewKey: Fingerprint(newKey)}
	if o.Strategy == StrategyRotate {
		st.NewKeyID = a.keyID
		if o.Retain > 0 {
			st.WindowEnd = start.Add(o.Retain).UTC()
		}
	}
	if err := o.Save(newKey); err != nil {
		path, rerr := o.Recover(newKey)
		st.Recovery = path
		// The record lets --resume refuse the old key the profile still reads.
		if serr := o.State.Save(st); serr != nil {
			o.Notice("warning: cannot record the rotation for --resume: " + serr.Error())
		}
		if rerr != nil {
			return nil, after("the key was rotated, but saving it failed (%v) and so did writing a recovery file (%v); the old key works until %s: recover with zenv rotate -p %s --strategy replace (with an admin credential)", err, rerr, o.windowText(start), o.Profile)
		}
		return nil, after("the key was rotated, but saving it failed: %v; the new key is in %s (readable only by you): store it where the profile reads it (for the keyring: zenv key set NAME < %s), delete the file, then run zenv rotate -p %s --resume", err, path, path, o.Profile)
	}
	if err := o.State.Save(st); err != nil {
		o.Notice("warning: cannot record the rotation for --resume: " + err.Error())
	}
	o.Notice(fmt.Sprintf("the new key of service account %s is saved where profile %s reads it", a.user.Name, o.Profile))
	return o.finish(ctx, newKey, a.user, st, a.admin)
}

// maxNameLen is the server's limit on a key's name (STR_FIELD_MAX_LENGTH).
const maxNameLen = 255

// stampLayout is what replacementName appends after a -.
const stampLayout = "20060102T150405Z"

// trimStamps removes the -STAMP suffixes earlier replacements added.
func trimStamps(name string) string {
	for n := len(stampLayout) + 1; len(name) >= n && name[len(name)-n] == '-'; name = name[:len(name)-n] {
		if _, err := time.Parse(stampLayout, name[len(name)-n+1:]); err != nil {
			break
		}
	}
	return name
}

// replacementName names a replacement key: the old key's name without the
// stamps earlier replacements added, then this one's, within the server's
// limit (the name is cut on a character boundary).
func replacementName(old string, at time.Time) string {
	suffix := "-" + at.UTC().Format(stampLayout)
	base := trimStamps(old)
	for len(base)+len(suffix) > maxNameLen {
		_, size := utf8.DecodeLastRuneInString(base)
		base = base[:len(base)-size]
	}
	if base == "" {
		base = "zenv"
	}
	return base + suffix
}

// changeRefused explains a refused change; nothing changed.
func (o *Options) changeRefused(what string, err error) error {
	if IsStatus(err, http.StatusForbidden) {
		if o.Admin != nil {
			return fmt.Errorf("the server refused to %s (%v): user %s is not an admin, and only an admin user may change service-account keys on this server (ZenML without RBAC); pass a user with admin rights to --admin-user, or have an admin give %s them; nothing was changed", what, err, o.Admin.User, o.Admin.User)
		}
		return fmt.Errorf("the server refused to %s (%v); %s; nothing was changed", what, err, adminHelp)
	}
	return fmt.Errorf("the server refused to %s: %w; nothing was changed", what, err)
}

// lostAnswer finds out, after the rotate call's answer was lost, whether
// the rotation happened: never rotate again blindly.
func (o *Options) lostAnswer(ctx context.Context, a *account, cause error) error {
	k, err := a.admin.Key(ctx, a.user.ID, a.keyID)
	if err != nil {
		return after("the rotate request got no answer (%v), and the key cannot be read back (%v): it may have been rotated; check with zenv doctor -p %s, and if the key is refused, recover with zenv rotate -p %s --strategy replace (with an admin credential)", cause, err, o.Profile, o.Profile)
	}
	if k.Metadata.LastRotated.Equal(a.key.Metadata.LastRotated.Time) {
		return fmt.Errorf("the rotate request got no answer (%v), and the key was not rotated; nothing changed, so run zenv rotate again", cause)
	}
	end := "at once"
	if w := k.WindowEnd(o.now()); !w.IsZero() {
		end = "at " + stamp(w)
	}
	return after("the server rotated the key, but its answer was lost (%v), so the new key is unknown; the old key stops working %s: recover now with zenv rotate -p %s --strategy replace (with an admin credential)", cause, end, o.Profile)
}

func (o *Options) windowText(start time.Time) string {
	if o.Strategy != StrategyRotate {
		return "it is deactivated"
	}
	if o.Retain <= 0 {
		return "now (retain 0)"
	}
	return stamp(start.Add(o.Retain))
}

// finish logs in with the new key, pushes it, and for replace deactivates
// the old key once every destination is verified.
func (o *Options) finish(ctx context.Context, newKey string, want User, st State, admin *Session) ([]push.Result, error) {
	s2, err := o.Server.LoginKey(ctx, newKey)
	if err != nil {
		return nil, after("the new key is saved, but logging in with it failed: %v; run zenv rotate -p %s --resume to try again", err, o.Profile)
	}
	o.Secret(s2.Token())
	u, err := s2.CurrentUser(ctx)
	if err != nil {
		return nil, after("the new key is saved, but reading its account failed: %v; run zenv rotate -p %s --resume", err, o.Profile)
	}
	if want.ID != "" && u.ID != want.ID {
		return nil, after("the new key logs in as %s, not as service account %s; check the server before pushing it", u.Name, want.Name)
	}
	results := push.Run(ctx, o.Targets(newKey), push.Values{Key: newKey, URL: o.URL}, push.Write)
	if !push.AllOK(results) {
		return results, after("not every destination has the new key; fix what failed and run zenv rotate -p %s --resume", o.Profile)
	}
	if st.Strategy == StrategyReplace && st.OldKeyID != "" {
		if admin == nil {
			admin = s2
		}
		if err := admin.Deactivate(ctx, st.Account, st.OldKeyID); err != nil {
			return results, after("every destination has the new key, but deactivating the old key %s failed: %v; run zenv rotate -p %s --resume --strategy replace with an admin credential", st.OldKeyID, o.changeRefused("deactivate it", err), o.Profile)
		}
		o.Notice(fmt.Sprintf("the old key %s is deactivated: it no longer logs in", st.OldKeyID))
	} else if st.Strategy == StrategyRotate && !st.At.IsZero() {
		if st.WindowEnd.IsZero() {
			o.Notice("the old key stopped working at the rotation (retain 0)")
		} else {
			o.Notice(fmt.Sprintf("the old key keeps working until %s, then stops", stamp(st.WindowEnd)))
		}
	}
	if err := o.State.Remove(o.Profile); err != nil {
		o.Notice("warning: cannot remove the rotation record: " + err.Error())
	}
	return results, nil
}

// resume pushes the saved key again, and finishes a replace.
func resume(ctx context.Context, o *Options) ([]push.Result, error) {
	st, found, err := o.State.Load(o.Profile)
	if err != nil {
		return nil, err
	}
	if !found {
		st = State{Profile: o.Profile}
	}
	var admin *Session
	if o.Admin != nil {
		if admin, err = o.Server.LoginPassword(ctx, o.Admin.User, o.Admin.Password); err != nil {
			return nil, fmt.Errorf("admin user %s cannot log in: %w", o.Admin.User, err)
		}
		o.Secret(admin.Token())
	}
	if found && st.NewKey != "" && Fingerprint(o.Key) != st.NewKey {
		if st.Recovery != "" {
			return nil, fmt.Errorf("the key profile %s reads is not the key of the rotation at %s, so --resume would push the old key; the new key is in %s (readable only by you): store it where the profile reads it (for the keyring: zenv key set NAME < %s), delete the file, then run zenv rotate -p %s --resume", o.Profile, stamp(st.At), st.Recovery, st.Recovery, o.Profile)
		}
		return nil, fmt.Errorf("the key profile %s reads is not the key of the rotation at %s, so --resume would push the old key; store the new key where the profile reads it, or recover with zenv rotate -p %s --strategy replace (with an admin credential)", o.Profile, stamp(st.At), o.Profile)
	}
	want := User{ID: st.Account}
	return o.finish(ctx, o.Key, want, st, admin)
}

// stamp formats a time for messages: UTC, to the second.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }
