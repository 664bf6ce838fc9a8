package zenml

import "slices"

// Code names one problem zenv finds in a name or a value. Every command
// (env, run, profile, key, lint, doctor) reports a problem by the same code;
// Severity says how hard each command treats it. Codes never change meaning.
type Code string

// Problem codes, by what they judge.
const (
	// Names (Name).
	CodeNameMistaken Code = "name-mistaken" // a name no client reads, meant for one it does
	CodeNameServer   Code = "name-server"   // a setting only a ZenML server reads
	CodeNameInternal Code = "name-internal" // a name ZenML sets for itself
	CodeNameUnknown  Code = "name-unknown"  // a ZENML_ name nobody reads, close to no client name

	// Server URLs (ParseStoreURL): ZENML_STORE_URL, ZENML_PRO_API_URL, ZENML_PRO_URL.
	CodeURLEmpty     Code = "url-empty"
	CodeURLKey       Code = "url-key"        // holds an API key
	CodeURLSpace     Code = "url-space"      // quotes or white space pasted with it
	CodeURLSQL       Code = "url-sql"        // sqlite: or mysql:, a database
	CodeURLNoScheme  Code = "url-no-scheme"  // no scheme://
	CodeURLScheme    Code = "url-scheme"     // not http:// or https://, lower-case
	CodeURLSyntax    Code = "url-syntax"     // does not parse
	CodeURLNoHost    Code = "url-no-host"    //
	CodeURLUser      Code = "url-user"       // user name or password in it
	CodeURLQuery     Code = "url-query"      // query or fragment
	CodeURLPort      Code = "url-port"       // port outside 1-65535
	CodeURLAPISuffix Code = "url-api-suffix" // ends with /api/v1, in any case
	CodeURLDashboard Code = "url-dashboard"  // a dashboard page, not the server
	CodeURLPlainHTTP Code = "url-plain-http" // http:// to a host other than this machine

	// Values (CheckValue, ParseBool, ParseVerifySSL).
	CodeBool          Code = "bool"           // not a boolean the client reads
	CodeVerifySSL     Code = "verify-ssl"     // neither a boolean, nor a CA bundle path, nor PEM
	CodeVerifySSLOff  Code = "verify-ssl-off" // certificate verification turned off
	CodeNotUUID       Code = "not-uuid"       // a name where the client needs an id
	CodeLoggingLevel  Code = "logging-level"  //
	CodeDebugValue    Code = "debug-value"    // ZENML_DEBUG, read case-sensitively
	CodeTimeout       Code = "timeout"        // not a whole number of seconds
	CodeStoreType     Code = "store-type"     // not rest or sql
	CodeItemName      Code = "item-name"      // a profile or keyring item name zenv refuses
	CodeKeyPrefix     Code = "key-prefix"     // neither ZENKEY_ nor ZENPROKEY_
	CodeKeyBase64     Code = "key-base64"     // ZENKEY_ not followed by base64
	CodeKeyPayload    Code = "key-payload"    // base64 of something other than {"id", "key"}
	CodeKeyID         Code = "key-id"         // an id that is not a UUID
	CodeKeySecret     Code = "key-secret"     // a secret that is not 64 hex digits
	CodeKeyToken      Code = "key-token"      // an access token (JWT), not an API key
	CodeKeyWhitespace Code = "key-whitespace" // white space or quotes around the key
	CodeKeyTrailing   Code = "key-trailing"   // white space after the key only, which the server skips
)

// Problem is one thing wrong with a name or a value, as every command
// reports it. Message says what is wrong without the subject (the caller
// names the variable, flag or field: "ZENML_STORE_URL ends with ...");
// Hint says what to do. Neither ever holds a secret: a problem found in a
// key describes it without quoting it.
type Problem struct {
	Code    Code
	Message string
	Hint    string
}

// Error is the message and the hint, for callers that refuse.
func (p *Problem) Error() string {
	if p.Hint == "" {
		return p.Message
	}
	return p.Message + "; " + p.Hint
}

func problem(code Code, msg, hint string) *Problem {
	return &Problem{Code: code, Message: msg, Hint: hint}
}

// Level is how hard a command treats a problem.
type Level int

const (
	Ignore Level = iota // the command does not report it
	Info                // a note; nothing fails
	Warn                // reported; the command still succeeds
	Fail                // the command refuses (env, run, profile, key), lint finds an error, doctor fails
)

