package push

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/crypto/nacl/box"

	"github.com/zenv-dev/zenv/internal/redact"
)

// GitHub is a repository's (or one of its environments') Actions secret,
// written as `gh secret set` writes it (cli/cli pkg/cmd/secret/set/http.go):
// the value sealed with the repository's public key in a libsodium sealed
// box, then PUT. GitHub never returns a value, so a write is verified by
// the secret's updated_at. With URLVar, the Actions variable of that name
// holds the server url, as `zenv env github --setup` sets it.
type GitHub struct {
	API         *API
	Repo        string // owner/repo
	Environment string // "" for a repository secret
	Secret      string
	URLVar      string // "" for none
}

// NewGitHub sets the headers GitHub's REST API asks for.
func NewGitHub(api *API, token string) *API {
	api.Header = http.Header{
		"Authorization":        {"Bearer " + token},
		"Accept":               {"application/vnd.github+json"},
		"X-Github-Api-Version": {"2022-11-28"},
	}
	api.Gap = gitHubGap
	return api
}

func (g *GitHub) Name() string {
	n := "github " + g.Repo + " secret " + g.Secret
	if g.Environment != "" {
		n += " (environment " + g.Environment + ")"
	}
	return n
}

func (g *GitHub) scope() string {
	if g.Environment != "" {
		return "/repos/" + g.Repo + "/environments/" + url.PathEscape(g.Environment)
	}
	return "/repos/" + g.Repo + "/actions"
}

func (g *GitHub) secretPath() string { return g.scope() + "/secrets/" + g.Secret }
func (g *GitHub) varsPath() string   { return g.scope() + "/variables" }

type gitHubPublicKey struct {
	KeyID string `json:"key_id"`
	Key   string `json:"key"`
}

func (g *GitHub) publicKey(ctx context.Context) (gitHubPublicKey, *[32]byte, time.Time, error) {
	var pk gitHubPublicKey
	path := g.scope() + "/secrets/public-key"
	resp, err := g.API.Do(ctx, http.MethodGet, path, nil, nil)
	if err != nil {
		return pk, nil, time.Time{}, err
	}
	if resp.Status != http.StatusOK {
		return pk, nil, time.Time{}, resp.Error("GET", path)
	}
	if err := resp.DecodeJSON("GET", path, &pk); err != nil {
		return pk, nil, time.Time{}, err
	}
	raw, err := base64.StdEncoding.DecodeString(pk.Key)
	if err != nil || len(raw) != 32 || pk.KeyID == "" {
		return pk, nil, time.Time{}, fmt.Errorf("GET %s: the public key is not a base64 Curve25519 key with a key_id", path)
	}
	var key [32]byte
	copy(key[:], raw)
	// The write's start, on GitHub's clock (updated_at is on it too, in
	// whole seconds); the local clock when the answer has no Date.
	start := g.API.now()
	if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		start = d
	}
	return pk, &key, start.Truncate(time.Second), nil
}

func (g *GitHub) Preflight(ctx context.Context) error {
	_, _, _, err := g.publicKey(ctx)
	return err
}

func (g *GitHub) Plan(v Values) string {
	s := "seal the key with the public key of " + g.Repo + " and set secret " + g.Secret
	if g.URLVar != "" {
		s += ", set variable " + g.URLVar + " to " + v.URL
	}
	return s
}

func (g *GitHub) Push(ctx context.Context, v Values) (Status, string, error) {
	pk, key, start, err := g.publicKey(ctx)
	if err != nil {
		return Failed, "", err
	}
	sealed, err := box.SealAnonymous(nil, []byte(v.Key), key, rand.Reader)
	if err != nil {
		return Failed, "", fmt.Errorf("sealing the key: %w", err)
	}
	path := g.secretPath()
	resp, err := g.API.Do(ctx, http.MethodPut, path, nil, map[string]string{
		"encrypted_value": base64.StdEncoding.EncodeToString(sealed),
		"key_id":          pk.KeyID,
	})
	if err != nil {
		return Failed, "", err
	}
	if resp.Status != http.StatusCreated && resp.Status != http.StatusNoContent {
		return Failed, "", resp.Error("PUT", path)
	}
	updated, err := g.updatedAt(ctx)
	if err != nil {
		return Failed, "", fmt.Errorf("written, but reading it back failed: %w", err)
	}
	if updated.Before(start) {
		return Failed, "", fmt.Errorf("written, but GitHub shows it last updated at %s, before this write began (%s)", timeText(updated), timeText(start))
	}
	detail := "updated_at " + timeText(updated)
	if g.URLVar != "" {
		if err := g.setURLVar(ctx, v.URL); err != nil {
			return Failed, "", fmt.Errorf("secret written and verified, but variable %s: %w", g.URLVar, err)
		}
		detail += "; variable " + g.URLVar + " verified"
	}
	return Verified, detail, nil
}

