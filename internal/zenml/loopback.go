package zenml

import (
	"net/netip"
	"strings"
)

// IsLoopbackHost reports whether host names this machine: the one place
// plain http:// may carry the key without crossing a network.
func IsLoopbackHost(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
