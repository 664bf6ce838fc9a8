package quote

import (
	"regexp"
	"strings"
	"sync"
)

// dotenvPlaceholder mirrors python-dotenv's POSIX variable pattern
// \$\{(?P<name>[^\}:]*)(?::-(?P<default>[^\}]*))?\} (dotenv/variables.py).
// python-dotenv expands it in every value, single-quoted ones included, and
// has no escape for it; godotenv and docker compose leave single-quoted
// values alone. Compiled on first use, off zenv env bash's start-up path.
var dotenvPlaceholder = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\$\{[^}:]*(?::-[^}]*)?\}`)
})

// Dotenv quotes s for a .env file read alike by python-dotenv, godotenv and
// docker compose (compose-go's dotenv), choosing the quotes per value.
//
// Single quotes first: NAME='value' is the one spelling none of the three
// expands $VAR in, and a newline inside them is kept by all three. What
// they read differently there is refused:
//
//   - a backslash before another backslash: python-dotenv reads \\ as one,
//     godotenv and compose as two;
//   - a backslash at the end, which all three read as escaping the closing
//     quote;
//   - ${NAME} and ${NAME:-default}, which python-dotenv replaces even
//     inside single quotes;
//   - a carriage return: python-dotenv opens the file with universal
//     newlines and reads it as a line feed; godotenv drops it before a LF;
//   - NUL, and bytes that are not UTF-8 (python-dotenv decodes UTF-8).
//
// A value holding ' cannot be single-quoted (the readers disagree on how
// to escape it), so it is double-quoted: NAME="it's", which the three read
// alike when the value holds no $ (godotenv expands $NAME, compose-go also
// $name and reads $$ as $), no backslash (each reader has its own escapes:
// python-dotenv keeps \q, godotenv reads q) and no " (checked against
// python-dotenv 1.2, godotenv 1.5 and compose-go 2.16, internal/e2e);
// a newline is kept by all three there too. Such a value with any of
// those is refused.
func Dotenv(s string) (string, error) {
	if err := envText(s, "python-dotenv reads the file as UTF-8 text"); err != nil {
		return "", err
	}
	if loc := dotenvPlaceholder().FindStringIndex(s); loc != nil {
		return "", refuse(s, loc[0], "python-dotenv replaces ${...} even in quotes and has no escape for it")
	}
	if i := strings.IndexByte(s, '\r'); i >= 0 {
		return "", refuse(s, i, "python-dotenv reads a carriage return as a line feed")
	}
	if strings.IndexByte(s, '\'') >= 0 {
		if i := strings.IndexAny(s, "$\\\""); i >= 0 {
			return "", refuse(s, i, "a .env value holding ' is double-quoted, where docker compose, godotenv and python-dotenv read $, \\ and \" differently")
		}
		return `"` + s + `"`, nil
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i == len(s)-1:
			return "", refuse(s, i, "a backslash at the end would escape the closing quote")
		case c == '\\' && s[i+1] == '\\':
			return "", refuse(s, i, `python-dotenv reads \\ as one backslash, godotenv and docker compose as two`)
		}
	}
	return "'" + s + "'", nil
}

// envText refuses what no process environment can hold (NUL) and what a
// consumer that reads UTF-8 text cannot decode; why says why it cannot.
func envText(s, why string) error {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return refuse(s, i, "no environment variable can hold a NUL byte")
	}
	if i := firstInvalidUTF8(s); i >= 0 {
		return refuse(s, i, why)
	}
	return nil
}
