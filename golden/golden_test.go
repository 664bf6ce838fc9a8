package golden

// Every fixture profile in golden/<fixture>/profile.yaml, rendered for every
// target, form and variant, must equal
// golden/<fixture>/<target>[.<form>][.<variant>].golden. A refusal is locked
// too: its golden file holds the error.
//
// Regenerate with `go test ./golden -update`, then read the diff.

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	envcmd "github.com/zenv-dev/zenv/internal/cmd/env"
	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/testsupport/fixture"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
	"github.com/zenv-dev/zenv/render"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

// Case is one rendering of one fixture.
type Case struct {
	Fixture string // directory under golden/
	Target  string
	Form    string
	Unset   bool
	Inline  bool
}

// File is the golden file of the case.
func (c Case) File() string {
	name := c.Target
	if c.Form != "" {
		name += "." + c.Form
	}
	if c.Unset {
		name += ".unset"
	}
	if c.Inline {
		name += ".inline"
	}
	return filepath.Join(c.Fixture, name+".golden")
}

// Cases lists every fixture × target × form × variant.
func Cases(t testing.TB) []Case {
	profiles, err := filepath.Glob("*/profile.yaml")
	if err != nil || len(profiles) == 0 {
		t.Fatalf("no fixtures found: %v", err)
	}
	var cases []Case
	for _, p := range profiles {
		fx := filepath.Dir(p)
		for _, tg := range render.Targets {
			for _, f := range tg.Forms {
				c := Case{Fixture: fx, Target: tg.Name, Form: f.Name}
				cases = append(cases, c)
				if f.Unset {
					u := c
					u.Unset = true
					cases = append(cases, u)
				}
				if f.Ref != nil && !f.NoKey {
					i := c
					i.Inline = true
					cases = append(cases, i)
				}
			}
		}
	}
	return cases
}

// Result is what one zenv run produced.
type Result struct {
	Stdout, Stderr string
	Err            error
}

// Run renders c in process, through the same command as `zenv env`, with
// an environment that holds nothing of the machine's.
func Run(c Case) Result {
	io, _, out, errOut := teststreams.New()
	src := fixture.Source(c.Fixture)
	f := &cmdutil.Factory{
		IOStreams:     io,
		Getenv:        src.Getenv,
		ProfileSource: func(string, string) profile.Source { return src },
		Redactor:      &redact.Redactor{},
	}
	args := []string{c.Target}
	if c.Form != "" {
		args = append(args, "--form", c.Form)
	}
	if c.Unset {
		args = append(args, "--unset")
	}
	if c.Inline {
		args = append(args, "--inline-secrets")
	}
	cmd := envcmd.NewCmdEnv(f, nil)
	cmd.SetArgs(args)
	cmd.SetOut(io.Out)
	cmd.SetErr(io.ErrOut)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.Execute()
	return Result{Stdout: out.String(), Stderr: errOut.String(), Err: err}
}

// golden is what a golden file holds for a result: the output, or for a
// refusal, the error as the user sees it.
func (r Result) golden() string {
	if r.Err != nil {
		return fmt.Sprintf("# zenv refuses: exit 2, stdout empty\nzenv: %s\n", r.Err)
	}
	return r.Stdout
}

func TestGolden(t *testing.T) {
	for _, c := range Cases(t) {
		t.Run(strings.TrimSuffix(c.File(), ".golden"), func(t *testing.T) {
			r := Run(c)
			if r.Err != nil && r.Stdout != "" {
				t.Fatalf("refused with %v but wrote %d bytes to stdout", r.Err, len(r.Stdout))
			}
			got := r.golden()
			if *update {
				if err := os.WriteFile(c.File(), []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(c.File())
			if err != nil {
				t.Fatalf("no golden file (run go test ./golden -update and read the diff): %v", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (go test ./golden -update rewrites it):\n%s", c.File(), Diff(string(want), got))
			}
		})
	}
}

// TestNoStaleGoldenFiles fails on a golden file no case produces, so a
// removed target or form takes its files with it.
func TestNoStaleGoldenFiles(t *testing.T) {
	want := map[string]bool{}
	for _, c := range Cases(t) {
		want[c.File()] = true
	}
	files, _ := filepath.Glob("*/*.golden")
	sort.Strings(files)
	for _, f := range files {
		if !want[f] {
			t.Errorf("%s belongs to no case; delete it", f)
		}
	}
}

// TestRendersAreDeterministic renders every case twice.
func TestRendersAreDeterministic(t *testing.T) {
	for _, c := range Cases(t) {
		a, b := Run(c), Run(c)
		if a.golden() != b.golden() || a.Stderr != b.Stderr {
			t.Errorf("%s: two runs differ", c.File())
		}
	}
}
