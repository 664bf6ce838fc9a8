//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/testsupport/fixture"
	"github.com/zenv-dev/zenv/internal/testsupport/roundtrip"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// valuesPerTarget is how many random values each file-format target
// (dotenv, docker, systemd, gitlab, json, k8s, tcsh, nu) is proven with.
const valuesPerTarget = 1000

// reader reads zenv's output files back the way one real consumer does,
// and returns, for each file, the variables it holds.
type reader struct {
	peer, version string
	read          func(t *testing.T, files []string) ([]map[string]string, error)
}

// perFile turns a reader of one file into a reader of many.
func perFile(read func(t *testing.T, file string) (map[string]string, error)) func(*testing.T, []string) ([]map[string]string, error) {
	return func(t *testing.T, files []string) ([]map[string]string, error) {
		var out []map[string]string
		for _, f := range files {
			m, err := read(t, f)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", filepath.Base(f), err)
			}
			out = append(out, m)
		}
		return out, nil
	}
}

// targetProof proves one target: random values and the hostile fixture,
// rendered by the zenv binary, must read back exactly in every reader; a
// value the target's quoting refuses must make zenv exit 2 with nothing on
// stdout.
type targetProof struct {
	target  string
	quote   func(string) (string, error) // splits the values into carried and refused
	batch   int                          // values per zenv run
	ext     string                       // file name extension
	readers []reader
	// referenced: the target references the key instead of writing it,
	// so readers do not see it.
	referenced bool
	// values, when set, replaces the random values: a target that refuses
	// much of the common alphabet is proven on what it carries.
	values func(seed uint64, n int) []string
}

type rendered struct {
	file string
	want map[string]string
}

// proveTarget returns the files it checked, for further checks.
func proveTarget(t *testing.T, p targetProof) []string {
	t.Helper()
	seed := e2eSeed(t)
	t.Logf("seed %d (rerun with ZENV_SEED=%d)", seed, seed)
	var carried, refused []string
	values := roundtrip.Values
	if p.values != nil {
		values = p.values
	}
	for _, v := range values(seed+uint64(len(p.target)), valuesPerTarget) {
		if redact.LooksLikeKey(v) {
			continue // zenv refuses a key in an extra whatever the target
		}
		if _, err := p.quote(v); err != nil {
			refused = append(refused, v)
		} else {
			carried = append(carried, v)
		}
	}
	dir := t.TempDir()
	var outs []rendered
	for start := 0; start < len(carried); start += p.batch {
		end := min(start+p.batch, len(carried))
		args := []string{"env", p.target, "--url", "https://zenml.example.com", "--api-key-env", "ZK"}
		want := map[string]string{"ZENML_STORE_URL": "https://zenml.example.com"}
		if !p.referenced {
			want["ZENML_STORE_API_KEY"] = testKey
		}
		for i, v := range carried[start:end] {
			name := fmt.Sprintf("ZENV_T_%04d", start+i)
			args = append(args, "--set", name+"="+v)
			want[name] = v
		}
		out, stderr, code := zenv(t, []string{"ZK=" + testKey}, args...)
		if code != 0 {
			t.Fatalf("seed %d: zenv refused values its quoting carries: %s", seed, stderr)
		}
		outs = append(outs, write(t, dir, len(outs), p.ext, out, want))
	}

	// The hostile fixture, through its profile file, when the target
	// carries it (its golden file locks the refusal otherwise).
	fx := fixture.Dir("hostile")
	if out, _, code := zenv(t, nil, "env", p.target, "--config", filepath.Join(fx, "profile.yaml")); code == 0 {
		_, vars, err := fixture.Vars(fx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{}
		for _, v := range vars {
			if !(v.Secret && p.referenced) {
				want[v.Name] = v.Value
			}
		}
		outs = append(outs, write(t, dir, len(outs), p.ext, out, want))
	}

	files := make([]string, len(outs))
	for i, o := range outs {
		files[i] = o.file
	}
	for _, r := range p.readers {
		got, err := r.read(t, files)
		if err != nil {
			for _, o := range outs {
				for range o.want {
					summary.record(r.peer, r.version, false)
				}
			}
			t.Errorf("seed %d: %s: %v", seed, r.peer, err)
			continue
		}
		bad := 0
		for i, o := range outs {
			for name, w := range o.want {
				g, ok := got[i][name]
				summary.record(r.peer, r.version, ok && g == w)
				if ok && g == w {
					continue
				}
				if bad == 0 {
					t.Errorf("seed %d: %s read %s in %s as %s (present %v), want %s", seed, r.peer, name,
						filepath.Base(o.file), roundtrip.Show(g), ok, roundtrip.Show(w))
				}
				bad++
			}
		}
		if bad > 0 {
			t.Errorf("seed %d: %s: %d values came back wrong", seed, r.peer, bad)
		}
	}

	// Refused values: exit 2, stdout empty, one line on stderr that does
	// not hold the value.
	peer := "zenv refusals"
	for i, v := range refused {
		if i == 25 {
			break
		}
		out, stderr, code := zenv(t, []string{"ZK=" + testKey}, "env", p.target, "--url", "https://zenml.example.com",
			"--api-key-env", "ZK", "--set", "ZENV_REFUSED="+v)
		ok := code == 2 && out == "" && strings.Count(stderr, "\n") == 1 && strings.Contains(stderr, "ZENV_REFUSED")
		summary.record(peer, "", ok)
		if !ok {
			t.Errorf("%s: zenv with %s: exit %d, %d bytes on stdout, stderr %q", p.target, roundtrip.Show(v), code, len(out), stderr)
		}
	}
	t.Logf("%s: %d values carried in %d files, %d refused", p.target, len(carried), len(outs), len(refused))
	return files
}

func write(t *testing.T, dir string, n int, ext, out string, want map[string]string) rendered {
	t.Helper()
	f := filepath.Join(dir, fmt.Sprintf("out%03d%s", n, ext))
	if err := os.WriteFile(f, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	return rendered{file: f, want: want}
}

// parseEnv0 reads the output of env -0.
func parseEnv0(b []byte) map[string]string {
	env := map[string]string{}
	for _, kv := range bytes.Split(b, []byte{0}) {
		if k, v, ok := strings.Cut(string(kv), "="); ok {
			env[k] = v
		}
	}
	return env
}

// modVersion is the version of a Go module in zenv's go.mod.
func modVersion(path string) string {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Version}}", path)
	cmd.Dir = repoRoot
	out, err := cmd.Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}

