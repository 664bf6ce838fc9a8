//go:build e2e

// Package e2e proves zenv's output against the programs users run: real
// shells, cmd under wine, a ZenML server and client, a Prefect server and
// worker, actionlint and act. `make e2e` (.ci/e2e) installs them and runs
// this package; a missing peer fails the run, it is never skipped.
package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	repoRoot   string // the repository
	cacheDir   string // $ZENV_E2E_CACHE: venvs and Go tools installed by .ci/e2e
	zenvBin    string // zenv for this machine
	zenvExe    string // zenv.exe for Windows
	dumpenvExe string // testdata/dumpenv for Windows
)

func TestMain(m *testing.M) {
	_, file, _, _ := runtime.Caller(0)
	repoRoot = filepath.Join(filepath.Dir(file), "..", "..")
	cacheDir = os.Getenv("ZENV_E2E_CACHE")
	if cacheDir == "" {
		cacheDir = filepath.Join(repoRoot, ".cache", "e2e")
	}
	bin, err := os.MkdirTemp("", "zenv-e2e-bin")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	zenvBin = filepath.Join(bin, "zenv")
	zenvExe = filepath.Join(bin, "zenv.exe")
	dumpenvExe = filepath.Join(bin, "dumpenv.exe")
	for _, b := range []struct{ out, pkg, goos string }{
		{zenvBin, "./cmd/zenv", runtime.GOOS},
		{zenvExe, "./cmd/zenv", "windows"},
		{dumpenvExe, "./internal/e2e/testdata/dumpenv", "windows"},
	} {
		cmd := exec.Command("go", "build", "-trimpath", "-o", b.out, b.pkg)
		cmd.Dir = repoRoot
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+b.goos, "GOARCH=amd64")
		if out, err := cmd.CombinedOutput(); err != nil {
			fmt.Printf("building %s for %s: %v\n%s", b.pkg, b.goos, err, out)
			os.Exit(1)
		}
	}
	start := time.Now()
	code := m.Run()
	summary.print(os.Stdout, time.Since(start))
	os.RemoveAll(bin)
	os.Exit(code)
}

// summary collects, per peer, how many cases ran and passed.
var summary = &table{rows: map[string]*row{}}

type row struct {
	version       string
	cases, passed int
}

type table struct {
	mu   sync.Mutex
	rows map[string]*row
}

// record counts cases against a peer. Call it once per case.
func (tb *table) record(peer, version string, passed bool) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	r := tb.rows[peer]
	if r == nil {
		r = &row{}
		tb.rows[peer] = r
	}
	if version != "" {
		r.version = version
	}
	r.cases++
	if passed {
		r.passed++
	}
}

func (tb *table) print(w *os.File, took time.Duration) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	peers := make([]string, 0, len(tb.rows))
	for p := range tb.rows {
		peers = append(peers, p)
	}
	sort.Strings(peers)
	fmt.Fprintf(w, "\n== zenv e2e summary (%s) ==\n", took.Round(time.Second))
	fmt.Fprintf(w, "%-28s %-22s %8s %8s %8s\n", "peer", "version", "cases", "passed", "failed")
	for _, p := range peers {
		r := tb.rows[p]
		fmt.Fprintf(w, "%-28s %-22s %8d %8d %8d\n", p, r.version, r.cases, r.passed, r.cases-r.passed)
	}
}

// need returns the path of a peer program, failing the test when it is
// missing: make e2e installs every peer, so a missing one is a broken run.
func need(t *testing.T, name string) string {
	t.Helper()
	if filepath.IsAbs(name) {
		if _, err := os.Stat(name); err != nil {
			t.Fatalf("missing peer %s (make e2e installs it): %v", name, err)
		}
		return name
	}
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("missing peer %s (make e2e installs it): %v", name, err)
	}
	return p
}

// version runs a peer's version command and returns the first version
// number it prints ("5.2.15", "wine-8.0"), or its first line.
func version(name string, args ...string) string {
	out, _ := exec.Command(name, args...).CombinedOutput()
	if m := versionNumber.FindString(string(out)); m != "" {
		return m
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

var versionNumber = regexp.MustCompile(`(wine-)?\d+\.\d+(\.\d+)?`)

// zenv runs the zenv binary; stdin may be "".
func zenv(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	// Bounded: zenv bounds each request it sends, and this bounds the run.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, zenvBin, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("zenv %s did not finish within 5m:\n%s%s", strings.Join(args[:min(len(args), 1)], ""), o.String(), e.String())
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatalf("running zenv: %v", err)
	}
	return o.String(), e.String(), code
}

// run runs a command with a time limit and returns its combined output.
func run(t *testing.T, limit time.Duration, env []string, dir string, name string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env, cmd.Dir = env, dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return "", err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return out.String(), err
	case <-time.After(limit):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		return out.String(), fmt.Errorf("%s did not finish within %s", name, limit)
	}
}

// background starts a server and stops it, by the PID of its process group,
// when the test ends, whether it passed or failed. Its log's tail is printed
// if the test failed.
func background(t *testing.T, env []string, logName string, name string, args ...string) {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), logName)
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(name, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	pid := cmd.Process.Pid
	t.Cleanup(func() {
		syscall.Kill(-pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-pid, syscall.SIGKILL)
			<-done
		}
		logFile.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("last lines of %s (pid %d):\n%s", logName, pid, tail(string(b), 30))
		}
	})
}

// waitHTTP polls url until it answers 200, for at most limit.
func waitHTTP(t *testing.T, url string, limit time.Duration) {
	t.Helper()
	waitHTTPWith(t, localHTTP, url, limit)
}

// waitHTTPWith is waitHTTP through client c (one that trusts a test CA).
func waitHTTPWith(t *testing.T, c *http.Client, url string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		resp, err := c.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatalf("%s did not answer within %s", url, limit)
}

// localHTTP is the client of the tests' own requests to the servers they
// start: a server that accepts and never answers fails the test in
// bounded time instead of hanging it.
var localHTTP = &http.Client{Timeout: 30 * time.Second}

// freePort returns a loopback TCP port nobody listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func tail(s string, lines int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > lines {
		l = l[len(l)-lines:]
	}
	return strings.Join(l, "\n")
}

// baseEnv is a minimal environment for peers: no user configuration leaks
// in, and nothing reaches for the internet.
func baseEnv(home string, extra ...string) []string {
	return append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"LANG=C.UTF-8",
		"ZENML_ANALYTICS_OPT_IN=false",
		"PIP_DISABLE_PIP_VERSION_CHECK=1",
	}, extra...)
}

// debianVersion is the installed version of a Debian package.
func debianVersion(pkg string) string {
	out, err := exec.Command("dpkg-query", "-W", "-f=${Version}", pkg).Output()
	if err != nil {
		return "?"
	}
	return string(out)
}
