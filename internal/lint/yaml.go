package lint

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
	"mvdan.cc/sh/v3/syntax"

	"github.com/zenv-dev/zenv/internal/zenml"
	"github.com/zenv-dev/zenv/render/names"
)

// yamlFile checks every document of a YAML file. Variables are found where
// each format keeps them (GitHub and Prefect env:, compose environment:,
// GitLab variables:, Kubernetes env: lists and ConfigMap data:) and under
// any key that starts ZENML_; scripts where each format keeps them (GitHub
// run:, GitLab script:, Prefect run_shell_script). Aliases are not
// followed: each node is checked once, where it is written, and a YAML
// bomb costs nothing.
func (c *checker) yamlFile(k kind) {
	switch k {
	case kindPrefect:
		if !c.mentions("ZENML_", "zenv", "run_shell_script", "pull", "job_variables") {
			return
		}
	case kindWorkflow, kindGitlab:
		if !c.mentions("ZENML_", "zenv") {
			return
		}
	default:
		if !c.mentions("ZENML_", "run_shell_script", "job_variables") {
			return
		}
	}
	if !c.parseable("YAML") {
		return
	}
	dec := yaml.NewDecoder(bytes.NewReader(c.data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			c.unparsable("YAML", strings.TrimPrefix(err.Error(), "yaml: "))
			return
		}
		if len(doc.Content) == 0 {
			continue
		}
		root := doc.Content[0]
		w := yamlWalk{c: c, k: k}
		if kv := mapValue(root, "kind"); kv != nil && mapValue(root, "apiVersion") != nil {
			// Kubernetes: a Secret's data is base64, its stringData plain.
			w.k8sKind = kv.Value
		}
		w.walk(root, "", false, false, 0)
		if k == kindPrefect || mapValue(root, "deployments") != nil || isSeq(mapValue(root, "pull")) {
			c.prefect(root)
		}
	}
}

type yamlWalk struct {
	c       *checker
	k       kind
	k8sKind string
}

// envKey reports whether a key holds variables in some format.
func (w *yamlWalk) envKey(key string, depth int) bool {
	switch key {
	case "env", "environment":
		return true
	case "variables":
		return w.k == kindGitlab
	case "data", "stringData":
		// ConfigMap and Secret data become variables through envFrom.
		return depth == 1 && (w.k8sKind == "ConfigMap" || w.k8sKind == "Secret")
	}
	return false
}

// walk visits n, found under key at depth. env says n holds variables;
// jobVars says n sits under a Prefect job_variables key.
func (w *yamlWalk) walk(n *yaml.Node, key string, env, jobVars bool, depth int) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if env || strings.HasPrefix(k.Value, "ZENML_") {
				w.assignPair(k, v, env && jobVars && key == "env", key == "data" && w.k8sKind == "Secret")
			}
			w.script(k.Value, v)
			w.walk(v, k.Value, w.envKey(k.Value, depth+1), jobVars || k.Value == "job_variables", depth+1)
		}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			if env {
				w.assignItem(item)
			}
			w.walk(item, key, false, jobVars, depth+1)
		}
	}
}

// assignPair records NAME: value. A GitLab variable may be a mapping with
// a value: key. base64 values (a Kubernetes Secret's data) are not judged.
func (w *yamlWalk) assignPair(k, v *yaml.Node, jobVarsEnv, base64 bool) {
	if v.Kind == yaml.MappingNode {
		if v = mapValue(v, "value"); v == nil {
			return
		}
	}
	a := assign{name: k.Value, line: k.Line, col: k.Column, underJobVarsEnv: jobVarsEnv}
	if v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
		a.raw, a.literal = v.Value, !base64 && literalYAML(v.Value)
		a.vline, a.vcol = v.Line, v.Column
	}
	w.c.assigns = append(w.c.assigns, a)
}

// assignItem records NAME=value (compose) or {name: NAME, value: v}
// (Kubernetes) in a list of variables.
func (w *yamlWalk) assignItem(item *yaml.Node) {
	switch item.Kind {
	case yaml.ScalarNode:
		name, value, ok := strings.Cut(item.Value, "=")
		if !ok || !names.IsVarName(name) {
			return
		}
		w.c.assigns = append(w.c.assigns, assign{name: name, line: item.Line, col: item.Column,
			raw: value, literal: literalYAML(value), vline: item.Line, vcol: item.Column})
	case yaml.MappingNode:
		if name := mapValue(item, "name"); name != nil && name.Kind == yaml.ScalarNode {
			v := mapValue(item, "value")
			if v == nil {
				v = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
			}
			w.assignPair(name, v, false, false)
		}
	}
}

// literalYAML reports whether a value reaches the program as written: no
// ${{ }} (GitHub), {{ }} (Prefect) or $VAR (compose, GitLab) to expand.
func literalYAML(s string) bool {
	return !strings.Contains(s, "$") && !strings.Contains(s, "{{")
}

// script checks the shell a format runs from a key.
func (w *yamlWalk) script(key string, v *yaml.Node) {
	var ok bool
	switch w.k {
	case kindWorkflow:
		ok = key == "run"
	case kindGitlab:
		ok = key == "script" || key == "before_script" || key == "after_script"
	}
	if !ok {
		return
	}
	if v.Kind == yaml.ScalarNode {
		w.c.shellInYAML(v, inScript)
	}
	if v.Kind == yaml.SequenceNode {
		for _, item := range v.Content {
			if item.Kind == yaml.ScalarNode {
				w.c.shellInYAML(item, inScript)
			}
		}
	}
}

