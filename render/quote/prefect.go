package quote

import (
	"regexp"
	"sync"
)

// prefectPlaceholder mirrors Prefect's placeholder pattern
// {{\s*([\w\.\-\[\]$]+)\s*}} (prefect/utilities/templating) with Python's
// Unicode meaning of \w and \s, so that nothing Prefect would template slips
// through. Prefect has no escape for such text.
// It is compiled on first use: zenv env bash must not pay for it at start-up.
var prefectPlaceholder = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(
		`\{\{[\s\x0b\x1c-\x1f\x85\p{Z}]*[\p{L}\p{N}_.\-\[\]$]+[\s\x0b\x1c-\x1f\x85\p{Z}]*\}\}`)
})

// PrefectYAML quotes s for a literal value in prefect.yaml, and refuses a
// value that Prefect would treat as a placeholder.
func PrefectYAML(s string) (string, error) {
	if loc := prefectPlaceholder().FindStringIndex(s); loc != nil {
		return "", refuse(s, loc[0], "prefect would replace this {{ ... }} placeholder and has no escape for it")
	}
	return YAML(s)
}
