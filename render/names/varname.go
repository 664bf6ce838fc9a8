package names

// IsVarName reports whether n matches [A-Za-z_][A-Za-z0-9_]*: the names
// every target can set, and the only ones a POSIX shell can export. It is
// zenv's one rule for a variable name: render, profile, cmdutil and lint use
// it (render cannot import internal/, so it lives here).
func IsVarName(n string) bool {
	if n == "" {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c == '_' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || i > 0 && '0' <= c && c <= '9' {
			continue
		}
		return false
	}
	return true
}
