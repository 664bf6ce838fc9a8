package lint

import (
	"bytes"
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// kind is what a file is, by name first and by content second.
type kind int

const (
	kindText kind = iota // searched for keys only
	kindPrefect
	kindWorkflow
	kindGitlab
	kindYAML // compose files, Kubernetes manifests, any other YAML
	kindDotenv
	kindDockerfile
	kindShell
	kindZsh
)

// classify names the kind of the file at p (slash-separated).
func classify(p string, data []byte) kind {
	base := path.Base(p)
	lower := strings.ToLower(base)
	switch ext := path.Ext(lower); {
	case ext == ".yaml" || ext == ".yml":
		switch {
		case strings.HasPrefix(lower, "prefect"):
			return kindPrefect
		case strings.Contains("/"+p, "/.github/workflows/"):
			return kindWorkflow
		case strings.HasSuffix(lower, ".gitlab-ci.yml") || strings.HasSuffix(lower, ".gitlab-ci.yaml"):
			return kindGitlab
		}
		return kindYAML
	case lower == ".env" || strings.HasPrefix(lower, ".env.") || ext == ".env":
		return kindDotenv
	case lower == "dockerfile" || lower == "containerfile" || strings.HasPrefix(lower, "dockerfile.") ||
		strings.HasPrefix(lower, "containerfile.") || ext == ".dockerfile" || ext == ".containerfile":
		return kindDockerfile
	case ext == ".zsh" || lower == ".zshrc" || lower == ".zshenv" || lower == ".zprofile":
		return kindZsh
	case ext == ".sh" || ext == ".bash" || ext == ".ksh" || ext == ".dash" || lower == ".envrc" ||
		lower == ".bashrc" || lower == ".bash_profile" || lower == ".profile":
		return kindShell
	case ext == "":
		return shebangKind(data)
	}
	return kindText
}

// shebangKind reads "#!/bin/sh", "#!/usr/bin/env -S bash -e" and the like.
func shebangKind(data []byte) kind {
	if !bytes.HasPrefix(data, []byte("#!")) {
		return kindText
	}
	line, _, _ := bytes.Cut(data[2:min(len(data), 256)], []byte("\n"))
	fields := strings.Fields(string(line))
	for i, f := range fields {
		name := path.Base(f)
		if i == 0 && name == "env" || strings.HasPrefix(f, "-") {
			continue
		}
		switch name {
		case "sh", "bash", "dash", "ash", "ksh", "mksh":
			return kindShell
		case "zsh":
			return kindZsh
		}
		return kindText
	}
	return kindText
}

// assign is a variable set in a file: a name, and its value when the file
// spells it out (no $VAR, ${{ }} or {{ }} to expand first).
type assign struct {
	name            string
	line, col       int // of the name; col in code points
	raw             string
	literal         bool
	vline, vcol     int // of the value
	underJobVarsEnv bool
	// shellLocal: NAME=value alone in a script, not exported; only the
	// script sees it, so an unknown name there is nobody's mistake.
	shellLocal bool
}

// checker checks one file's bytes.
type checker struct {
	path       string
	data       []byte
	lineStarts []int
	findings   []Finding
	assigns    []assign
	skip       *Skip
	names      map[string]zenml.NameInfo // zenml.Name per name: a file repeats its names
}

func newChecker(path string, data []byte) *checker {
	return &checker{path: path, data: data}
}

// check runs every rule that applies to the file's kind. Parsers run only
// when the file mentions what their rules look for: most files in a tree
// say nothing about ZenML, and this is what makes lint cheap.
func (c *checker) check() {
	for _, k := range findKeys(c.data) {
		line, col := c.pos(k.start)
		what := "a ZenML API key"
		if k.prefix == zenml.ProKeyPrefix {
			what = "a ZenML Pro API key"
		}
		c.add(RuleLiteralKey, line, col, what+" written out in a file: rotate it and read it from a secret store")
	}
	switch k := classify(c.path, c.data); k {
	case kindPrefect, kindWorkflow, kindGitlab, kindYAML:
		c.yamlFile(k)
	case kindDotenv:
		if c.mentions("ZENML_") {
			c.dotenv()
		}
	case kindDockerfile:
		if c.mentions("ZENML_", "zenv") {
			c.dockerfile()
		}
	case kindShell, kindZsh:
		if c.mentions("ZENML_", "zenv") {
			c.shellFile(k)
		}
	}
	c.judge()
	c.suppress()
	if len(c.findings) > maxFindings {
		// Machine-made files can repeat a mistake by the thousand; the
		// report stays readable and its size bounded.
		slices.SortFunc(c.findings, func(a, b Finding) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col), cmp.Compare(a.Rule, b.Rule))
		})
		c.findings = c.findings[:maxFindings]
		c.skip = &Skip{Path: c.path, Reason: fmt.Sprintf("more than %d findings, only the first %d reported", maxFindings, maxFindings)}
	}
}

