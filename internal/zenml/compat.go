package zenml

import (
	"errors"

	"github.com/zenv-dev/zenv/internal/fuzzy"
)

// The old API, kept only until the callers move to the one above, in the
// next commits of the same branch. Do not use.

// Deprecated: use Name(n).Class == Client.
func IsClientName(name string) bool { return Name(name).Class == Client }

// Deprecated: use Name(n).Instead.
func Mistaken(name string) string { return Name(name).Instead }

// Deprecated: use Name(n).
func Ignored(name string) (string, bool) {
	i := Name(name)
	return i.Instead, i.Class != Client && i.Class != NotZenML
}

// Deprecated: use ParseKey.
func DecodeKey(key string) (Key, error) {
	k, ps := ParseKey(key)
	for _, p := range ps {
		if p.Code != CodeKeyTrailing && p.Code != CodeKeyWhitespace && p.Code != CodeKeySecret {
			return k, errors.New(p.Message)
		}
	}
	return k, nil
}

// Deprecated: use ParseKey.
func IsSecretShape(s string) bool { return isSecretShape(s) }

// Deprecated: use ParseVerifySSL.
func NearestBool(value string) string { return fuzzy.Closest(value, []string{"true", "false"}) }

// Deprecated: use CheckValue.
func CheckValueErr(name, value string) error {
	if Name(name).URL || name == StoreVerifySSL || name == ActiveProject || name == ActiveStack {
		return nil // the old CheckValue left these to other checks
	}
	if ps := CheckValue(name, value); len(ps) > 0 {
		return errors.New(name + "=" + `"` + value + `" ` + ps[0].Error())
	}
	return nil
}
