package lint

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// hostileFiles are inputs that took the parsers (or syntax.Walk) to Go's
// stack limit or to hundreds of megabytes before the bounds. Each
// mentions ZENML_ so that lint would parse it.
func hostileFiles() map[string]string {
	const zen = "export ZENML_STORE_URL=https://zenml.example.com\n"
	return map[string]string{
		// The file: 500 KB of nested subshells.
		"deep.sh":         zen + strings.Repeat("(", 250_000) + "\n",
		"braces.sh":       zen + strings.Repeat("{ ", 100_000) + "\n",
		"ifs.sh":          zen + strings.Repeat("if a; then ", 50_000) + "\n",
		"pipes.sh":        zen + strings.Repeat("a|", 200_000) + "a\n",
		"ands.sh":         zen + strings.Repeat("a&&", 150_000) + "a\n",
		"arith.sh":        zen + "echo $((" + strings.Repeat("1+", 200_000) + "1))\n",
		"times.sh":        zen + strings.Repeat("time ", 100_000) + "a\n",
		"substs.sh":       zen + "echo " + strings.Repeat(`"$(`, 150_000) + "\n",
		"params.sh":       zen + "echo " + strings.Repeat("${a:-", 150_000) + "\n",
		"tests.sh":        zen + "[[ " + strings.Repeat("! ", 200_000) + "a ]]\n",
		"quoted-close.sh": zen + strings.Repeat(`( ')' `, 100_000) + "\n",
		"heredoc.sh":      zen + "cat <<EOF\n" + strings.Repeat("$(", 100_000) + "\nEOF\n",
		// Closers the scan must not take for real ones: a case pattern's
		// ")", a "}" that is an argument, a here-string's <<<.
		"case-arms.sh":    zen + strings.Repeat("( case x in a) ;; esac; ", 20_000) + "\n",
		"brace-words.sh":  zen + strings.Repeat("{ echo }; ", 20_000) + "\n",
		"herestring.sh":   zen + "cat <<< x\n" + strings.Repeat("(", 100_000) + "\nx\n",
		"Dockerfile":      "ENV ZENML_STORE_URL=https://zenml.example.com\nRUN " + strings.Repeat("(", 250_000) + "\n",
		"Dockerfile.deep": "ENV " + strings.Repeat("$(", 200_000) + "\n# ZENML_\n",
		".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          " +
			zen[:len(zen)-1] + "\n          " + strings.Repeat("(", 250_000) + "\n",
		"flow.yaml":  "ZENML_STORE_URL: x\na: " + strings.Repeat("[", 250_000) + "\n",
		"block.yaml": "ZENML_STORE_URL: x\na: " + strings.Repeat("- ", 250_000) + "x\n",
		// Billion laughs: each anchor holds nine aliases of the one before.
		"bomb.yaml": "ZENML_STORE_URL: x\na0: &a0 [x, x, x, x, x, x, x, x, x]\n" + func() string {
			var b strings.Builder
			for i := 1; i < 10; i++ {
				fmt.Fprintf(&b, "a%d: &a%d [%s*a%d]\n", i, i, strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 8), i-1)
			}
			return b.String()
		}(),
		// Over the parse cap: 1.5 MB of a flow sequence.
		"wide.yaml": "ZENML_STORE_URL: x\na: [" + strings.Repeat("a,", 750_000) + "]\n",
	}
}

