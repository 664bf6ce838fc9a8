package quote

import "strings"

// Tcsh quotes s for `setenv NAME value` in tcsh and csh. Inside single
// quotes tcsh keeps every byte as it is, in the C and UTF-8 locales, bytes
// that are not UTF-8 included, with two exceptions: ' ends the quotes, so it
// is written as in sh, by closing the quotes, writing \' and reopening them;
// and ! starts a history substitution even there, in scripts and under eval
// too, so it is written \!, which tcsh reads as ! inside single quotes.
// Refused:
//
//   - a newline: eval "`zenv env tcsh`" joins the output's lines into one,
//     and a newline in quotes is an error in a sourced file;
//   - NUL, which no environment can hold.
func Tcsh(s string) (string, error) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return "", refuse(s, i, "no shell variable can hold a NUL byte")
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return "", refuse(s, i, "tcsh has no way to quote a newline that works both under eval and in a sourced file")
	}
	return "'" + tcshEscaper.Replace(s) + "'", nil
}

var tcshEscaper = strings.NewReplacer(`'`, `'\''`, `!`, `\!`)
