//go:build e2e

package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/joho/godotenv"

	"github.com/zenv-dev/zenv/internal/testsupport/roundtrip"
	"github.com/zenv-dev/zenv/render/quote"
)

// dotenvReaders are the three readers the dotenv target promises to agree
// with: python-dotenv (pip), docker compose's parser (compose-go, through
// zenv-peers) and godotenv (the library itself). The Docker CLI's compose
// plugin is not installable from the registries this project reaches, so
// compose is proven by the parser it runs.
func dotenvReaders(t *testing.T) []reader {
	python := need(t, filepath.Join(cacheDir, "venv-dotenv", "bin", "python"))
	peers := need(t, filepath.Join(cacheDir, "bin", "zenv-peers"))
	pyVer, _ := peerTool(t, nil, nil, python, "-c", "import importlib.metadata as m; print(m.version('python-dotenv'))")
	composeVer, _ := peerTool(t, nil, nil, peers, "version", "github.com/compose-spec/compose-go/v2")
	return []reader{
		{"python-dotenv", strings.TrimSpace(string(pyVer)), perFile(func(t *testing.T, f string) (map[string]string, error) {
			out, err := peerTool(t, nil, nil, python, "-c",
				"import json, sys; from dotenv import dotenv_values; print(json.dumps(dotenv_values(sys.argv[1])))", f)
			if err != nil {
				return nil, err
			}
			return jsonStrings(out)
		})},
		{"compose-go dotenv", strings.Trim(strings.TrimSpace(string(composeVer)), `"`), perFile(func(t *testing.T, f string) (map[string]string, error) {
			out, err := peerTool(t, nil, nil, peers, "compose-dotenv", f)
			if err != nil {
				return nil, err
			}
			return jsonStrings(out)
		})},
		{"godotenv", modVersion("github.com/joho/godotenv"), perFile(func(t *testing.T, f string) (map[string]string, error) {
			return godotenv.Read(f)
		})},
	}
}

// TestDotenvRoundTrip: what zenv writes for dotenv, python-dotenv, docker
// compose and godotenv all read back exactly.
func TestDotenvRoundTrip(t *testing.T) {
	proveTarget(t, targetProof{target: "dotenv", quote: quote.Dotenv, batch: 250, ext: ".env", readers: dotenvReaders(t)})
}

// TestDotenvValuesWithAQuoteRoundTrip: a value holding ' is double-quoted
// (issue #18: "it's" was refused), and the three readers read it back
// exactly: random values each with a ' put in, and the shapes chosen to
// tempt a reader (comments, newlines, every other shell character).
func TestDotenvValuesWithAQuoteRoundTrip(t *testing.T) {
	values := func(seed uint64, n int) []string {
		out := []string{"it's", "'", "''", "a'b'c  ", "it's\ntwo", "it's #x", " it's # y", "it's `id` $(x) (x) {y} %z% !w",
			"l'été 😀", "it's\ttab", "x'=y", "it's ${", "=it's="}
		for _, v := range roundtrip.Values(seed, n) {
			out = append(out, v[:len(v)/2]+"'"+v[len(v)/2:])
		}
		return out
	}
	carried := 0
	for _, v := range values(1, valuesPerTarget) {
		if q, err := quote.Dotenv(v); err == nil && strings.HasPrefix(q, `"`) {
			carried++
		}
	}
	if carried < 100 {
		t.Fatalf("only %d values with a ' are double-quoted; the proof would prove little", carried)
	}
	t.Logf("seed 1: %d of %d values holding ' are double-quoted and carried", carried, valuesPerTarget+13)
	proveTarget(t, targetProof{target: "dotenv", quote: quote.Dotenv, batch: 250, ext: ".env", readers: dotenvReaders(t), values: values})
}

// TestDotenvRefusalsAreNeeded writes each value zenv refuses for dotenv
// the plain way, NAME='value' (NAME="value" for a value holding '), and
// checks that at least one real reader then reads something else: zenv
// refuses only what the readers disagree on (NUL and bytes that are not
// UTF-8 aside, which python-dotenv cannot decode at all).
func TestDotenvRefusalsAreNeeded(t *testing.T) {
	readers := dotenvReaders(t)
	dir := t.TempDir()
	for i, v := range []string{`a\\b`, `ends\`, "${HOME}", "x ${A:-b} y", "cr\rhere",
		"it's $HOME", "it's $home", "it's $$", `it's \q`, `it's \n`, `it's "so"`, "it's ${X}"} {
		if _, err := quote.Dotenv(v); err == nil {
			t.Errorf("quote.Dotenv carries %q: this test lists refused values", v)
		}
		naive := "K='" + v + "'\n"
		if strings.Contains(v, "'") {
			naive = "K=\"" + v + "\"\n"
		}
		f := write(t, dir, i, ".env", naive, nil)
		differs := false
		for _, r := range readers {
			got, err := r.read(t, []string{f.file})
			if err != nil || got[0]["K"] != v {
				differs = true
			}
		}
		summary.record("dotenv refusals needed", "", differs)
		if !differs {
			t.Errorf("every reader reads %s back, yet zenv refuses it", naive)
		}
	}
}
