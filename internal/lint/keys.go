package lint

import (
	"bytes"

	"github.com/zenv-dev/zenv/internal/redact"
)

// A ZenML API key is ZENKEY_ (ZENPROKEY_ for ZenML Pro) and standard padded
// base64 of {"id": "<uuid>", "key": "<64 hex>"}, about 160 characters
// (REFERENCE.md section 2). A run of at least minKeyBody base64 characters
// after the prefix is taken for a key; shorter runs are prose or
// placeholders ("ZENKEY_...", "ZENKEY_benchmark").
const minKeyBody = 32

// GitleaksRule is the gitleaks rule the README ships for ZenML keys:
// gitleaks has none, and its generic rule misses a key under a name that
// does not look secret. Its regex finds exactly what findKeys finds
// (TestGitleaksRuleAgreesWithLint).
const GitleaksRule = `[[rules]]
id = "zenml-api-key"
description = "ZenML API key (ZENKEY_ or ZENPROKEY_ and base64)"
regex = '''\b(ZEN(?:PRO)?KEY_[A-Za-z0-9+/]{32,}={0,2})'''
keywords = ["zenkey_", "zenprokey_"]
`

// keyMatch is a key's place in a text: [start, end) byte offsets, and the
// prefix it starts with.
type keyMatch struct {
	start, end int
	prefix     string
}

// findKeys returns every literal key in data, in order.
func findKeys(data []byte) []keyMatch {
	var out []keyMatch
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("ZEN"))
		if j < 0 {
			return out
		}
		at := i + j
		i = at + 3
		if at > 0 && isWordByte(data[at-1]) {
			continue
		}
		for _, p := range redact.KeyPrefixes {
			if !bytes.HasPrefix(data[at:], []byte(p)) {
				continue
			}
			end := at + len(p)
			for end < len(data) && isBase64Byte(data[end]) {
				end++
			}
			if end-at-len(p) < minKeyBody {
				break
			}
			for pad := 0; pad < 2 && end < len(data) && data[end] == '='; pad++ {
				end++
			}
			out = append(out, keyMatch{at, end, p})
			i = end
			break
		}
	}
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isBase64Byte(c byte) bool {
	return c == '+' || c == '/' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