// maxFindings bounds the findings reported for one file.
const maxFindings = 1000

// ignoreMark on a line drops the findings on that line: all of them, or
// those of the rules listed after "=" (zenv-lint:ignore=ZL003,ZL005). A
// linter that runs in pre-commit needs a way past a finding its user has
// judged, such as a test key.
const ignoreMark = "zenv-lint:ignore"

func (c *checker) suppress() {
	if len(c.findings) == 0 || !bytes.Contains(c.data, []byte(ignoreMark)) {
		return
	}
	kept := c.findings[:0]
	for _, f := range c.findings {
		if !markedIgnore(string(c.line(f.Line)), f.Rule) {
			kept = append(kept, f)
		}
	}
	c.findings = kept
}

// markedIgnore reports whether line carries a mark that covers rule.
// The mark counts only as a comment of its own ("# zenv-lint:ignore" or
// "// zenv-lint:ignore"), whole: inside a quoted value, a URL or a longer
// word it would let a key through (found by the attack review).
func markedIgnore(line, rule string) bool {
	i := strings.Index(line, ignoreMark)
	if i < 0 {
		return false
	}
	before := strings.TrimRight(line[:i], " \t")
	if !strings.HasSuffix(before, "#") && !strings.HasSuffix(before, "//") {
		return false
	}
	rest := line[i+len(ignoreMark):]
	list, ok := strings.CutPrefix(rest, "=")
	if !ok {
		return strings.TrimSpace(rest) == ""
	}
	end := strings.IndexFunc(list, func(r rune) bool { return r != ',' && !('A' <= r && r <= 'Z' || '0' <= r && r <= '9') })
	if end >= 0 {
		list = list[:end]
	}
	for _, id := range strings.Split(list, ",") {
		if id == rule {
			return true
		}
	}
	return false
}

func (c *checker) mentions(words ...string) bool {
	for _, w := range words {
		if bytes.Contains(c.data, []byte(w)) {
			return true
		}
	}
	return false
}

// add records a finding; every message passes through the redactor.
func (c *checker) add(rule string, line, col int, msg string) {
	r := Rules[ruleIndex(rule)]
	c.findings = append(c.findings, Finding{
		Path: c.path, Line: line, Col: col, Rule: rule,
		Level: r.Level, Message: redact.KeyShaped(msg), Fix: r.Fix,
	})
}

// unparsable marks the file skipped; findings made before stay.
func (c *checker) unparsable(what, detail string) {
	if c.skip == nil {
		c.skip = &Skip{Path: c.path, Reason: redact.KeyShaped(fmt.Sprintf("not valid %s (%s), checked for keys only", what, detail))}
	}
}

