package quote

import "strings"

// Systemd quotes s for a line NAME="value" of a file read by systemd's
// EnvironmentFile= (systemd.exec(5); src/basic/env-file.c). Inside double
// quotes systemd unescapes \" and \\ (and \` and \$), drops a
// backslash-newline, keeps a backslash before anything else, and keeps every
// other byte as it is, newlines and control characters included; it expands
// nothing. So " and \ are escaped, and two things refused:
//
//   - NUL, which ends systemd's reading of the file;
//   - bytes that are not UTF-8: systemd rejects the assignment and the unit
//     fails to start.
func Systemd(s string) (string, error) {
	if err := envText(s, "systemd ignores an assignment that is not UTF-8, and the unit fails to start"); err != nil {
		return "", err
	}
	return `"` + systemdEscaper.Replace(s) + `"`, nil
}

var systemdEscaper = strings.NewReplacer(`"`, `\"`, `\`, `\\`)