// updatedAt reads the secret's metadata; zero time and nil error when
// the secret does not exist.
func (g *GitHub) updatedAt(ctx context.Context) (time.Time, error) {
	path := g.secretPath()
	resp, err := g.API.Do(ctx, http.MethodGet, path, nil, nil)
	if err != nil {
		return time.Time{}, err
	}
	if resp.Status == http.StatusNotFound {
		return time.Time{}, nil
	}
	if resp.Status != http.StatusOK {
		return time.Time{}, resp.Error("GET", path)
	}
	var meta struct {
		UpdatedAt time.Time `json:"updated_at"`
	}
	if err := resp.DecodeJSON("GET", path, &meta); err != nil {
		return time.Time{}, err
	}
	if meta.UpdatedAt.IsZero() {
		return time.Time{}, fmt.Errorf("GET %s: the answer has no updated_at", path)
	}
	return meta.UpdatedAt, nil
}

// setURLVar updates the variable, creates it when absent, and reads it
// back.
func (g *GitHub) setURLVar(ctx context.Context, value string) error {
	path := g.varsPath() + "/" + g.URLVar
	body := map[string]string{"name": g.URLVar, "value": value}
	resp, err := g.API.Do(ctx, http.MethodPatch, path, nil, body)
	if err != nil {
		return err
	}
	if resp.Status == http.StatusNotFound {
		resp, err = g.API.Do(ctx, http.MethodPost, g.varsPath(), nil, body)
		if err != nil {
			return err
		}
		if resp.Status != http.StatusCreated {
			return resp.Error("POST", g.varsPath())
		}
	} else if resp.Status != http.StatusNoContent && resp.Status != http.StatusOK {
		return resp.Error("PATCH", path)
	}
	got, found, err := g.urlVar(ctx)
	if err != nil {
		return err
	}
	if !found || got != value {
		return fmt.Errorf("written, but reading it back gives another value")
	}
	return nil
}

func (g *GitHub) urlVar(ctx context.Context) (string, bool, error) {
	path := g.varsPath() + "/" + g.URLVar
	resp, err := g.API.Do(ctx, http.MethodGet, path, nil, nil)
	if err != nil {
		return "", false, err
	}
	if resp.Status == http.StatusNotFound {
		return "", false, nil
	}
	if resp.Status != http.StatusOK {
		return "", false, resp.Error("GET", path)
	}
	var v struct {
		Value string `json:"value"`
	}
	if err := resp.DecodeJSON("GET", path, &v); err != nil {
		return "", false, err
	}
	return v.Value, true, nil
}

// Check compares updated_at with the key's last rotation: GitHub's values
// cannot be read, so a secret updated at or after it is taken as fresh.
func (g *GitHub) Check(ctx context.Context, v Values) (Status, string, error) {
	updated, err := g.updatedAt(ctx)
	if err != nil {
		return Failed, "", err
	}
	if updated.IsZero() {
		return Drift, "the secret does not exist", nil
	}
	if g.URLVar != "" {
		got, found, err := g.urlVar(ctx)
		if err != nil {
			return Failed, "", err
		}
		if !found {
			return Drift, "variable " + g.URLVar + " does not exist", nil
		}
		if got != v.URL {
			// What the variable holds is shown as every url is: never its
			// userinfo (redact.URL).
			shown, _ := redact.URL(got)
			return Drift, "variable " + g.URLVar + " holds " + shown + ", not " + v.URL, nil
		}
	}
	switch {
	case v.LastRotated.IsZero():
		why := v.RotationUnknown
		if why == "" {
			why = "the key's last rotation is unknown"
		}
		return Unknown, "updated_at " + timeText(updated) + "; GitHub values cannot be read, and " + why, nil
	case updated.Before(v.LastRotated.Truncate(time.Second)):
		return Drift, "updated_at " + timeText(updated) + " is before the key's last rotation (" + timeText(v.LastRotated) + "): it holds an older key", nil
	}
	return InSync, "updated_at " + timeText(updated) + ", at or after the key's last rotation", nil
}
