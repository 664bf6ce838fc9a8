package quote

import "strings"

// Tcsh quotes s for `setenv NAME value` in tcsh and csh. Inside single
// quotes tcsh keeps every ASCII byte as it is, control characters included,
// with two exceptions: ' ends the quotes, so it is written as in sh, by
// closing the quotes, writing \' and reopening them; and ! starts a history
// substitution even there, in scripts and under eval too, so it is written
// \!, which tcsh reads as ! inside single quotes. Refused:
//
//   - a newline: eval "`zenv env tcsh`" joins the output's lines into one,
//     and a newline in quotes is an error in a sourced file;
//   - every byte from 0x80 up: tcsh reads the output of eval's backquotes,
//     and a pipe, in blocks, and a character that a block boundary splits
//     comes out corrupted (tcsh 6.24: any non-ASCII character in the C
//     locale, bytes that are not UTF-8 in every locale). Only a sourced
//     regular file is safe, and zenv cannot know how its output is applied;
//   - NUL, which no environment can hold.
func Tcsh(s string) (string, error) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0:
			return "", refuse(s, i, "no shell variable can hold a NUL byte")
		case c == '\n':
			return "", refuse(s, i, "tcsh has no way to quote a newline that works both under eval and in a sourced file")
		case c >= 0x80:
			return "", refuse(s, i, "tcsh corrupts non-ASCII text that eval or a pipe hands it across a block boundary")
		}
	}
	return "'" + tcshEscaper.Replace(s) + "'", nil
}

var tcshEscaper = strings.NewReplacer(`'`, `'\''`, `!`, `\!`)
