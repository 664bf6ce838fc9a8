// Package render turns plain data, an ordered list of variables and the
// settings of one target, into the exact bytes of that target. It is pure:
// no I/O, no clock, no randomness, and it imports nothing from the rest of
// zenv, so the same Input always gives the same bytes.
package render

// Var is one environment variable to set.
type Var struct {
	Name  string
	Value string
	// Secret: the API key or another credential. CI targets reference it
	// instead of writing it, and it never appears in a comment.
	Secret bool
	// Field is the profile field that set the variable ("url", "api_key",
	// ...), or "" for an extra variable. A target's reference rule may use
	// it, for example to take the url from a CI variable.
	Field string
}

// Input is everything one rendering needs besides the target and options.
type Input struct {
	// Profile names the profile in headers; "" when built from flags.
	Profile string
	// Vars in their fixed order. A secret's Value may be "" when the
	// caller did not read it because NeedsKey said no.
	Vars []Var
	// Clear names variables the output removes besides setting Vars, in
	// the targets that can remove variables: the ZenML client variables
	// this profile does not set, so switching profiles leaves none behind.
	Clear []string
	// Settings are the target settings given by the user, by config key;
	// a declared setting not given here takes its default.
	Settings map[string]string
	// Commands are the zenv commands that print each form of the target,
	// by form name ("" is the default form), for headers and hints. The
	// caller spells them; render does not know the CLI. A form missing
	// here gets no such line.
	Commands map[string]string
	// KeyCommand is a shell command that prints the key on stdout, for
	// setup instructions; "" when the key's source has none.
	KeyCommand string
}
