package zenml

import (
	"encoding/pem"
	"slices"
	"strconv"
	"strings"

	"github.com/zenv-dev/zenv/internal/fuzzy"
	"github.com/zenv-dev/zenv/internal/redact"
)

// boolValues are pydantic's case-insensitive booleans, false then true.
var boolValues = []string{"0", "off", "f", "false", "n", "no", "1", "on", "t", "true", "y", "yes"}

// ParseBool reads a value as pydantic reads a boolean: case-insensitively,
// one of 0/off/f/false/n/no or 1/on/t/true/y/yes. ok is false for anything
// else.
func ParseBool(value string) (b, ok bool) {
	i := slices.Index(boolValues, strings.ToLower(value))
	if i < 0 {
		return false, false
	}
	return i >= len(boolValues)/2, true
}

// VerifySSL is a ZENML_STORE_VERIFY_SSL as the client reads it: a boolean,
// else CA bundle text or the path of a file holding it.
type VerifySSL struct {
	Value  string // "true", "false" (the one spelling every client reads), the PEM, or the path
	IsBool bool
	On     bool // IsBool and true
	PEM    bool // Value is inline PEM
	Path   bool // Value is a file's path, to be checked where the client runs
}

// ParseVerifySSL reads v. The client takes any string that is not a
// boolean as certificate text, so "ture" would fail at the first request:
// a value that is neither a boolean, nor PEM, nor shaped like a path (no
// '/', '\' or '.') is a problem, with the boolean it most likely meant.
func ParseVerifySSL(v string) (VerifySSL, []Problem) {
	if b, ok := ParseBool(v); ok {
		s := VerifySSL{Value: strconv.FormatBool(b), IsBool: true, On: b}
		if !b {
			return s, []Problem{*problem(CodeVerifySSLOff, "turns certificate verification off: anyone on the path can read the key",
				"give the path of the server's CA bundle instead")}
		}
		return s, nil
	}
	if v == "" {
		return VerifySSL{}, []Problem{*problem(CodeVerifySSL, "is empty", "use true, false or the path of a CA bundle")}
	}
	if strings.HasPrefix(strings.TrimSpace(v), "-----BEGIN ") {
		// Inline PEM, which ZenML also takes: it must hold a certificate,
		// or the client fails late with a TLS error.
		if block, _ := pem.Decode([]byte(strings.TrimSpace(v))); block == nil || block.Type != "CERTIFICATE" {
			return VerifySSL{}, []Problem{*problem(CodeVerifySSL, "holds text that starts like PEM but is not a whole certificate",
				"give -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----, or the path of a CA bundle")}
		}
		return VerifySSL{Value: v, PEM: true}, nil
	}
	if !strings.ContainsAny(v, `/\.`) && v != "~" {
		hint := "use true, false or the path of a CA bundle"
		if c := fuzzy.Closest(strings.ToLower(v), []string{"true", "false"}); c != "" {
			hint = "did you mean " + c + "?"
		}
		return VerifySSL{}, []Problem{*problem(CodeVerifySSL, "is neither true, false, nor the path of a CA bundle, so ZenML takes it as certificate text", hint)}
	}
	return VerifySSL{Value: v, Path: true}, nil
}

// IsUUID reports whether s is in the canonical 8-4-4-4-12 hex form that
// ZENML_ACTIVE_PROJECT_ID and ZENML_ACTIVE_STACK_ID need: a name works once,
// then fails (REFERENCE.md section 2).
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range []byte(s) {
		dash := i == 8 || i == 13 || i == 18 || i == 23
		hex := '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
		if dash != (c == '-') || !dash && !hex {
			return false
		}
	}
	return true
}

// CheckID returns the problem with an id given for what ("project" or
// "stack"): ZenML takes a name here once and then fails.
func CheckID(what, v string) *Problem {
	if IsUUID(v) {
		return nil
	}
	return problem(CodeNotUUID, "is not a UUID: ZenML needs the "+what+"'s ID here, not its name",
		"find it with 'zenml "+what+" describe NAME'")
}

// loggingLevels are the values ZENML_LOGGING_VERBOSITY accepts once
// upper-cased, in every client version. ZenML 0.98 also takes WARNING (the
// e2e suite saw it), but older clients raise on it, so zenv asks for WARN.
var loggingLevels = []string{"NOTSET", "ERROR", "WARN", "INFO", "DEBUG", "CRITICAL"}

