package quote

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// powerShellQuotes are the characters PowerShell's tokenizer treats as a
// single quote (CharTraits.IsSingleQuote): ' and U+2018 to U+201B. Inside a
// single-quoted string each of them must be doubled, or it ends the string
// and what follows runs as code.
const powerShellQuotes = "'\u2018\u2019\u201a\u201b"

// PowerShellString is s as a single-quoted PowerShell string, where $ and `
// are literal and each of the five quote characters is doubled.
func PowerShellString(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		b.WriteRune(r)
		if strings.ContainsRune(powerShellQuotes, r) {
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// PowerShell writes s as a PowerShell expression whose value is s, in pure
// printable ASCII. Runs of printable ASCII are single-quoted strings; every
// other character is [char]0xNNNN, joined with +. Two things make raw text
// unsafe in `zenv env powershell | Out-String | Invoke-Expression`:
// PowerShell splits a native command's output into lines and Out-String
// joins them with CRLF, so a CR or LF in a value would come back changed;
// and Windows PowerShell decodes that output in the console code page, so
// UTF-8 text would arrive mangled.
func PowerShell(s string) (string, error) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return "", refuse(s, i, "no environment variable can hold a NUL byte")
	}
	if s == "" {
		// Windows has no empty environment variables, and PowerShell before
		// 7.5 deletes the variable on $env:NAME = ''.
		return "", &Error{Empty: true, Reason: "powershell cannot set one (before 7.5, $env:NAME = '' deletes the variable)"}
	}
	if i := firstInvalidUTF8(s); i >= 0 {
		return "", refuse(s, i, "the windows environment is UTF-16 text")
	}
	var terms []string
	run := strings.Builder{}
	flush := func() {
		if run.Len() > 0 {
			terms = append(terms, PowerShellString(run.String()))
			run.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r >= 0x20 && r < 0x7f:
			run.WriteRune(r)
		case r < utf8.RuneSelf || r <= 0xffff:
			flush()
			terms = append(terms, fmt.Sprintf("[char]0x%04X", r))
		default:
			flush()
			terms = append(terms, fmt.Sprintf("[char]::ConvertFromUtf32(0x%X)", r))
		}
	}
	flush()
	// [char] + [char] is not string concatenation; a string must come first.
	if !strings.HasPrefix(terms[0], "'") {
		terms = append([]string{"''"}, terms...)
	}
	return strings.Join(terms, " + "), nil
}
