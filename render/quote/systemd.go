package quote

import "strings"

// Systemd quotes s for a line NAME="value" of a file read by systemd's
// EnvironmentFile= (systemd.exec(5); src/basic/env-file.c). Inside double
// quotes systemd unescapes \" and \\ (and \` and \$), drops a
// backslash-newline, keeps a backslash before anything else, and keeps every
// other byte as it is, newlines and control characters included; it expands
// nothing. So " and \ are escaped, and three things refused:
//
//   - NUL, which ends systemd's reading of the file;
//   - bytes that are not UTF-8, and
//   - Unicode noncharacters (U+FDD0-U+FDEF and the last two code points of
//     every plane, U+FFFE, U+FFFF, U+1FFFE ... U+10FFFF): systemd's UTF-8
//     check (unichar_is_valid, src/basic/utf8.c) takes them for invalid, so
//     it rejects the assignment and the unit fails to start.
func Systemd(s string) (string, error) {
	const why = "systemd ignores an assignment that is not UTF-8, and the unit fails to start"
	if err := envText(s, why); err != nil {
		return "", err
	}
	for i, r := range s {
		if isNoncharacter(r) {
			return "", refuse(s, i, "systemd takes a Unicode noncharacter for invalid UTF-8 and the unit fails to start")
		}
	}
	return `"` + systemdEscaper.Replace(s) + `"`, nil
}

// isNoncharacter reports whether r is one of Unicode's 66 noncharacters:
// U+FDD0 to U+FDEF, and U+nFFFE and U+nFFFF in every plane n.
func isNoncharacter(r rune) bool {
	return r >= 0xfdd0 && r <= 0xfdef || r&0xfffe == 0xfffe && r <= 0x10ffff
}

var systemdEscaper = strings.NewReplacer(`"`, `\"`, `\`, `\\`)
