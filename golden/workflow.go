package golden

import "strings"

// Workflows wraps the output of a GitHub form into whole workflows, the way
// a user pastes it, so that actionlint and act can take it: the env: block
// at workflow, job and step level, the github-env lines as a run: step, and
// the workflow form as printed. Other forms give none.
func Workflows(form, out string) map[string]string {
	switch form {
	case "workflow":
		return map[string]string{"as printed": out}
	case "":
		return map[string]string{
			"workflow level": "on: push\n" + out + "jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: zenml status\n",
			"job level":      "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n" + Indent(out, "    ") + "    steps:\n      - run: zenml status\n",
			"step level":     "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: zenml status\n" + Indent(out, "        "),
		}
	case "github-env":
		return map[string]string{"run step": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n" + Indent(out, "          ") + "      - run: zenml status\n"}
	}
	return nil
}

// Indent puts pad before every non-empty line of s.
func Indent(s, pad string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pad + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}
