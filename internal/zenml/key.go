package zenml

import (
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/zenv-dev/zenv/internal/redact"
)

// Key prefixes (src/zenml/constants.py: ZENML_API_KEY_PREFIX,
// ZENML_PRO_API_KEY_PREFIX), written once, in internal/redact.
const (
	KeyPrefix    = redact.KeyPrefix
	ProKeyPrefix = redact.ProKeyPrefix
)

// HasKeyPrefix reports whether s starts as a ZenML API key does (ZENKEY_
// or ZENPROKEY_), however short the rest: a field that names a key's place
// refuses it without echoing it.
func HasKeyPrefix(s string) bool {
	return strings.HasPrefix(s, KeyPrefix) || strings.HasPrefix(s, ProKeyPrefix)
}

// Key is what ParseKey read. ID identifies the key and may be shown;
// Secret must never be.
type Key struct {
	Clean  string // the key without quotes or white space pasted around it
	Pro    bool   // a ZenML Pro key (ZENPROKEY_), opaque to zenv
	ID     string // a ZENKEY_'s id, lower-case; "" when it has none
	Secret string // a ZENKEY_'s secret
}

// ParseKey reads an API key the way the server decodes it
// (src/zenml/models/v2/core/api_key.py: APIKey.decode_api_key): ZENKEY_
// followed by padded standard base64 of the JSON {"id": "<uuid>", "key":
// "<64 hex>"}, or a ZenML Pro key starting ZENPROKEY_. It returns every
// problem; none quotes any part of the key.
func ParseKey(raw string) (Key, []Problem) {
	var out []Problem
	k := Key{Clean: strings.Trim(strings.TrimSpace(raw), `"'`)}
	if k.Clean != raw {
		if strings.TrimRight(raw, " \t\r\n") == k.Clean {
			// Trailing white space only: the server's base64 decoder skips
			// it, so the key still works, until something stricter reads it.
			out = append(out, *problem(CodeKeyTrailing, "ends with "+pasted(raw), "remove it where the key is set"))
		} else {
			out = append(out, *problem(CodeKeyWhitespace, "holds "+pasted(raw)+" around the key",
				"remove them where the key is set; the client sends them as part of the key"))
		}
	}
	const again = "copy the whole key again from `zenml service-account create` or `... api-key create`"
	switch c := k.Clean; {
	case strings.HasPrefix(c, "eyJ") && strings.Count(c, ".") == 2:
		out = append(out, *problem(CodeKeyToken, "holds an access token, not an API key: it expires",
			"create a service account key (zenml service-account create NAME) and use it"))
	case strings.HasPrefix(c, ProKeyPrefix):
		k.Pro = true
	case !strings.HasPrefix(c, KeyPrefix):
		out = append(out, *problem(CodeKeyPrefix, "does not start with "+KeyPrefix+" or "+ProKeyPrefix, "use a service account's API key"))
	default:
		body, err := base64.StdEncoding.DecodeString(c[len(KeyPrefix):])
		if err != nil {
			out = append(out, *problem(CodeKeyBase64, "is not "+KeyPrefix+" followed by base64", again))
			break
		}
		var payload struct {
			ID  *string `json:"id"`
			Key *string `json:"key"`
		}
		if json.Unmarshal(body, &payload) != nil || payload.ID == nil || payload.Key == nil {
			out = append(out, *problem(CodeKeyPayload, "does not hold the id and key ZenML expects", again))
			break
		}
		k.Secret = *payload.Key
		if !IsUUID(*payload.ID) {
			out = append(out, *problem(CodeKeyID, "holds an id that is not a UUID; the key was cut or altered", again))
		} else {
			k.ID = strings.ToLower(*payload.ID)
		}
		if !isSecretShape(k.Secret) {
			out = append(out, *problem(CodeKeySecret, "holds a secret that is not the 64 hex digits ZenML makes; the key was cut or altered", again))
		}
	}
	return k, out
}

// isSecretShape: the secret ZenML generates for a key is 64 lower-case hex
// digits (secrets.token_hex(32)).
func isSecretShape(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// pasted names what surrounds the key, never the key.
func pasted(raw string) string {
	switch {
	case strings.ContainsAny(raw, `"'`) && strings.TrimSpace(raw) != raw:
		return "quotes and white space"
	case strings.ContainsAny(raw, `"'`):
		return "quotes"
	case strings.ContainsAny(raw, "\r\n"):
		return "a line break"
	}
	return "white space"
}