// shellInYAML checks a script held in a scalar. A block scalar (| or >)
// starts on the next line, indented; other scalars are mapped to where
// they start, which is exact for the usual one-line script.
func (c *checker) shellInYAML(v *yaml.Node, mode shellMode) error {
	var pm posMap
	if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		first, indent := v.Line+1, 0
		for n := first; n <= v.Line+1+strings.Count(v.Value, "\n"); n++ {
			if l := c.line(n); len(bytes.TrimSpace(l)) > 0 {
				indent = len(l) - len(bytes.TrimLeft(l, " "))
				break
			}
		}
		pm = func(line, col int) (int, int) { return first + line - 1, indent + col }
	} else {
		start := c.byteCol(v.Line, v.Column)
		if v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			start++
		}
		pm = func(line, col int) (int, int) {
			if line == 1 {
				return v.Line, start + col - 1
			}
			return v.Line + line - 1, col
		}
	}
	return c.shell(v.Value, syntax.LangBash, mode, pm)
}

// prefect checks the steps of a prefect.yaml: build, push and pull at the
// top and in each deployment.
func (c *checker) prefect(root *yaml.Node) {
	sections := func(m *yaml.Node) {
		for _, s := range []string{"build", "push", "pull"} {
			if seq := mapValue(m, s); isSeq(seq) {
				for _, step := range seq.Content {
					c.prefectStep(step, s == "pull")
				}
			}
		}
	}
	sections(root)
	if deps := mapValue(root, "deployments"); isSeq(deps) {
		for _, d := range deps.Content {
			sections(d)
		}
	}
}

// prefectStep checks one step: {"module.function": {kwargs}}.
func (c *checker) prefectStep(step *yaml.Node, pull bool) {
	if step.Kind != yaml.MappingNode || len(step.Content) < 2 {
		return
	}
	name, args := step.Content[0].Value, step.Content[1]
	if args.Kind != yaml.MappingNode {
		return
	}
	if strings.HasSuffix(name, "run_shell_script") {
		if s := mapValue(args, "script"); s != nil && s.Kind == yaml.ScalarNode {
			before := len(c.assigns)
			if err := c.shellInYAML(s, inPrefectStep); err != nil {
				c.shellStepLines(s)
			}
			if pull {
				// The script is a pull-step input too: a secret in it is
				// emitted in events like any other.
				for _, a := range c.assigns[before:] {
					if secretName(a.name) && a.literal && secretValue(a.raw) {
						c.add(RulePullStepSecret, a.vline, a.vcol, pullSecretMessage(a.name))
					}
				}
			}
		}
	}
	if pull {
		c.pullSecrets(args)
	}
}

// shellStepLines is the fallback for a step script that is not shell as a
// whole (PowerShell or cmd lines, Windows runs them through a shell): each
// line is what Prefect runs on its own, so each is checked alone.
func (c *checker) shellStepLines(s *yaml.Node) {
	for i, line := range strings.Split(s.Value, "\n") {
		one := *s
		one.Value = line
		if s.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			one.Line = s.Line + i // the block starts on the line after s.Line
		} else if i > 0 {
			break
		}
		_ = c.shellInYAML(&one, inPrefectStep)
	}
}

// pullSecrets finds literal secrets among a pull step's inputs: since
// Prefect 3.6 (#19339) they are emitted in events before templating.
func (c *checker) pullSecrets(args *yaml.Node) {
	for i := 0; i+1 < len(args.Content); i += 2 {
		k, v := args.Content[i], args.Content[i+1]
		if k.Value == "id" || k.Value == "requires" {
			continue
		}
		switch v.Kind {
		case yaml.MappingNode:
			c.pullSecrets(v)
		case yaml.ScalarNode:
			if secretName(k.Value) && literalSecret(v) {
				c.add(RulePullStepSecret, v.Line, v.Column, pullSecretMessage(k.Value))
			}
		}
	}
}

func pullSecretMessage(name string) string {
	return name + " holds a literal secret in a pull step, and Prefect 3.6+ emits pull-step inputs in events; store it in a Secret block and write '{{ prefect.blocks.secret.NAME }}'"
}

// secretName reports whether an input or variable name says it holds a
// secret.
func secretName(name string) bool {
	up := strings.ToUpper(name)
	// Not CREDENTIAL: DISABLE_CREDENTIALS_DISK_CACHING is a switch, and a
	// credentials input names a block.
	for _, s := range [...]string{"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "ACCESS_KEY", "PRIVATE_KEY"} {
		if strings.Contains(up, s) {
			return true
		}
	}
	return false
}

// literalSecret reports whether a scalar is a secret written out: a string,
// not templated, not a ZenML key (that has a rule of its own).
func literalSecret(v *yaml.Node) bool {
	return v.Tag == "!!str" && secretValue(v.Value)
}

// secretValue reports whether a value written out could be a secret: not
// empty, not templated or a $reference, not a switch ("true", "0"), and not
// a ZenML key (that has a rule of its own).
func secretValue(s string) bool {
	if _, isBool := zenml.ParseBool(s); isBool || s == "" {
		return false
	}
	return !strings.Contains(s, "{{") && !strings.HasPrefix(s, "$") && len(findKeys([]byte(s))) == 0
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func isSeq(n *yaml.Node) bool { return n != nil && n.Kind == yaml.SequenceNode }
