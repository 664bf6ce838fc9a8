package lint

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// TestSeedRecipeFindsNamesAndStepOnTheirLines is the "done when":
// the article's recipe gives the wrong names and the broken step, each on
// the line that holds it.
func TestSeedRecipeFindsNamesAndStepOnTheirLines(t *testing.T) {
	const file = "testdata/tree/seed/prefect.yaml"
	rep, err := Run(t.Context(), []string{file}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	lineOf := func(substr string) int {
		for i, l := range lines {
			if strings.Contains(l, substr) {
				return i + 1
			}
		}
		t.Fatalf("%s not in %s", substr, file)
		return 0
	}
	want := []struct {
		rule, on string
	}{
		{RuleWrongName, "ZENML_URL:"},
		{RuleWrongName, "ZENML_API_KEY:"},
		{RuleShellStepEnv, "export ZENML_STORE_URL="},
		{RuleShellStepEnv, "export ZENML_STORE_API_KEY="},
	}
	for _, w := range want {
		found := false
		for _, f := range rep.Findings {
			found = found || f.Rule == w.rule && f.Line == lineOf(w.on)
		}
		if !found {
			t.Errorf("no %s on line %d (%s); findings: %+v", w.rule, lineOf(w.on), w.on, rep.Findings)
		}
	}
	if rep.ExitCode() != ExitFindings {
		t.Errorf("exit code %d, want %d", rep.ExitCode(), ExitFindings)
	}
}

// TestSARIFMatchesSchema validates the SARIF output, findings and skips
// included, relative and absolute paths, against the OASIS schema.
func TestSARIFMatchesSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	f, err := os.Open("testdata/sarif/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs("testdata/tree/zl001-wrong-name")
	if err != nil {
		t.Fatal(err)
	}
	for _, paths := range [][]string{{"testdata/tree"}, {abs}, {"testdata/tree/zl002-shell-step/good"}} {
		rep, err := Run(t.Context(), paths, goldenOptions)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteSARIF(&buf, rep, Tool{Name: "zenv", Version: "1.2.3", URI: "https://github.com/zenv-dev/zenv"}); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("SARIF for %v does not match the schema: %v", paths, err)
		}
	}
}

// realKey makes a key shaped as ZenML makes them: prefix and standard
// padded base64 of {"id": uuid, "key": 64 hex}.
func realKey(prefix string, n int) string {
	body := fmt.Sprintf(`{"id": "%08x-1234-4abc-8def-0123456789ab", "key": "%064x"}`, n, n*7919)
	return prefix + base64.StdEncoding.EncodeToString([]byte(body))
}

