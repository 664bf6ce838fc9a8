package httpclient

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
)

// Trust is whom a client trusts: a certificate pool, or no verification.
// Source says which, in words a report can print ("REQUESTS_CA_BUNDLE
// /etc/ca.pem", "the system roots /etc/ssl/certs/ca-certificates.crt").
type Trust struct {
	Pool     *x509.CertPool // nil only with Insecure
	Insecure bool
	Source   string
}

// InsecureTrust verifies nothing. why says who asked (e.g.
// "ZENML_STORE_VERIFY_SSL=false").
func InsecureTrust(why string) Trust {
	return Trust{Insecure: true, Source: "no verification (" + why + ")"}
}

// MaxBundle bounds a CA bundle file: the system bundle and certifi's are
// about 200-300 KiB.
const MaxBundle = 4 << 20

// BundleError: a CA bundle could not be read or holds no certificate.
type BundleError struct {
	Source string // e.g. "REQUESTS_CA_BUNDLE /x/ca.pem"
	Err    error
}

func (e *BundleError) Error() string { return e.Source + ": " + e.Err.Error() }
func (e *BundleError) Unwrap() error { return e.Err }

// ErrNoCertificate: a bundle holds no PEM certificate.
var ErrNoCertificate = errors.New("holds no PEM certificate")

// PEMTrust trusts exactly the certificates in data.
func PEMTrust(source string, data []byte) (Trust, error) {
	pool := x509.NewCertPool()
	n := 0
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			continue // as OpenSSL's loader, skip what does not parse
		}
		pool.AddCert(c)
		n++
	}
	if n == 0 {
		return Trust{}, &BundleError{Source: source, Err: ErrNoCertificate}
	}
	return Trust{Pool: pool, Source: fmt.Sprintf("%s (%d certificate%s)", source, n, plural(n))}, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// FileTrust trusts the certificates of a PEM file, or of every file in a
// folder (requests passes a folder to OpenSSL as a CA path), read with
// ReadBounded.
func FileTrust(source, path string) (Trust, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Trust{}, &BundleError{Source: source, Err: bareFSError(err)}
	}
	if !st.IsDir() {
		data, err := ReadBounded(path, MaxBundle)
		if err != nil {
			return Trust{}, &BundleError{Source: source, Err: bareFSError(err)}
		}
		return PEMTrust(source, data)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return Trust{}, &BundleError{Source: source, Err: bareFSError(err)}
	}
	var all []byte
	for _, e := range entries {
		if len(all) > MaxBundle {
			break
		}
		if data, err := ReadBounded(filepath.Join(path, e.Name()), MaxBundle); err == nil {
			all = append(append(all, data...), '\n')
		}
	}
	return PEMTrust(source, all)
}

func bareFSError(err error) error {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied")
	case errors.As(err, &pe):
		return pe.Err
	}
	return err
}

// ReadBounded reads a file of at most max bytes.
func ReadBounded(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("larger than %d MiB", max>>20)
	}
	return b, nil
}

// systemBundles and systemDirs are where Linux and the BSDs keep the
// system's roots (Go's crypto/x509 root_linux.go and root_bsd.go list the
// same). SystemTrust reads them itself: Go's loader would also read
// SSL_CERT_FILE and SSL_CERT_DIR, which Python's requests never does.
var (
	systemBundles = []string{
		"/etc/ssl/certs/ca-certificates.crt",                // Debian, Ubuntu, Gentoo, Arch
		"/etc/pki/tls/certs/ca-bundle.crt",                  // Fedora, RHEL 6
		"/etc/ssl/ca-bundle.pem",                            // openSUSE
		"/etc/pki/tls/cacert.pem",                           // OpenELEC
		"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", // CentOS, RHEL 7
		"/etc/ssl/cert.pem",                                 // Alpine, the BSDs, macOS
		"/usr/local/etc/ssl/cert.pem",                       // FreeBSD
		"/usr/local/share/certs/ca-root-nss.crt",            // DragonFly
	}
	systemDirs = []string{"/etc/ssl/certs", "/etc/pki/tls/certs"}
)

// SystemTrust trusts the operating system's roots. On macOS and Windows
// these come from the platform's verifier; elsewhere from the first system
// bundle found (or the system folders), never from SSL_CERT_FILE or
// SSL_CERT_DIR.
func SystemTrust() (Trust, error) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		pool, err := x509.SystemCertPool()
		if err != nil {
			return Trust{}, &BundleError{Source: "the system roots", Err: err}
		}
		return Trust{Pool: pool, Source: "the system roots"}, nil
	}
	for _, f := range systemBundles {
		if st, err := os.Stat(f); err == nil && st.Mode().IsRegular() {
			t, err := FileTrust("the system roots "+f, f)
			if err == nil {
				return t, nil
			}
		}
	}
	for _, d := range systemDirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			if t, err := FileTrust("the system roots "+d, d); err == nil {
				return t, nil
			}
		}
	}
	return Trust{}, &BundleError{Source: "the system roots", Err: errors.New("none found in " + fmt.Sprint(slices.Concat(systemBundles, systemDirs)))}
}

// RequestsVerify is what a Python requests session was given as verify.
type RequestsVerify struct {
	// Off: verify=False.
	Off bool
	// Path: verify=<path> (a bundle file or a folder), named by Source.
	Path string
	// PEM: certificate text, written to a file by the caller before it
	// reached requests (ZenML does that with verify_ssl's text, or with a
	// file's content).
	PEM []byte
	// Source names Off, Path or PEM in the report, e.g.
	// "ZENML_STORE_VERIFY_SSL".
	Source string
}

// RequestsTrust resolves trust as Python's requests does
// (Session.merge_environment_settings): an explicit bundle or False wins;
// else REQUESTS_CA_BUNDLE, else CURL_CA_BUNDLE (non-empty), else certifi's
// bundle (certifi() returns its path, "" when unknown), else the system
// roots (system(); nil is SystemTrust). getenv reads the environment the
// client runs in.
func RequestsTrust(v RequestsVerify, getenv func(string) string, certifi func() string, system func() (Trust, error)) (Trust, error) {
	switch {
	case v.Off:
		return InsecureTrust(v.Source + " is false"), nil
	case v.PEM != nil:
		return PEMTrust(v.Source, v.PEM)
	case v.Path != "":
		return FileTrust(v.Source+" "+v.Path, v.Path)
	}
	for _, name := range []string{"REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"} {
		if p := getenv(name); p != "" {
			return FileTrust(name+" "+p, p)
		}
	}
	if certifi != nil {
		if p := certifi(); p != "" {
			return FileTrust("certifi's bundle "+p, p)
		}
	}
	if system != nil {
		return system()
	}
	return SystemTrust()
}
