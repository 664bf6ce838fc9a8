package quote

// K8sStringData writes s as a value under a Secret's stringData: a
// double-quoted YAML string, which kubectl (sigs.k8s.io/yaml) reads back
// exactly. The API server stores it as the Secret's data, and envFrom
// hands it to the container as it is. YAML refuses NUL and bytes that are
// not UTF-8, neither of which an environment or a YAML string can carry.
func K8sStringData(s string) (string, error) {
	return YAML(s)
}