// debugValues are the values ZENML_DEBUG accepts, case-sensitively; the
// client silently ignores anything else.
var debugValues = []string{"1", "y", "yes", "True", "true", "0", "n", "no", "False", "false"}

// boolNames are the client settings read as pydantic booleans.
var boolNames = []string{"ZENML_ANALYTICS_OPT_IN", "ZENML_LOGGING_COLORS_DISABLED",
	"ZENML_DISABLE_CLIENT_SERVER_MISMATCH_WARNING", "ZENML_ENABLE_RICH_TRACEBACK"}

// ChecksValue reports whether CheckValue knows rules for name's values.
func ChecksValue(name string) bool {
	switch name {
	case "ZENML_LOGGING_VERBOSITY", "ZENML_DEBUG", "ZENML_STORE_HTTP_TIMEOUT", "ZENML_STORE_TYPE",
		StoreVerifySSL, ActiveProject, ActiveStack:
		return true
	}
	return Name(name).URL || slices.Contains(boolNames, name)
}

// CheckValue returns every problem the client would have with value for
// name: rejecting it, or ignoring it without a word. Names without rules
// (ChecksValue) pass: they are checked by name. The API key has its own
// reader, ParseKey. Messages never quote the value: the caller does,
// unless it is a secret.
func CheckValue(name, value string) []Problem {
	one := func(code Code, msg, hint string) []Problem { return []Problem{*problem(code, msg, hint)} }
	switch name {
	case "ZENML_LOGGING_VERBOSITY":
		up := strings.ToUpper(value)
		if up == "WARNING" {
			return one(CodeLoggingLevel, "is a level older clients raise on", "use WARN, which every ZenML version reads")
		}
		if !slices.Contains(loggingLevels, up) {
			return one(CodeLoggingLevel, "is not a ZenML level", "use one of "+strings.Join(loggingLevels, ", "))
		}
	case "ZENML_DEBUG":
		if !slices.Contains(debugValues, value) {
			return one(CodeDebugValue, "is ignored by ZenML, which reads it case-sensitively", "use true or false")
		}
	case "ZENML_STORE_HTTP_TIMEOUT":
		if n, err := strconv.Atoi(value); err != nil || n <= 0 {
			return one(CodeTimeout, "is not a whole number of seconds", "give one, e.g. 30")
		}
	case "ZENML_STORE_TYPE":
		if value != "rest" && value != "sql" {
			return one(CodeStoreType, "is not a store type", "use rest or sql")
		}
	case StoreVerifySSL:
		_, p := ParseVerifySSL(value)
		return p
	case ActiveProject, ActiveStack:
		if p := CheckID(idWhat(name), value); p != nil {
			return []Problem{*p}
		}
	default:
		if slices.Contains(boolNames, name) {
			if _, ok := ParseBool(value); !ok {
				return one(CodeBool, "is not a boolean", "use true or false")
			}
		} else if Name(name).URL {
			_, p := ParseURL(name, value)
			return p
		}
	}
	return nil
}

func idWhat(name string) string {
	if name == ActiveStack {
		return "stack"
	}
	return "project"
}

// maxItemName bounds a profile or keyring item name: it is shown in every
// output's header and passed on command lines.
const maxItemName = 255

// CheckItemName is the one rule for the names of profiles and of keyring
// items (which share them, so a profile's key can have its name): 1 to 255
// letters, digits, '.', '-' and '_', and not shaped like an API key (names
// are shown in every output's header). A name may start with any of them,
// as profile names always could; zenv writes `--` before a name that starts
// with '-'.
func CheckItemName(what, n string) *Problem {
	switch {
	case n == "":
		return problem(CodeItemName, "a "+what+" name is empty", "give a name")
	case redact.LooksLikeKey(n):
		return problem(CodeItemName, "a "+what+" name is shaped like a ZenML api key",
			"names are shown in every output's header: rename it, and rotate the key")
	case len(n) > maxItemName:
		return problem(CodeItemName, what+" name is longer than 255 characters", "use a shorter name")
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c == '_' || c == '-' || c == '.' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			continue
		}
		return problem(CodeItemName, what+" name "+strconv.Quote(n)+" is invalid", "use letters, digits, '.', '-' and '_'")
	}
	return nil
}
