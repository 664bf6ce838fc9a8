package httpclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
)

// Kind is what went wrong with a request, for a caller to word.
type Kind int

const (
	KindOther            Kind = iota
	KindDNS                   // the host name does not resolve
	KindRefused               // nothing listens at the port
	KindTimeout               // no complete answer within the timeout
	KindCanceled              // the caller gave up
	KindClosed                // the connection closed before an answer
	KindNotHTTP               // the answer is not HTTP
	KindNotTLS                // an https URL, and the server speaks no TLS
	KindUnknownAuthority      // the certificate's issuer is not trusted
	KindHostname              // the certificate is not for this host
	KindCertInvalid           // expired, not yet valid, or otherwise invalid
	KindProxy                 // the proxy failed or refused the tunnel
	KindTooLarge              // a body or headers over the bounds
	KindRedirect              // a redirect to another origin (or too many)
	KindBundle                // a CA bundle could not be read
)

// Classify says what kind of failure err (from Do or New) is.
func Classify(err error) Kind {
	var (
		dns    *net.DNSError
		re     *RedirectError
		be     *BundleError
		ua     x509.UnknownAuthorityError
		he     x509.HostnameError
		ci     x509.CertificateInvalidError
		rh     tls.RecordHeaderError
		op     *net.OpError
		scheme *ProxySchemeError
		pe     *ProxyError
	)
	switch {
	case err == nil:
		return KindOther
	case errors.As(err, &re):
		return KindRedirect
	case errors.Is(err, ErrTooLarge):
		return KindTooLarge
	case errors.As(err, &be):
		return KindBundle
	case errors.As(err, &scheme) || errors.As(err, &pe) || errors.As(err, &op) && op.Op == "proxyconnect":
		return KindProxy
	case errors.As(err, &ua):
		return KindUnknownAuthority
	case errors.As(err, &he):
		return KindHostname
	case errors.As(err, &ci):
		return KindCertInvalid
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded):
		return KindTimeout
	case errors.Is(err, context.Canceled):
		return KindCanceled
	case errors.As(err, &dns):
		return KindDNS
	case errors.Is(err, syscall.ECONNREFUSED):
		return KindRefused
	case errors.As(err, &rh) || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return KindNotTLS
	case strings.Contains(err.Error(), "malformed HTTP"):
		return KindNotHTTP
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE):
		return KindClosed
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return KindTimeout
	}
	return KindOther
}