// judge applies the name and value rules to every variable the file sets:
// internal/zenml's verdicts, the same env and doctor give, at the levels
// zenml.Severity gives lint. A file that sets server-only variables
// configures a ZenML server, which reads names no client does: such names
// are left alone there.
func (c *checker) judge() {
	server := false
	for _, a := range c.assigns {
		server = server || strings.HasPrefix(a.name, "ZENML_") && c.name(a.name).Class == zenml.Server
	}
	for _, a := range c.assigns {
		if info := c.name(a.name); info.Class != zenml.NotZenML {
			if p := info.Problem(); p != nil {
				switch {
				case server && (info.Class != zenml.Mistake || zenml.ServerFamily(a.name)):
				case info.Class == zenml.Mistake:
					c.addProblem(RuleWrongName, a.line, a.col, *p, p.Error())
				case a.shellLocal:
				default:
					c.addProblem(RuleUnreadName, a.line, a.col, *p, p.Error())
				}
			}
		}
		if a.underJobVarsEnv && strings.Contains(a.raw, "prefect.blocks.secret.") {
			c.add(RuleSecretJobVars, a.vline, a.vcol, fmt.Sprintf(
				"%s references a Secret block under job_variables.env: prefect deploy stores the resolved value on the deployment; resolve it at run time with zenv env prefect --form pull-step", a.name))
		}
		if !a.literal || a.raw == "" || !zenml.ChecksValue(a.name) {
			continue
		}
		for _, p := range zenml.CheckValue(a.name, a.raw) {
			rule := RuleBadValue
			switch {
			case p.Code == zenml.CodeNotUUID:
				rule = RuleNotUUID
				p.Hint = strings.Replace(p.Hint, "NAME", a.raw, 1)
			case strings.HasPrefix(string(p.Code), "url-"):
				rule = RuleBadURL
			}
			c.addProblem(rule, a.vline, a.vcol, p, fmt.Sprintf("%s %s", valueSubject(a.name, a.raw, rule), p.Error()))
		}
	}
}

// name is zenml.Name, remembered per file: a file repeats its names, and
// judging an unknown one measures its distance to every client name.
func (c *checker) name(n string) zenml.NameInfo {
	if !strings.HasPrefix(n, "ZENML_") {
		return zenml.NameInfo{Name: n}
	}
	info, ok := c.names[n]
	if !ok {
		info = zenml.Name(n)
		if c.names == nil {
			c.names = map[string]zenml.NameInfo{}
		}
		c.names[n] = info
	}
	return info
}

// addProblem records a finding for a problem internal/zenml found, at the
// level zenml.Severity gives lint; a problem lint ignores is not recorded.
func (c *checker) addProblem(rule string, line, col int, p zenml.Problem, msg string) {
	level := Error
	switch zenml.Severity(p.Code, zenml.CmdLint) {
	case zenml.Ignore:
		return
	case zenml.Info:
		level = Info
	case zenml.Warn:
		level = Warning
	}
	c.add(rule, line, col, msg)
	f := &c.findings[len(c.findings)-1]
	f.Level, f.Code = level, string(p.Code)
}

// pos turns a byte offset into a line and a code-point column.
func (c *checker) pos(off int) (int, int) {
	c.indexLines()
	lo, hi := 0, len(c.lineStarts)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if c.lineStarts[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	start := c.lineStarts[lo]
	return lo + 1, utf8.RuneCount(c.data[start:off]) + 1
}

// line returns line n (1-based) without its newline.
func (c *checker) line(n int) []byte {
	c.indexLines()
	if n < 1 || n > len(c.lineStarts) {
		return nil
	}
	start := c.lineStarts[n-1]
	end := len(c.data)
	if n < len(c.lineStarts) {
		end = c.lineStarts[n] - 1
	}
	return c.data[start:end]
}

// runeCol turns a 1-based byte column of line n into a code-point column.
func (c *checker) runeCol(n, byteCol int) int {
	l := c.line(n)
	if byteCol-1 > len(l) {
		return byteCol
	}
	return utf8.RuneCount(l[:byteCol-1]) + 1
}

// byteCol turns a 1-based code-point column of line n into a byte column.
func (c *checker) byteCol(n, runeCol int) int {
	l := c.line(n)
	off := 0
	for i := 1; i < runeCol; i++ {
		if off >= len(l) { // past the end: one byte per column
			return off + 1 + runeCol - i
		}
		_, size := utf8.DecodeRune(l[off:])
		off += size
	}
	return off + 1
}

func (c *checker) indexLines() {
	if c.lineStarts != nil {
		return
	}
	c.lineStarts = append(make([]int, 0, 64), 0)
	for i, b := range c.data {
		if b == '\n' {
			c.lineStarts = append(c.lineStarts, i+1)
		}
	}
}

// valueSubject names a variable and its value in a finding. A url is
// quoted as redact.URL shows it (never its userinfo), or not at all
// when it may be a secret set in the wrong place.
func valueSubject(name, raw, rule string) string {
	if rule != RuleBadURL {
		return fmt.Sprintf("%s=%q", name, raw)
	}
	if shown, ok := redact.URL(raw); ok {
		return fmt.Sprintf("%s=%q", name, shown)
	}
	return name
}
