package zenml

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// Key prefixes (src/zenml/constants.py: ZENML_API_KEY_PREFIX,
// ZENML_PRO_API_KEY_PREFIX).
const (
	KeyPrefix    = "ZENKEY_"
	ProKeyPrefix = "ZENPROKEY_"
)

// APIKey is a decoded ZENKEY_: the key's id, which identifies it and may be
// shown, and the secret, which must never be.
type APIKey struct {
	ID     string
	Secret string
}

// DecodeKey decodes a ZENKEY_ the way the server does
// (src/zenml/models/v2/core/api_key.py: APIKey.decode_api_key): padded
// standard base64 of the JSON {"id": "<uuid>", "key": "<secret>"}. Its
// errors describe the problem without quoting any part of the key.
func DecodeKey(key string) (APIKey, error) {
	rest, ok := strings.CutPrefix(key, KeyPrefix)
	if !ok {
		return APIKey{}, errors.New("does not start with " + KeyPrefix)
	}
	body, err := base64.StdEncoding.DecodeString(rest)
	if err != nil {
		return APIKey{}, errors.New("is not " + KeyPrefix + " followed by base64")
	}
	var payload struct {
		ID  *string `json:"id"`
		Key *string `json:"key"`
	}
	if json.Unmarshal(body, &payload) != nil || payload.ID == nil || payload.Key == nil {
		return APIKey{}, errors.New("does not hold the id and key ZenML expects")
	}
	if !IsUUID(*payload.ID) {
		return APIKey{Secret: *payload.Key}, errors.New("holds an id that is not a UUID")
	}
	return APIKey{ID: strings.ToLower(*payload.ID), Secret: *payload.Key}, nil
}

// IsSecretShape reports whether s has the shape of the secret ZenML generates
// for a key: 64 lower-case hex digits (secrets.token_hex(32)).
func IsSecretShape(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isHexDigit(s[i]) || s[i] >= 'A' && s[i] <= 'F' {
			return false
		}
	}
	return true
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
