package quote

// Cmd checks that s can stand as VALUE in `set "NAME=VALUE"` and returns it
// unchanged. Inside that quoting & | < > ^ ( ) are literal, but nothing can
// escape the characters refused here:
//
//   - " flips cmd's quoting, so what follows it would be parsed as commands;
//   - % expands in a batch file (where %% is a literal %) and at the prompt
//     through FOR /f (where %% stays %%): no spelling works in both, and zenv
//     promises both;
//   - ! expands when delayed expansion is on, which zenv cannot know;
//   - CR, LF and other control characters end or corrupt the line;
//   - non-ASCII text is read in the console code page and arrives mangled.
//
// An empty value cannot be set either: `set "NAME="` deletes NAME.
func Cmd(s string) (string, error) {
	if s == "" {
		return "", &Error{Empty: true, Reason: `cmd cannot set one (set "NAME=" deletes the variable)`}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			return "", refuse(s, i, `cmd has no escape for " inside set "NAME=value"`)
		case c == '%':
			return "", refuse(s, i, "cmd expands % and no escape works both in a batch file and through FOR /f")
		case c == '!':
			return "", refuse(s, i, "cmd expands ! when delayed expansion is on")
		case c < 0x20 || c == 0x7f:
			return "", refuse(s, i, "cmd cannot carry control characters in a set command")
		case c >= 0x80:
			return "", refuse(s, i, "cmd reads batch files in the console code page, so non-ASCII text is mangled")
		}
	}
	return s, nil
}
