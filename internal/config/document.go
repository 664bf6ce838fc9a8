package config

import (
	"errors"

	"gopkg.in/yaml.v3"
)

// EncodeDocument writes doc, a YAML document parsed from original and then
// edited, back the way Edit writes the config file: original's indentation
// and blank lines, comments and order kept, and refused when the result
// would not read back with exactly doc's values. name is for messages.
// Other YAML files zenv edits in place (a prefect.yaml) use it.
func EncodeDocument(name string, doc *yaml.Node, original []byte) ([]byte, error) {
	if doc == nil || doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, errors.New(name + ": not one YAML document")
	}
	d := &Doc{path: name, doc: doc, root: doc.Content[0]}
	return d.encode(original)
}
