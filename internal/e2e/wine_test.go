//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/internal/testsupport/roundtrip"
	"github.com/zenv-dev/zenv/render/quote"
)

// winPath is how a Windows program under wine names a Unix path (drive Z:
// is /).
func winPath(p string) string { return "Z:" + strings.ReplaceAll(p, "/", `\`) }

// winePrefix makes a throw-away wine prefix in which Go binaries run.
func winePrefix(t *testing.T) []string {
	t.Helper()
	need(t, "wine")
	gcc := need(t, "x86_64-w64-mingw32-gcc")
	dir := t.TempDir()
	env := baseEnv(dir, "WINEPREFIX="+filepath.Join(dir, "prefix"), "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=")
	if out, err := run(t, 3*time.Minute, env, dir, "wineboot", "-i"); err != nil {
		t.Fatalf("wineboot: %v\n%s", err, tail(out, 20))
	}
	dll := filepath.Join(dir, "prefix", "drive_c", "windows", "system32", "bcryptprimitives.dll")
	if out, err := run(t, time.Minute, os.Environ(), dir, gcc, "-shared", "-O2", "-o", dll, filepath.Join(repoRoot, "internal", "e2e", "testdata", "prng.c")); err != nil {
		t.Fatalf("building the ProcessPrng shim: %v\n%s", err, out)
	}
	return env
}

// TestCmdUnderWine renders values with the Windows build of zenv, running
// under wine, and applies the .bat file in wine's cmd. Every value is either
// read back exactly by a Windows program, or refused by zenv with exit 2 and
// empty stdout.
func TestCmdUnderWine(t *testing.T) {
	env := winePrefix(t)
	peer, ver := "cmd (wine)", version("wine", "--version")
	seed := e2eSeed(t)
	t.Logf("seed %d (rerun with ZENV_SEED=%d)", seed, seed)
	values := append(roundtrip.Values(seed, valuesPerShell), cmdValues(seed, 500)...)

	// Classify every value with zenv itself.
	accepted := map[string]string{}
	refused := 0
	for i, v := range values {
		name := fmt.Sprintf("ZENV_T_%04d", i)
		out, stderr, code := zenv(t, []string{"ZK=" + testKey}, "env", "cmd", "--url", "https://zenml.example.com", "--api-key-env", "ZK", "--set", name+"="+v)
		switch {
		case code == 0:
			accepted[name] = v
		case code == 2 && out == "" && strings.Count(stderr, "\n") == 1:
			refused++
			summary.record(peer, ver, true)
		default:
			summary.record(peer, ver, false)
			t.Errorf("seed %d: %s: exit %d, stdout %d bytes, stderr %q", seed, roundtrip.Show(v), code, len(out), stderr)
		}
	}
	t.Logf("%d values accepted for cmd, %d refused", len(accepted), refused)

	// The accepted values go through a profile file, not argv, so that
	// wine's command-line quoting is not under test.
	dir := t.TempDir()
	var prof strings.Builder
	prof.WriteString("profiles:\n  wine:\n    url: https://zenml.example.com\n    api_key: {value: " + testKey + "}\n    env:\n")
	names := make([]string, 0, len(accepted))
	for n := range accepted {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		q, err := quote.YAML(accepted[n])
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&prof, "      %s: %s\n", n, q)
	}
	profPath := filepath.Join(dir, "profile.yaml")
	os.WriteFile(profPath, []byte(prof.String()), 0o600)
	want := map[string]string{"ZENML_STORE_URL": "https://zenml.example.com", "ZENML_STORE_API_KEY": testKey}
	for n, v := range accepted {
		want[n] = v
	}
	bad := applyInWine(t, env, dir, profPath, want)
	for range accepted {
		summary.record(peer, ver, bad == 0)
	}

	// The windows fixture, which holds what cmd can carry, and the hostile
	// one, which cmd must refuse.
	fixture := filepath.Join(repoRoot, "golden", "windows", "profile.yaml")
	wantFixture := map[string]string{
		"ZENML_STORE_URL":     "https://zenml.example.com/a&b|c<d>e^f(g)",
		"ZENML_STORE_API_KEY": "ZENKEY_a&b|c<d>e^f'g",
		"WIN_SPECIALS":        "& | < > ^ ( ) ' $ ` ; # ~ * ? [ ] = , @",
		"WIN_SPACES":          "  two leading, two trailing  ",
		"WIN_CARET_END":       "ends with a caret ^",
	}
	summary.record(peer, ver, applyInWine(t, env, t.TempDir(), fixture, wantFixture) == 0)
	out, _, code := zenv(t, nil, "env", "cmd", "--config", filepath.Join(repoRoot, "golden", "hostile", "profile.yaml"))
	summary.record(peer, ver, code == 2 && out == "")
	if code != 2 || out != "" {
		t.Errorf("the hostile fixture must be refused for cmd: exit %d", code)
	}
}

// applyInWine renders profPath with zenv.exe under wine, checks it matches
// the Linux build byte for byte, CALLs it from a batch file in wine's cmd,
// and compares what a Windows program then sees. It returns the number of
// wrong variables.
func applyInWine(t *testing.T, env []string, dir, profPath string, want map[string]string) int {
	t.Helper()
	// zenv.exe writes the .bat itself, through cmd's redirection, so its
	// stdout bytes are what land in the file.
	batPath := filepath.Join(dir, "zenml-env.bat")
	stdoutPath := filepath.Join(dir, "render.bat")
	os.WriteFile(stdoutPath, []byte(fmt.Sprintf("@%s env cmd --config %s > %s\r\n", winPath(zenvExe), winPath(profPath), winPath(batPath))), 0o600)
	if out, err := run(t, time.Minute, env, dir, "wine", "cmd", "/c", winPath(stdoutPath)); err != nil {
		t.Fatalf("rendering in wine: %v\n%s", err, tail(out, 10))
	}
	windowsBytes, _ := os.ReadFile(batPath)
	linuxBytes, stderr, code := zenv(t, nil, "env", "cmd", "--config", profPath)
	if code != 0 {
		t.Fatalf("linux zenv: %s", stderr)
	}
	// The profile path differs (Z:\... against /...) only in warnings, not
	// in the output, so the two builds must agree byte for byte.
	if string(windowsBytes) != linuxBytes {
		t.Errorf("zenv.exe and zenv render different bytes (%d and %d)", len(windowsBytes), len(linuxBytes))
	}

	dump := filepath.Join(dir, "dump.bin")
	apply := filepath.Join(dir, "apply.bat")
	os.WriteFile(apply, []byte(fmt.Sprintf("@call %s\r\n@%s ZENV_T_ ZENML_ WIN_ > %s\r\n", winPath(batPath), winPath(dumpenvExe), winPath(dump))), 0o600)
	if out, err := run(t, 2*time.Minute, env, dir, "wine", "cmd", "/c", winPath(apply)); err != nil {
		t.Fatalf("wine cmd: %v\n%s", err, tail(out, 20))
	}
	raw, err := os.ReadFile(dump)
	if err != nil {
		t.Fatalf("no dump from dumpenv.exe: %v", err)
	}
	got := map[string]string{}
	for _, kv := range strings.Split(string(raw), "\x00") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			got[k] = v
		}
	}
	bad := 0
	for n, v := range want {
		if g, ok := got[n]; !ok || g != v {
			if bad == 0 {
				t.Errorf("wine cmd set %s to %s (set: %v), want %s", n, roundtrip.Show(g), ok, roundtrip.Show(v))
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d variables came back wrong from wine's cmd", bad, len(want))
	}
	return bad
}
