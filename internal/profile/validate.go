package profile

import (
	"encoding/pem"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/zenv-dev/zenv/internal/fsutil"
	"github.com/zenv-dev/zenv/internal/fuzzy"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/zenml"
	"github.com/zenv-dev/zenv/render"
)

// checkURL validates a ZenML server URL and returns it as ZenML will use it:
// without a trailing "/". The warning is for http:// to a remote host.
func checkURL(raw string) (normalized, warning string, err error) {
	if raw == "" {
		return "", "", fmt.Errorf("the server url is empty; give it as https://your-zenml-server")
	}
	// A key pasted here, or inside it, must not be echoed back below.
	if redact.LooksLikeKey(raw) {
		return "", "", fmt.Errorf("the server url holds an api key; give the key with --api-key-env, --api-key-file, --api-key-stdin or --api-key-cmd, and rotate it if it reached shell history")
	}
	if strings.TrimSpace(raw) != raw || strings.ContainsAny(raw, " \t\r\n") {
		return "", "", fmt.Errorf("server url %q contains white space", raw)
	}
	lower := strings.ToLower(raw)
	for _, sql := range []string{"sqlite:", "mysql:"} {
		if strings.HasPrefix(lower, sql) {
			return "", "", fmt.Errorf("server url %q is a SQL store; zenv configures clients of a ZenML server (http:// or https://)", raw)
		}
	}
	if !strings.Contains(raw, "://") {
		rest, scheme := raw, "https"
		for _, sch := range []string{"https:", "http:"} {
			if len(raw) >= len(sch) && strings.EqualFold(raw[:len(sch)], sch) {
				rest, scheme = strings.TrimLeft(raw[len(sch):], "/"), strings.ToLower(sch[:len(sch)-1])
			}
		}
		return "", "", fmt.Errorf("server url %q has no scheme://; did you mean %s://%s?", raw, scheme, rest)
	}
	u, perr := url.Parse(raw)
	if perr != nil {
		return "", "", fmt.Errorf("server url %q does not parse: %v", raw, unwrapURLError(perr))
	}
	// ZenML checks the prefix literally: HTTPS:// is not a REST store.
	if u.Scheme != "http" && u.Scheme != "https" || !strings.HasPrefix(raw, u.Scheme+"://") {
		return "", "", fmt.Errorf("server url %q must start with https:// or http:// (lower-case)", raw)
	}
	if u.Hostname() == "" {
		return "", "", fmt.Errorf("server url %q has no host", raw)
	}
	if u.User != nil {
		return "", "", fmt.Errorf("server url holds a user name or password; remove it: the api key authenticates")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#") {
		return "", "", fmt.Errorf("server url %q has a query or fragment; give the server's base url", raw)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", "", fmt.Errorf("server url %q has an invalid port", raw)
		}
	}
	normalized = strings.TrimRight(raw, "/")
	if strings.HasSuffix(strings.ToLower(normalized), "/api/v1") {
		return "", "", fmt.Errorf("server url %q ends with /api/v1, which the ZenML client adds itself; give %s", raw, normalized[:len(normalized)-len("/api/v1")])
	}
	if u.Scheme == "http" && !zenml.IsLoopbackHost(u.Hostname()) {
		warning = fmt.Sprintf("%s uses http://, so the api key travels in clear text; use https://", normalized)
	}
	return normalized, warning, nil
}

func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// checkVerifySSL accepts true, false, a CA bundle path or inline PEM, and
// spells the booleans the one way every ZenML version parses. ZenML reads
// any other string as a CA bundle, so "ture" would become certificate text:
// a value that is not a path is refused, and a path that does not exist here
// is warned about (it may be a path on the CI runner the output is for).
func checkVerifySSL(v string, getenv func(string) string, stat func(string) (os.FileInfo, error)) (value, warning string, err error) {
	switch strings.ToLower(v) {
	case "true", "yes", "on", "1", "t", "y":
		return "true", "", nil
	case "false", "no", "off", "0", "f", "n":
		return "false", "", nil
	case "":
		return "", "", fmt.Errorf("verify_ssl is empty; use true, false or the path of a CA bundle")
	}
	if strings.HasPrefix(strings.TrimSpace(v), "-----BEGIN ") {
		// Inline PEM, which ZenML also takes: it must hold a certificate,
		// or the client fails late with a TLS error.
		if block, _ := pem.Decode([]byte(strings.TrimSpace(v))); block == nil || block.Type != "CERTIFICATE" {
			return "", "", fmt.Errorf("verify_ssl holds text that starts like PEM but is not a whole certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)")
		}
		return v, "", nil
	}
	if !strings.ContainsAny(v, `/\.`) && v != "~" {
		hint := ""
		if c := fuzzy.Closest(strings.ToLower(v), []string{"true", "false"}); c != "" {
			hint = fmt.Sprintf(" did you mean %s?", c)
		}
		return "", "", fmt.Errorf("verify_ssl %q is neither true, false, nor the path of a CA bundle;%s", v, hint)
	}
	path := fsutil.ExpandHome(v, getenv)
	if stat != nil {
		if fi, err := stat(path); err != nil || !fi.Mode().IsRegular() {
			warning = fmt.Sprintf("verify_ssl: CA bundle %s does not exist here; ZenML will fail to reach the server unless it exists where the client runs", path)
		}
	}
	return path, warning, nil
}

// checkUUID accepts the canonical 8-4-4-4-12 hex form. ZenML takes a name
// here once and then fails, so a name is refused with the way to find the ID.
func checkUUID(what, v string) error {
	if zenml.IsUUID(v) {
		return nil
	}
	return fmt.Errorf("%s %q is not a UUID: ZenML needs the %s's ID here, not its name; find it with 'zenml %s describe %s'", what, v, what, what, v)
}

// checkVarName enforces [A-Za-z_][A-Za-z0-9_]*: the names every target can
// set, and the only ones a POSIX shell can export.
func checkVarName(n string) error {
	if n == "" {
		return fmt.Errorf("a variable name is empty")
	}
	if !render.IsVarName(n) {
		return fmt.Errorf("variable name %q is invalid: names are letters, digits and _, not starting with a digit", n)
	}
	return nil
}

// checkKeyVarName checks the variable --api-key-env (api_key: {env: NAME})
// names. A common slip is --api-key-env "$KEY", which hands over the key
// itself: the message never quotes what was given.
func checkKeyVarName(n string) error {
	if redact.LooksLikeKey(n) || strings.HasPrefix(n, "ZENKEY_") || strings.HasPrefix(n, "ZENPROKEY_") {
		return fmt.Errorf("--api-key-env (api_key: {env: NAME}) takes the name of the variable that holds the key, such as ZENML_PROD_KEY, and was given the key itself; rotate it if it reached shell history")
	}
	if !render.IsVarName(n) {
		return fmt.Errorf("--api-key-env (api_key: {env: NAME}) takes the name of the variable that holds the key, such as ZENML_PROD_KEY (letters, digits and _), not its value")
	}
	return nil
}

// checkProfileName keeps profile names to characters that are safe in every
// target's comments and in a command line.
func checkProfileName(n string) error {
	if n == "" {
		return fmt.Errorf("a profile name is empty")
	}
	if redact.LooksLikeKey(n) {
		return fmt.Errorf("a profile name is shaped like a ZenML api key; names are shown in every output's header, so rename it and rotate the key")
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c == '_' || c == '-' || c == '.' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			continue
		}
		return fmt.Errorf("profile name %q is invalid: use letters, digits, '.', '-' and '_'", n)
	}
	return nil
}