// peerTool runs a program installed by .ci/e2e, with a time limit, and
// returns its stdout; stdin may be nil.
func peerTool(t *testing.T, env []string, stdin []byte, name string, args ...string) ([]byte, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	if env == nil {
		cmd.Env = baseEnv(t.TempDir())
	}
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %v: %s", filepath.Base(name), err, tail(stderr.String(), 10))
	}
	return stdout.Bytes(), nil
}

// jsonStrings decodes a JSON object of strings.
func jsonStrings(b []byte) (map[string]string, error) {
	var m map[string]string
	err := json.Unmarshal(b, &m)
	return m, err
}

// proveUnset applies `zenv env TARGET --unset` in a shell that starts with
// every ZenML client variable set, and checks that none is left.
func proveUnset(t *testing.T, target, peer, ver string, apply func(t *testing.T, file string, env []string) (map[string]string, error)) {
	t.Helper()
	out, stderr, code := zenv(t, nil, "env", target, "--unset", "--url", "https://zenml.example.com", "--set", "ZENV_EXTRA=1")
	if code != 0 {
		t.Fatalf("zenv env %s --unset: %s", target, stderr)
	}
	f := write(t, t.TempDir(), 0, ".unset", out, nil).file
	env := baseEnv(t.TempDir(), "ZENV_EXTRA=stale")
	names := append(zenml.ClientVars(), "ZENV_EXTRA")
	for _, n := range zenml.ClientVars() {
		env = append(env, n+"=stale")
	}
	got, err := apply(t, f, env)
	left := []string{}
	for _, n := range names {
		if _, ok := got[n]; ok {
			left = append(left, n)
		}
	}
	ok := err == nil && len(left) == 0
	summary.record(peer, ver, ok)
	if !ok {
		t.Errorf("%s --unset left %v (%v)", target, left, err)
	}
}