// TestHostileFilesAreBoundedAndTheRestIsChecked is issue #16's test: a
// tree holding every hostile file above, each with a committed key, and
// a plain file with another key. Lint finishes, reports every key, names
// each file it could not parse as skipped, and stays small: allocations
// and stack are measured around the run (before the bounds the first file
// alone took 1 GB of stack and killed the process).
func TestHostileFilesAreBoundedAndTheRestIsChecked(t *testing.T) {
	dir := t.TempDir()
	files := hostileFiles()
	key := realKey("ZENKEY_", 7)
	for name, body := range files {
		files[name] = "# " + key + "\n" + body
	}
	files["notes.txt"] = "the key: " + realKey("ZENKEY_", 8) + "\n"
	writeFiles(t, dir, files)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rep, err := Run(t.Context(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)

	keys := map[string]bool{}
	for _, f := range rep.Findings {
		if f.Rule == RuleLiteralKey {
			keys[strings.TrimPrefix(f.Path, dir+"/")] = true
		}
	}
	skipped := map[string]string{}
	for _, s := range rep.Skipped {
		skipped[strings.TrimPrefix(s.Path, dir+"/")] = s.Reason
	}
	for name := range files {
		if !keys[name] {
			t.Errorf("%s: the key is not reported", name)
		}
	}
	for name := range hostileFiles() {
		switch name {
		case "bomb.yaml": // parsed: an alias is never expanded
			continue
		}
		if !strings.Contains(skipped[name], "checked for keys only") {
			t.Errorf("%s: want a skip that says it was checked for keys only, got %q", name, skipped[name])
		}
	}
	for _, name := range []string{"deep.sh", "quoted-close.sh", "heredoc.sh", "Dockerfile", ".github/workflows/ci.yml"} {
		if !strings.Contains(skipped[name], "nested deeper than") {
			t.Errorf("%s: skip reason %q does not name the nesting", name, skipped[name])
		}
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
		t.Errorf("lint allocated %d MB", alloc>>20)
	}
	if stack := after.StackSys; stack > 64<<20 {
		t.Errorf("stacks grew to %d MB", stack>>20)
	}
}

// TestNestingScanPassesRealScripts: the pre-scan lets every script of the
// repository's own test tree through with room to spare, and real shapes
// (quotes, heredocs, case patterns, arithmetic) stay shallow.
func TestNestingScanPassesRealScripts(t *testing.T) {
	shallow := map[string]string{
		"case patterns":            "case $x in\n a) echo 1 ;;\n b|c) echo 2 ;;\nesac\n",
		"many substitutions":       strings.Repeat(`echo "$(date) $(id -u) ${HOME:-x} $((1+2))"`+"\n", 2000),
		"many pipes, one per line": strings.Repeat("a | b | c && d || e\n", 2000),
		"continued lines":          strings.Repeat("apt-get install -y x && \\\n", 20) + "true\n",
		"a heredoc of code":        "python3 - <<'EOF'\n" + strings.Repeat("print((((1))))\n", 1000) + "EOF\n",
		"an unquoted heredoc":      "cat <<EOF\n" + strings.Repeat("$(date) (x\n", 1000) + "EOF\n",
		"comments":                 strings.Repeat("# ((((( [[[[ {{{{\n", 1000),
		"nested ifs and loops":     "if a; then for i in 1; do while b; do case $i in x) (y) ;; esac; done; done; fi\n",
		"parameter expansions":     strings.Repeat("echo ${#a} ${a#x} ${a%%y} ${a/(/)}\n", 500),
		"ansi-c quotes":            strings.Repeat(`echo $'it\'s ((' "(" '('`+"\n", 1000),
		"brace expansions":         strings.Repeat("mkdir -p {a,b}/{c,d} x{1..3} '{' }\n", 1000),
		"blocks and functions":     strings.Repeat("f() { echo x; }\n{ a; b; } >log\n", 1000),
		"here-strings":             strings.Repeat("read -r x <<< \"$(date)\"\n", 1000),
		"case arms with subshells": "case $x in\n" + strings.Repeat(" (a) (cd x; y) ;;\n b) { z; } ;;\n", 500) + "esac\n",
	}
	for name, src := range shallow {
		if at := shellTooDeep(src, 30); at != 0 {
			t.Errorf("%s: too deep at line %d", name, at)
		}
	}
	for name, body := range hostileFiles() {
		if strings.HasSuffix(name, ".sh") {
			if shellTooDeep(body, maxNesting) == 0 {
				t.Errorf("%s: the pre-scan lets it through", name)
			}
		}
	}
}

// TestParseCapLeavesTextFilesAlone: the cap on parsed files does not touch
// plain text, which is only searched for keys.
func TestParseCapLeavesTextFilesAlone(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"big.txt": string(bytes.Repeat([]byte("x\n"), maxParseSize)) + realKey("ZENKEY_", 9) + "\n"})
	rep, err := Run(t.Context(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Skipped) != 0 || len(rep.Findings) != 1 || rep.Files != 1 {
		t.Errorf("report %+v", rep)
	}
}

// TestNestingScanCountsLinesPastHeredocs: the line a skip reason names is
// the line of the file, after two heredocs on one line too.
func TestNestingScanCountsLinesPastHeredocs(t *testing.T) {
	src := "cat <<A <<'B'\na\nA\nb\nB\necho ok\n" + strings.Repeat("( ", 40) + "\n"
	if at := shellTooDeep(src, 30); at != 7 {
		t.Errorf("too deep at line %d, want 7", at)
	}
}

// TestParseCapNotesOnlyFilesThatWouldBeParsed: a large YAML file that
// never mentions ZenML (a lockfile) is read for keys without a note; one
// that does is noted as not parsed.
func TestParseCapNotesOnlyFilesThatWouldBeParsed(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("  - name: x\n    version: 1.0.0\n", maxParseSize/30)
	writeFiles(t, dir, map[string]string{
		"pnpm-lock.yaml": "packages:\n" + big,
		"values.yaml":    "env:\n  ZENML_STORE_URL: https://zenml.example.com\nlist:\n" + big,
		"big.env":        strings.Repeat("ZENML_STORE_URL=https://zenml.example.com\n", maxParseSize/40),
	})
	rep, err := Run(t.Context(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range rep.Skipped {
		got[filepath.Base(s.Path)] = s.Reason
	}
	want := map[string]string{
		"values.yaml": "larger than 1 MiB, YAML not parsed, checked for keys only",
		"big.env":     "larger than 1 MiB, .env not parsed, checked for keys only",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("skipped %v, want %v", got, want)
	}
}
