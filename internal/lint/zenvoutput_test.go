package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// asFile names the file a golden output is pasted into, so lint reads it
// as it would read it there; "" for outputs lint has no parser for.
func asFile(golden string) string {
	form := strings.TrimSuffix(filepath.Base(golden), ".golden")
	switch target, _, _ := strings.Cut(form, "."); target {
	case "prefect":
		return "prefect.yaml"
	case "github":
		if strings.Contains(form, "github-env") || strings.Contains(form, "setup") {
			return "step.sh"
		}
		return ".github/workflows/zenml.yml"
	case "bash", "sh":
		return "env.sh"
	case "zsh":
		return "env.zsh"
	}
	return ""
}

// TestZenvOutputPassesLint: what zenv env writes, pasted where it belongs,
// passes zenv lint. Keys are left out of the judgement: a shell output or
// an --inline-secrets form holds the key by design, and ZL003 and ZL005
// are meant to flag it once committed.
func TestZenvOutputPassesLint(t *testing.T) {
	goldens, err := filepath.Glob("../../golden/*/*.golden")
	if err != nil || len(goldens) == 0 {
		t.Fatalf("no golden files (%v)", err)
	}
	checked := 0
	for _, g := range goldens {
		name := asFile(g)
		if name == "" {
			continue
		}
		data, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(string(data), "# zenv refuses:") {
			continue // a refusal, not an output
		}
		c := newChecker(name, data)
		c.check()
		checked++
		if c.skip != nil {
			t.Errorf("%s (as %s): %s", g, name, c.skip.Reason)
		}
		for _, f := range c.findings {
			// An inline pull step holds the key as a step input by design:
			// zenv warns when it writes one, and lint flags it, rightly.
			inline := strings.Contains(g, ".inline.") && f.Rule == RulePullStepSecret
			if f.Level != Info && f.Rule != RuleLiteralKey && !inline {
				t.Errorf("%s (as %s): %d:%d %s %s", g, name, f.Line, f.Col, f.Rule, f.Message)
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d golden outputs checked", checked)
	}
}
