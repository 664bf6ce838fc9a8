package push

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Prefect is a Secret block, written through Prefect's REST API
// (server/api/block_documents.py, 3.x): created with the secret type's
// newest schema, or patched when the name exists (409), then read back
// with include_secrets=true.
type Prefect struct {
	API   *API
	Block string
}

// NewPrefect sets Prefect's authentication: a Cloud key as Bearer, or a
// self-hosted server's basic auth string (PREFECT_API_AUTH_STRING).
// secret (the redactor) gets what the header carries, so a server that
// echoes it shows none of it.
func NewPrefect(api *API, token, authString string, secret func(string)) *API {
	api.Header = http.Header{}
	switch {
	case token != "":
		api.Header.Set("Authorization", "Bearer "+token)
	case authString != "":
		api.Header.Set("Authorization", BasicAuth(authString, secret))
	}
	return api
}

// BasicAuth is the Authorization value for basic credentials
// ("user:password"). Their base64 is a secret as much as they are: it is
// given to secret (padded and not) before the header can be sent.
func BasicAuth(credentials string, secret func(string)) string {
	enc := base64.StdEncoding.EncodeToString([]byte(credentials))
	if secret != nil {
		secret(credentials)
		secret(enc)
		secret(strings.TrimRight(enc, "="))
	}
	return "Basic " + enc
}

func (p *Prefect) Name() string { return "prefect " + p.API.Base + " block " + p.Block }

const prefectTypePath = "/block_types/slug/secret"

func (p *Prefect) docPath() string {
	return prefectTypePath + "/block_documents/name/" + url.PathEscape(p.Block)
}

type prefectID struct {
	ID string `json:"id"`
}

func (p *Prefect) blockTypeID(ctx context.Context) (string, error) {
	resp, err := p.API.Do(ctx, http.MethodGet, prefectTypePath, nil, nil)
	if err != nil {
		return "", err
	}
	if resp.Status != http.StatusOK {
		return "", resp.Error("GET", prefectTypePath)
	}
	var t prefectID
	if err := resp.DecodeJSON("GET", prefectTypePath, &t); err != nil {
		return "", err
	}
	if t.ID == "" {
		return "", fmt.Errorf("GET %s: no block type id in the answer; is this a Prefect API url (ending /api)?", prefectTypePath)
	}
	return t.ID, nil
}

// read returns the block's id and value; "" id when absent.
func (p *Prefect) read(ctx context.Context) (id, value string, err error) {
	resp, err := p.API.Do(ctx, http.MethodGet, p.docPath(), url.Values{"include_secrets": {"true"}}, nil)
	if err != nil {
		return "", "", err
	}
	if resp.Status == http.StatusNotFound {
		return "", "", nil
	}
	if resp.Status != http.StatusOK {
		return "", "", resp.Error("GET", p.docPath())
	}
	var doc struct {
		ID   string         `json:"id"`
		Data map[string]any `json:"data"`
	}
	if err := resp.DecodeJSON("GET", p.docPath(), &doc); err != nil {
		return "", "", err
	}
	v, _ := doc.Data["value"].(string)
	return doc.ID, v, nil
}

func (p *Prefect) Preflight(ctx context.Context) error {
	_, err := p.blockTypeID(ctx)
	return err
}

func (p *Prefect) Plan(Values) string {
	return "create or update Secret block " + p.Block
}

func (p *Prefect) Push(ctx context.Context, v Values) (Status, string, error) {
	typeID, err := p.blockTypeID(ctx)
	if err != nil {
		return Failed, "", err
	}
	id, cur, err := p.read(ctx)
	if err != nil {
		return Failed, "", err
	}
	if id != "" && cur == v.Key {
		return Unchanged, "", nil
	}
	created := false
	if id == "" {
		if created, err = p.create(ctx, typeID, v.Key); err != nil {
			return Failed, "", err
		}
		if !created { // 409: made meanwhile; patch it
			if id, _, err = p.read(ctx); err != nil {
				return Failed, "", err
			}
		}
	}
	if !created {
		if id == "" {
			return Failed, "", fmt.Errorf("the block exists (409) but cannot be read")
		}
		path := "/block_documents/" + url.PathEscape(id)
		resp, err := p.API.Do(ctx, http.MethodPatch, path, nil, map[string]any{
			"data":                map[string]string{"value": v.Key},
			"merge_existing_data": false,
		})
		if err != nil {
			return Failed, "", err
		}
		if resp.Status != http.StatusNoContent && resp.Status != http.StatusOK {
			return Failed, "", resp.Error("PATCH", path)
		}
	}
	_, got, err := p.read(ctx)
	switch {
	case err != nil:
		return Failed, "", fmt.Errorf("written, but reading it back failed: %w", err)
	case got != v.Key:
		return Failed, "", fmt.Errorf("written, but reading it back gives another value")
	}
	if created {
		return Verified, "created", nil
	}
	return Verified, "updated", nil
}

// create makes the block with the type's newest schema; false (and no
// error) when the name already exists.
func (p *Prefect) create(ctx context.Context, typeID, key string) (bool, error) {
	const filter = "/block_schemas/filter"
	resp, err := p.API.Do(ctx, http.MethodPost, filter, nil, map[string]any{
		"block_schemas": map[string]any{"block_type_id": map[string]any{"any_": []string{typeID}}},
		"limit":         1,
	})
	if err != nil {
		return false, err
	}
	if resp.Status != http.StatusOK {
		return false, resp.Error("POST", filter)
	}
	var schemas []prefectID
	if err := resp.DecodeJSON("POST", filter, &schemas); err != nil {
		return false, err
	}
	if len(schemas) == 0 || schemas[0].ID == "" {
		return false, fmt.Errorf("POST %s: the server has no schema for the secret block type", filter)
	}
	const docs = "/block_documents/"
	resp, err = p.API.Do(ctx, http.MethodPost, docs, nil, map[string]any{
		"name":            p.Block,
		"block_type_id":   typeID,
		"block_schema_id": schemas[0].ID,
		"data":            map[string]string{"value": key},
		"is_anonymous":    false,
	})
	if err != nil {
		return false, err
	}
	switch resp.Status {
	case http.StatusCreated, http.StatusOK:
		return true, nil
	case http.StatusConflict:
		return false, nil
	}
	return false, resp.Error("POST", docs)
}

func (p *Prefect) Check(ctx context.Context, v Values) (Status, string, error) {
	id, cur, err := p.read(ctx)
	switch {
	case err != nil:
		return Failed, "", err
	case id == "":
		return Drift, "the block does not exist", nil
	case cur != v.Key:
		return Drift, "the block holds another value", nil
	}
	return InSync, "", nil
}
