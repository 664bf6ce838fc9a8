package profile

import (
	"fmt"
	"os"
	"strings"

	"github.com/zenv-dev/zenv/internal/fsutil"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/zenml"
	"github.com/zenv-dev/zenv/render/names"
)

// checkURL validates a ZenML server URL with zenml.ParseStoreURL and
// returns it as ZenML will use it: without a trailing "/". The warnings are
// the problems env only warns about (plain http to a remote host).
func checkURL(raw string) (normalized string, warnings []string, err error) {
	_, problems := zenml.ParseStoreURL(raw)
	if err := refusal(problems, func(p zenml.Problem) string { return urlSubject(raw, p) }); err != nil {
		return "", nil, err
	}
	for _, p := range problems {
		if zenml.Severity(p.Code, zenml.CmdEnv) == zenml.Warn {
			warnings = append(warnings, urlSubject(raw, p)+" "+p.Error())
		}
	}
	return zenml.TrimURL(raw), warnings, nil
}

// urlSubject names the url in a message, quoted as redact.URL
// shows it (never its userinfo), or not at all when it may be a secret set
// in the wrong place.
func urlSubject(raw string, p zenml.Problem) string {
	switch p.Code {
	case zenml.CodeURLKey, zenml.CodeURLEmpty, zenml.CodeURLSyntax, zenml.CodeURLSpace:
		return "the server url"
	}
	if shown, ok := redact.URL(raw); ok {
		return fmt.Sprintf("server url %q", shown)
	}
	return "the server url"
}

// refusal is the error for the first problem env refuses, saying how many
// more there are; nil when there is none.
func refusal(problems []zenml.Problem, subject func(zenml.Problem) string) error {
	var first *zenml.Problem
	more := 0
	for i, p := range problems {
		if zenml.Severity(p.Code, zenml.CmdEnv) != zenml.Fail {
			continue
		}
		if first == nil {
			first = &problems[i]
		} else {
			more++
		}
	}
	switch {
	case first == nil:
		return nil
	case more > 0:
		return fmt.Errorf("%s %s (and %d more problem(s) with it)", subject(*first), first.Error(), more)
	}
	return fmt.Errorf("%s %s", subject(*first), first.Error())
}

// checkVerifySSL reads verify_ssl with zenml.ParseVerifySSL, which spells
// the booleans the one way every ZenML version parses and refuses a value
// that is not a path ("ture" would become certificate text). A path that
// does not exist here is warned about (it may be a path on the CI runner
// the output is for).
func checkVerifySSL(v string, getenv func(string) string, stat func(string) (os.FileInfo, error)) (value, warning string, err error) {
	s, problems := zenml.ParseVerifySSL(v)
	if err := refusal(problems, func(zenml.Problem) string { return "verify_ssl" }); err != nil {
		return "", "", err
	}
	if !s.Path {
		return s.Value, "", nil
	}
	path := fsutil.ExpandHome(s.Value, getenv)
	if stat != nil {
		if fi, err := stat(path); err != nil || !fi.Mode().IsRegular() {
			warning = fmt.Sprintf("verify_ssl: CA bundle %s does not exist here; ZenML will fail to reach the server unless it exists where the client runs", path)
		}
	}
	return path, warning, nil
}

// checkUUID: ZenML takes a name here once and then fails.
func checkUUID(what, v string) error {
	if p := zenml.CheckID(what, v); p != nil {
		return fmt.Errorf("%s %q %s", what, v, strings.Replace(p.Error(), "NAME", v, 1))
	}
	return nil
}

// checkVarName enforces [A-Za-z_][A-Za-z0-9_]*: the names every target can
// set, and the only ones a POSIX shell can export.
func checkVarName(n string) error {
	if n == "" {
		return fmt.Errorf("a variable name is empty")
	}
	if !names.IsVarName(n) {
		return fmt.Errorf("variable name %q is invalid: names are letters, digits and _, not starting with a digit", n)
	}
	return nil
}

// CheckKeyEnvName checks the variable --api-key-env (api_key: {env: NAME})
// names, for profiles and for zenv profile import. A common slip is
// --api-key-env "$KEY", which hands over the key itself: the message never
// quotes what was given. It is a predicate; KeyEnvSubject names the
// subject.
func CheckKeyEnvName(n string) error {
	if redact.LooksLikeKey(n) || zenml.HasKeyPrefix(n) {
		return fmt.Errorf("takes the name of the variable that holds the key, such as ZENML_PROD_KEY, and was given the key itself; rotate it if it reached shell history")
	}
	if !names.IsVarName(n) {
		return fmt.Errorf("takes the name of the variable that holds the key, such as ZENML_PROD_KEY (letters, digits and _), not its value")
	}
	return nil
}

// KeyEnvSubject names where an api key variable was given, for
// CheckKeyEnvName's message: the flag itself, or file:line: api_key.env.
func KeyEnvSubject(origin string) string {
	if strings.HasPrefix(origin, "--") {
		return origin
	}
	return origin + ": api_key.env"
}
