package quote

import "strings"

// powerShellQuotes are the characters PowerShell's tokenizer treats as a
// single quote (CharTraits.IsSingleQuote): ' and U+2018 to U+201B. Inside a
// single-quoted string each of them must be doubled, or it ends the string;
// a value holding a typographic quote would otherwise run code.
const powerShellQuotes = "'\u2018\u2019\u201a\u201b"

// PowerShell quotes s as a single-quoted PowerShell string, where $ and `
// are literal.
func PowerShell(s string) (string, error) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return "", refuse(s, i, "no environment variable can hold a NUL byte")
	}
	if s == "" {
		// Windows has no empty environment variables, and PowerShell before
		// 7.5 deletes the variable on $env:NAME = ''.
		return "", &Error{Offset: 0, Char: 0, Reason: "powershell cannot set an empty value (it deletes the variable)"}
	}
	if i := firstInvalidUTF8(s); i >= 0 {
		return "", refuse(s, i, "the windows environment is UTF-16 text")
	}
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		b.WriteRune(r)
		if strings.ContainsRune(powerShellQuotes, r) {
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String(), nil
}
