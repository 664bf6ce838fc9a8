//go:build e2e

package zenml

import "slices"

// The e2e suite's scan of the installed zenml package compares its names
// with these tables. They are built only with the e2e tag: the binary
// never needs them.

// ClientNames lists the names a client reads, sorted.
func ClientNames() []string { return slices.Clone(clientNames) }

// ServerPrefixes lists the prefixes whose every name only a server reads.
func ServerPrefixes() []string { return slices.Clone(serverPrefixes) }

// String names a class in the scan's messages.
func (c Class) String() string {
	return [...]string{"not ZenML's", "client setting", "server-only", "internal", "mistake", "unknown"}[c]
}