// The commands that judge names and values. run and profile judge as env
// does: they build the same environment.
const (
	CmdEnv     = "env"
	CmdRun     = "run"
	CmdProfile = "profile"
	CmdKey     = "key"
	CmdLint    = "lint"
	CmdDoctor  = "doctor"
)

// severities gives each code its level in env (and run, profile, key),
// lint and doctor. Where they differ, the comment says why.
var severities = []severityRow{ // env, lint, doctor
	{CodeNameMistaken, [3]Level{Fail, Fail, Fail}},
	// lint takes a file that sets a server name for a server's
	// configuration, which sets such names on purpose.
	{CodeNameServer, [3]Level{Fail, Ignore, Fail}},
	{CodeNameInternal, [3]Level{Fail, Warn, Fail}},
	{CodeNameUnknown, [3]Level{Fail, Info, Fail}},

	{CodeURLEmpty, [3]Level{Fail, Ignore, Fail}}, // an empty value in a file is a placeholder
	{CodeURLKey, [3]Level{Fail, Ignore, Fail}},   // lint reports the key itself (ZL003)
	{CodeURLSpace, [3]Level{Fail, Fail, Fail}},
	{CodeURLSQL, [3]Level{Fail, Warn, Warn}}, // zenv configures clients of a server; a SQL store is legal in ZenML
	{CodeURLNoScheme, [3]Level{Fail, Fail, Fail}},
	{CodeURLScheme, [3]Level{Fail, Fail, Fail}},
	{CodeURLSyntax, [3]Level{Fail, Fail, Fail}},
	{CodeURLNoHost, [3]Level{Fail, Fail, Fail}},
	{CodeURLUser, [3]Level{Fail, Fail, Fail}},
	{CodeURLQuery, [3]Level{Fail, Fail, Fail}},
	{CodeURLPort, [3]Level{Fail, Fail, Fail}},
	{CodeURLAPISuffix, [3]Level{Fail, Fail, Fail}},
	{CodeURLDashboard, [3]Level{Fail, Fail, Fail}},
	// The output may be for a network where http is the only way; doctor
	// is about to send the key over it, in clear.
	{CodeURLPlainHTTP, [3]Level{Warn, Warn, Fail}},

	{CodeBool, [3]Level{Fail, Fail, Fail}},
	{CodeVerifySSL, [3]Level{Fail, Fail, Fail}},
	{CodeVerifySSLOff, [3]Level{Ignore, Ignore, Warn}},
	{CodeNotUUID, [3]Level{Fail, Fail, Fail}},
	{CodeLoggingLevel, [3]Level{Fail, Fail, Fail}},
	{CodeDebugValue, [3]Level{Fail, Fail, Fail}},
	{CodeTimeout, [3]Level{Fail, Fail, Fail}},
	{CodeStoreType, [3]Level{Fail, Fail, Fail}},
	{CodeItemName, [3]Level{Fail, Ignore, Ignore}},

	// zenv env passes the key on: the server is the judge, so a key that
	// does not look right is worth a warning, not a refusal. doctor is
	// asked whether it will work. lint reports any key in a file (ZL003).
	{CodeKeyPrefix, [3]Level{Warn, Ignore, Fail}},
	{CodeKeyBase64, [3]Level{Warn, Ignore, Fail}},
	{CodeKeyPayload, [3]Level{Warn, Ignore, Fail}},
	{CodeKeyID, [3]Level{Warn, Ignore, Fail}},
	{CodeKeySecret, [3]Level{Warn, Ignore, Fail}},
	{CodeKeyToken, [3]Level{Warn, Ignore, Fail}},
	{CodeKeyWhitespace, [3]Level{Warn, Ignore, Fail}},
	{CodeKeyTrailing, [3]Level{Warn, Ignore, Warn}},
}

// severityRow is one code's levels. The table is a slice scanned in
// order, not a map: a map literal is built at every start.
type severityRow struct {
	code   Code
	levels [3]Level
}

// Severity returns how command treats code: CmdEnv, CmdRun, CmdProfile and
// CmdKey refuse what is Fail and warn about what is Warn; lint reports at
// the level given; doctor marks a check ✗ or !. An unknown code or command
// is Fail: a problem nobody has placed is not waved through.
func Severity(code Code, command string) Level {
	i := slices.IndexFunc(severities, func(r severityRow) bool { return r.code == code })
	if i < 0 {
		return Fail
	}
	row := severities[i].levels
	switch command {
	case CmdEnv, CmdRun, CmdProfile, CmdKey:
		return row[0]
	case CmdLint:
		return row[1]
	case CmdDoctor:
		return row[2]
	}
	return Fail
}
