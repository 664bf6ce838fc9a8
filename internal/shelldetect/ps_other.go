//go:build !darwin && !windows

package shelldetect

func (OS) RunPS(int) (string, error)       { return "", errUnsupported }
func (OS) Ancestors(int) ([]string, error) { return nil, errUnsupported }