// allOutput is rep in every format, and its skips as the command prints
// them.
func allOutput(t *testing.T, rep Report) *bytes.Buffer {
	t.Helper()
	var out bytes.Buffer
	for _, format := range Formats {
		if err := Write(&out, format, rep, Tool{Name: "zenv"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteSkipped(&out, rep); err != nil {
		t.Fatal(err)
	}
	return &out
}

// TestOutputNeverHoldsAKey runs every format over the tree, whose files
// hold real-shaped keys, and looks for any 16 characters of a key body.
func TestOutputNeverHoldsAKey(t *testing.T) {
	rep, err := Run(t.Context(), []string{"testdata/tree"}, goldenOptions)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/tree/zl003-literal-key/notes.txt")
	if err != nil {
		t.Fatal(err)
	}
	keys := findKeys(data)
	if len(keys) != 2 {
		t.Fatalf("notes.txt holds %d keys, want 2", len(keys))
	}
	out := allOutput(t, rep)
	for _, k := range keys {
		body := string(data[k.start+len(k.prefix) : k.end])
		for i := 0; i+16 <= len(body); i += 8 {
			if bytes.Contains(out.Bytes(), []byte(body[i:i+16])) {
				t.Fatalf("output holds part of a key body: %q", body[i:i+16])
			}
		}
	}
}

// gitleaksRegex is the regex of the README's gitleaks rule.
func gitleaksRegex(t *testing.T) *regexp.Regexp {
	t.Helper()
	m := regexp.MustCompile(`(?m)^regex = '''(.*)'''$`).FindStringSubmatch(GitleaksRule)
	if m == nil {
		t.Fatal("GitleaksRule has no regex line")
	}
	return regexp.MustCompile(m[1])
}

// TestGitleaksRuleAgreesWithLint: the gitleaks rule matches real-shaped
// keys wherever they stand and not prose, placeholders or names, and finds
// exactly what lint's own scanner finds.
func TestGitleaksRuleAgreesWithLint(t *testing.T) {
	re := gitleaksRegex(t)
	k, p := realKey("ZENKEY_", 42), realKey("ZENPROKEY_", 43)
	tests := []struct {
		name, text string
		keys       int
	}{
		{"bare key", k, 1},
		{"pro key", p, 1},
		{"after =", "ZENML_STORE_API_KEY=" + k, 1},
		{"in double quotes", `api_key: "` + k + `"`, 1},
		{"under an unrelated name", "MY_SETTING=" + p, 1},
		{"two on a line", k + " " + p, 2},
		{"in JSON", `{"k":"` + k + `"}`, 1},
		{"after a non-ASCII letter", "é" + k, 1},
		{"prose with an ellipsis", "keys look like ZENKEY_... and ZENPROKEY_...", 0},
		{"the prefix alone", "the ZENKEY_ prefix", 0},
		{"a short placeholder", "ZENKEY_benchmark ZENKEY_xxxxxxxx", 0},
		{"inside a longer name", "MYZENKEY_" + strings.Repeat("A", 40), 0},
		{"after an underscore", "X_ZENKEY_" + strings.Repeat("A", 40), 0},
		{"a variable reference", "ZENKEY_${KEY}", 0},
		{"lower case", strings.ToLower(k), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := re.FindAllStringIndex(tt.text, -1)
			mine := findKeys([]byte(tt.text))
			if len(got) != tt.keys || len(mine) != tt.keys {
				t.Fatalf("gitleaks regex found %d, lint %d, want %d in %q", len(got), len(mine), tt.keys, tt.text)
			}
			for i := range got {
				if got[i][0] != mine[i].start || got[i][1] != mine[i].end {
					t.Errorf("regex match %v, lint match [%d %d]", got[i], mine[i].start, mine[i].end)
				}
			}
		})
	}
}

// TestOutputIsDeterministic: one worker or many, the report is the same.
func TestOutputIsDeterministic(t *testing.T) {
	var reps []Report
	for _, jobs := range []int{1, 2, 8} {
		rep, err := Run(t.Context(), []string{"testdata/tree"}, Options{MaxFileSize: goldenOptions.MaxFileSize, Jobs: jobs})
		if err != nil {
			t.Fatal(err)
		}
		reps = append(reps, rep)
	}
	for _, r := range reps[1:] {
		if !reflect.DeepEqual(r, reps[0]) {
			t.Fatalf("reports differ between job counts:\n%+v\n%+v", reps[0], r)
		}
	}
}

// TestExitCodeIgnoresInfo: info findings and skips leave the exit code at
// 0; a warning or an error makes it 1.
func TestExitCodeIgnoresInfo(t *testing.T) {
	tests := []struct {
		name   string
		levels []Level
		want   int
	}{
		{"nothing", nil, ExitClean},
		{"info only", []Level{Info, Info}, ExitClean},
		{"a warning", []Level{Info, Warning}, ExitFindings},
		{"an error", []Level{Error}, ExitFindings},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Report{Skipped: []Skip{{"x", "binary file, checked for keys only"}}}
			for _, l := range tt.levels {
				r.Findings = append(r.Findings, Finding{Level: l})
			}
			if got := r.ExitCode(); got != tt.want {
				t.Errorf("ExitCode = %d, want %d", got, tt.want)
			}
		})
	}
}

// TestMissingPathIsAnError: a path that does not exist is bad usage, not a
// skip.
func TestMissingPathIsAnError(t *testing.T) {
	_, err := Run(t.Context(), []string{"testdata/no-such-dir"}, Options{})
	if err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("err = %v, want a no-such-file error", err)
	}
}

