package config

import "gopkg.in/yaml.v3"

// SetKeyValue replaces the literal key of profile name (api_key: {value:
// ...}), for zenv rotate saving a new key where the profile reads it. The
// profile must already read its key from a literal: rotate never moves a
// key to another kind of source.
func (c *Doc) SetKeyValue(name, key string) error {
	i := c.profileIndex(name)
	if i < 0 {
		return c.notFound(name)
	}
	m := resolveAlias(c.profiles.Content[i+1])
	var v *yaml.Node
	if m.Kind == yaml.MappingNode {
		v = c.value(m, "api_key")
	}
	if v == nil || v.Kind != yaml.MappingNode || len(v.Content) != 2 || v.Content[0].Value != "value" {
		return errorf(ErrNotFound, "profile %q in %s does not read its key from api_key: {value: ...}", name, c.path)
	}
	lit := resolveAlias(v.Content[1])
	lit.Value, lit.Tag, lit.Style = key, "!!str", yaml.DoubleQuotedStyle
	c.changed = true
	return nil
}
