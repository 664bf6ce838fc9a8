package quote

import (
	"fmt"
	"regexp"
	"sync"
)

// K8sStringData writes s as a value under a Secret's stringData: a
// double-quoted YAML string, which kubectl (sigs.k8s.io/yaml) reads back
// exactly. The API server stores it as the Secret's data, and envFrom
// hands it to the container as it is. YAML refuses NUL and bytes that are
// not UTF-8, neither of which an environment or a YAML string can carry.
func K8sStringData(s string) (string, error) {
	return YAML(s)
}

// k8sName is a DNS subdomain (RFC 1123), the rule for a Secret's name:
// lower-case letters, digits, - and ., starting and ending alphanumeric.
var k8sName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
})

// K8sSecretName checks a Secret's name as the API server does.
func K8sSecretName(name string) error {
	if len(name) > 253 || !k8sName().MatchString(name) {
		return fmt.Errorf("kubernetes secret name %q must be lower-case letters, digits, - and . (a DNS subdomain, at most 253 characters)", name)
	}
	return nil
}