// TestUnreadableFileIsSkippedWithAReason: a file that cannot be opened
// becomes a skip with the reason and without the path twice.
func TestUnreadableFileIsSkippedWithAReason(t *testing.T) {
	var buf []byte
	r := checkPath(job{report: "gone.env", open: filepath.Join(t.TempDir(), "gone.env")}, DefaultMaxFileSize, &buf)
	if r.skip == nil || r.skip.Reason != "cannot read: no such file or directory" {
		t.Errorf("skip = %+v", r.skip)
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func findingPaths(rep Report) []string {
	var out []string
	for _, f := range rep.Findings {
		out = append(out, filepath.ToSlash(f.Path))
	}
	return out
}

// TestSymlinksAreNeverFollowed: a link to a file outside the tree, and a
// link that loops, are noted and not read.
func TestSymlinksAreNeverFollowed(t *testing.T) {
	outside, tree := t.TempDir(), t.TempDir()
	writeFiles(t, outside, map[string]string{"secret.env": "ZENML_URL=https://outside.example.com\n"})
	writeFiles(t, tree, map[string]string{"ok.env": "ZENML_STORE_URL=https://zenml.example.com\n"})
	for link, target := range map[string]string{
		"out.env": filepath.Join(outside, "secret.env"),
		"outdir":  outside,
		"loop":    tree,
	} {
		if err := os.Symlink(target, filepath.Join(tree, link)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	rep, err := Run(t.Context(), []string{tree, filepath.Join(tree, "out.env")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 {
		t.Errorf("findings through a link: %v", findingPaths(rep))
	}
	if len(rep.Skipped) != 4 || rep.Files != 1 {
		t.Errorf("files %d, skipped %+v; want 1 file and 4 links noted", rep.Files, rep.Skipped)
	}
}

// TestGitIgnoredPathsAreSkipped: what git ignores is not linted (nested
// .gitignore, negation, a directory never entered), a tracked file is
// linted even when a pattern matches it, vendored folders are skipped, and
// a file named on the command line is linted whatever git says.
func TestGitIgnoredPathsAreSkipped(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test:", err)
	}
	dir := t.TempDir()
	bad := "ZENML_URL=https://zenml.example.com\n"
	writeFiles(t, dir, map[string]string{
		".gitignore":              "build/\n*.local.env\n",
		"app/.gitignore":          "!keep.local.env\n",
		"app/keep.local.env":      bad,
		"app/drop.local.env":      bad,
		"build/out.env":           bad,
		"tracked.local.env":       bad,
		"node_modules/x/x.env":    bad,
		"third_party/y/y.env":     bad,
		"vendor/z/z.env":          bad,
		"visible.env":             bad,
		"app/deeper/visible2.env": bad,
	})
	for _, args := range [][]string{{"init", "-q"}, {"add", "-f", "tracked.local.env"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	t.Chdir(dir)
	rep, err := Run(t.Context(), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"app/deeper/visible2.env", "app/keep.local.env", "tracked.local.env", "visible.env"}
	if got := findingPaths(rep); !reflect.DeepEqual(got, want) {
		t.Errorf("findings in %v, want %v (skipped: %+v)", got, want, rep.Skipped)
	}
	rep, err = Run(t.Context(), []string{"build/out.env"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := findingPaths(rep); !reflect.DeepEqual(got, []string{"build/out.env"}) {
		t.Errorf("a named, ignored file: findings in %v", got)
	}
}

// TestClassifyKnowsEachFormat pins which files get which parser.
func TestClassifyKnowsEachFormat(t *testing.T) {
	tests := []struct {
		path, head string
		want       kind
	}{
		{"prefect.yaml", "", kindPrefect},
		{"deploy/prefect.yml", "", kindPrefect},
		{".github/workflows/ci.yml", "", kindWorkflow},
		{"sub/.github/workflows/ci.yaml", "", kindWorkflow},
		{".gitlab-ci.yml", "", kindGitlab},
		{"docker-compose.yml", "", kindYAML},
		{"k8s/deployment.yaml", "", kindYAML},
		{".env", "", kindDotenv},
		{".env.production", "", kindDotenv},
		{"prod.env", "", kindDotenv},
		{"Dockerfile", "", kindDockerfile},
		{"Dockerfile.gpu", "", kindDockerfile},
		{"api.Dockerfile", "", kindDockerfile},
		{"Containerfile", "", kindDockerfile},
		{"run.sh", "", kindShell},
		{"run.bash", "", kindShell},
		{".envrc", "", kindShell},
		{"setup.zsh", "", kindZsh},
		{"bin/deploy", "#!/usr/bin/env bash\n", kindShell},
		{"bin/deploy", "#!/usr/bin/env -S bash -e\n", kindShell},
		{"bin/deploy", "#!/bin/zsh\n", kindZsh},
		{"bin/deploy", "#!/usr/bin/python3\n", kindText},
		{"README.md", "", kindText},
		{"notes", "plain text", kindText},
	}
	for _, tt := range tests {
		if got := classify(tt.path, []byte(tt.head)); got != tt.want {
			t.Errorf("classify(%q, %q) = %d, want %d", tt.path, tt.head, got, tt.want)
		}
	}
}

// FuzzCheck: no input, under any file name, makes lint panic, and no
// finding points outside the file.
func FuzzCheck(f *testing.F) {
	filepath.WalkDir("testdata/tree", func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
		return nil
	})
	names := []string{"prefect.yaml", ".github/workflows/a.yml", ".gitlab-ci.yml", "k.yaml", ".env", "Dockerfile", "a.sh", "a.zsh", "notes"}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, name := range names {
			c := newChecker(name, data)
			c.check()
			for _, fd := range c.findings {
				if fd.Line < 1 || fd.Line > lines || fd.Col < 1 {
					t.Fatalf("%s: finding outside the file: %+v", name, fd)
				}
			}
		}
	})
}

// TestPreCommitHookRunsZenvLint pins the hook pre-commit users install.
func TestPreCommitHookRunsZenvLint(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []map[string]any
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"id": "zenv-lint", "entry": "zenv lint", "language": "golang", "pass_filenames": true}
	if len(hooks) != 1 {
		t.Fatalf("%d hooks, want 1", len(hooks))
	}
	for k, v := range want {
		if hooks[0][k] != v {
			t.Errorf("hook %s = %v, want %v", k, hooks[0][k], v)
		}
	}
}

// TestLintLinksNoNetworkCode: lint is linked into the binary whose start-up
// is benchmarked; net/http would cost at init (issue #9).
func TestLintLinksNoNetworkCode(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if pkg == "net/http" || pkg == "crypto/tls" || pkg == "net" {
			t.Errorf("package lint links %s", pkg)
		}
	}
}

// TestReadmeDocumentsEveryRule: docs/lint.md's rule table has a row per
// rule with its name and level, and ships the gitleaks rule as the code has
// it.
func TestReadmeDocumentsEveryRule(t *testing.T) {
	data, err := os.ReadFile("../../docs/lint.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for _, r := range Rules {
		row := fmt.Sprintf("| %s `%s` | %s |", r.ID, r.Name, r.Level)
		if !strings.Contains(readme, row) {
			t.Errorf("docs/lint.md has no row starting %q", row)
		}
	}
	if !strings.Contains(readme, "```toml\n"+GitleaksRule+"```\n") {
		t.Errorf("docs/lint.md does not hold the gitleaks rule as GitleaksRule has it:\n%s", GitleaksRule)
	}
}

// TestFindingsPerFileAreBounded: a machine-made file that repeats a
// mistake reports the first maxFindings and says so.
func TestFindingsPerFileAreBounded(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"many.env": strings.Repeat("ZENML_URL=https://zenml.example.com\n", maxFindings+500)})
	rep, err := Run(t.Context(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != maxFindings || rep.Findings[maxFindings-1].Line != maxFindings {
		t.Errorf("%d findings, last on line %d; want the first %d", len(rep.Findings), rep.Findings[len(rep.Findings)-1].Line, maxFindings)
	}
	if len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0].Reason, "more than 1000 findings") {
		t.Errorf("skipped: %+v", rep.Skipped)
	}
}

// TestCanceledRunStops: a run whose context ends returns its error.
func TestCanceledRunStops(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Run(ctx, []string{"testdata/tree"}, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
