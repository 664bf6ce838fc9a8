package doctor

// Checks lists every check in its order, the cross-profile ones last.
func Checks() []CheckInfo {
	var out []CheckInfo
	for _, c := range checks {
		out = append(out, CheckInfo{ID: c.id, Title: c.title, Parts: c.parts, Online: c.online})
	}
	for _, c := range crossChecks {
		out = append(out, CheckInfo{ID: c.id, Title: c.title})
	}
	return out
}
