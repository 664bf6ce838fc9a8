package config

import "gopkg.in/yaml.v3"

// EncodeDocument writes doc, a YAML document parsed from original and then
// edited, back the way Edit writes the config file: original's indentation
// and blank lines, comments and order kept, and refused when the result
// would not read back with exactly doc's values. name is for messages.
// zenv env prefect --into edits a prefect.yaml with it.
func EncodeDocument(name string, doc *yaml.Node, original []byte) ([]byte, error) {
	c := &Doc{path: name, doc: doc, root: doc.Content[0]}
	return c.encode(original)
}

// CountDocuments counts the YAML documents in data.
func CountDocuments(data []byte) (int, error) { return countDocuments(data) }
