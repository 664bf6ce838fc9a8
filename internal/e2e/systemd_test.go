//go:build e2e

package e2e

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/render/quote"
)

// systemdScript runs a systemd user manager in a private mount namespace
// (unshare -m, so /run is its own tmpfs and the host is untouched: the
// container has no systemd as PID 1) and starts, for each file given, a
// oneshot unit with EnvironmentFile=FILE that writes its environment to
// FILE.out with env -0. systemd itself parses the files.
const systemdScript = `set -eu
mount -t tmpfs zenv-e2e /run
mkdir -p /run/systemd/system /run/user/0
chmod 700 /run/user/0
export XDG_RUNTIME_DIR=/run/user/0 HOME="$ZENV_WORK/home"
units="$HOME/.config/systemd/user"
mkdir -p "$units"
/lib/systemd/systemd --user > "$ZENV_WORK/manager.log" 2>&1 &
manager=$!
trap 'kill $manager; wait $manager || true' EXIT
for i in $(seq 100); do [ -S /run/user/0/systemd/private ] && break; sleep 0.1; done
n=0
for f in "$@"; do
  printf '[Service]\nType=oneshot\nEnvironmentFile=%s\nExecStart=/bin/sh -c %s\n' "$f" "'exec env -0 > $f.out'" > "$units/zenv-e2e-$n.service"
  # ZENV_TOLERATE: a unit that fails to start leaves no FILE.out.
  timeout 30 systemctl --user start "zenv-e2e-$n.service" || [ -n "${ZENV_TOLERATE:-}" ]
  n=$((n+1))
done
`

func readSystemd(t *testing.T, files []string) ([]map[string]string, error) {
	return runSystemd(t, files, false)
}

// runSystemd starts one unit per file; tolerate: a unit that fails to
// start gives a nil map instead of an error.
func runSystemd(t *testing.T, files []string, tolerate bool) ([]map[string]string, error) {
	work := t.TempDir()
	script := filepath.Join(work, "run.sh")
	if err := os.WriteFile(script, []byte(systemdScript), 0o600); err != nil {
		return nil, err
	}
	env := append(baseEnv(work), "ZENV_WORK="+work)
	if tolerate {
		env = append(env, "ZENV_TOLERATE=1")
	}
	out, err := run(t, 3*time.Minute, env, work, "unshare", append([]string{"-m", "bash", script}, files...)...)
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(work, "manager.log"))
		return nil, fmt.Errorf("%v: %s\nmanager: %s", err, tail(out, 10), tail(string(log), 10))
	}
	var got []map[string]string
	for _, f := range files {
		b, err := os.ReadFile(f + ".out")
		if tolerate && errors.Is(err, fs.ErrNotExist) {
			got = append(got, nil)
			continue
		}
		if err != nil {
			return nil, err
		}
		got = append(got, parseEnv0(b))
	}
	return got, nil
}

// TestSystemdRoundTrip: a real systemd (252 on Debian 12) reads zenv's file
// through EnvironmentFile= and hands every value to the unit's process
// exactly.
func TestSystemdRoundTrip(t *testing.T) {
	need(t, "unshare")
	need(t, "/lib/systemd/systemd")
	readers := []reader{{"systemd EnvironmentFile=", version("systemctl", "--version"), readSystemd}}
	proveTarget(t, targetProof{target: "systemd", quote: quote.Systemd, batch: 250, ext: ".env", readers: readers})
}

// TestSystemdNoncharacterRefusalMatchesSystemd: a value holding a Unicode
// noncharacter makes systemd 252 reject the whole EnvironmentFile= (the unit
// does not start), and zenv refuses exactly those values, at the edges of
// every range; its neighbours start the unit and arrive intact.
func TestSystemdNoncharacterRefusalMatchesSystemd(t *testing.T) {
	need(t, "unshare")
	need(t, "/lib/systemd/systemd")
	runes := []rune{0xfdcf, 0xfdd0, 0xfdef, 0xfdf0, 0xfffd, 0xfffe, 0xffff, 0x10000,
		0x1fffd, 0x1fffe, 0x1ffff, 0x7fffe, 0xe0001, 0x10fffd, 0x10fffe, 0x10ffff}
	dir := t.TempDir()
	var files []string
	for i, r := range runes {
		f := filepath.Join(dir, fmt.Sprintf("%d.env", i))
		// Written by hand: no quote or backslash to escape, and zenv
		// would refuse half of them.
		if err := os.WriteFile(f, []byte("ZENV_V=\"a"+string(r)+"b\"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	got, err := runSystemd(t, files, true)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range runes {
		want := "a" + string(r) + "b"
		systemdTakes := got[i] != nil && got[i]["ZENV_V"] == want
		if got[i] != nil && !systemdTakes {
			t.Errorf("%U: the unit started with ZENV_V=%+q, want %+q or no start", r, got[i]["ZENV_V"], want)
		}
		_, qerr := quote.Systemd(want)
		_, _, code := zenv(t, []string{"ZK=" + testKey}, "env", "systemd", "--url", "https://zenml.example.com", "--api-key-env", "ZK", "--set", "ZENV_V="+want)
		zenvTakes := code == 0
		ok := systemdTakes == (qerr == nil) && zenvTakes == systemdTakes
		summary.record("systemd noncharacters", "", ok)
		if !ok {
			t.Errorf("%U: systemd starts the unit: %v; zenv writes it: %v (quote: %v)", r, systemdTakes, zenvTakes, qerr)
		}
	}
}

// TestSystemdFileOverridesManagerNames: every name zenv refuses for the
// systemd target because the service manager sets it is indeed taken from
// the EnvironmentFile= over the manager's own value in systemd 252; zenv
// refuses each.
func TestSystemdFileOverridesManagerNames(t *testing.T) {
	need(t, "unshare")
	need(t, "/lib/systemd/systemd")
	// systemd.exec(5) of systemd 252, "Environment Variables Set or
	// Propagated by the Service Manager", less LANG and TERM (settings a
	// unit may change) and PATH, HOME, SHELL (refused for every target).
	exact := strings.Fields(`USER LOGNAME INVOCATION_ID XDG_RUNTIME_DIR RUNTIME_DIRECTORY
		STATE_DIRECTORY CACHE_DIRECTORY LOGS_DIRECTORY CONFIGURATION_DIRECTORY CREDENTIALS_DIRECTORY
		MAINPID MANAGERPID LISTEN_FDS LISTEN_PID LISTEN_FDNAMES NOTIFY_SOCKET WATCHDOG_PID
		WATCHDOG_USEC SYSTEMD_EXEC_PID LOG_NAMESPACE JOURNAL_STREAM SERVICE_RESULT EXIT_CODE
		EXIT_STATUS MONITOR_SERVICE_RESULT MONITOR_EXIT_CODE MONITOR_EXIT_STATUS
		MONITOR_INVOCATION_ID MONITOR_UNIT PIDFILE TRIGGER_UNIT TRIGGER_PATH
		TRIGGER_TIMER_REALTIME_USEC TRIGGER_TIMER_MONOTONIC_USEC`)
	var b strings.Builder
	for _, n := range exact {
		fmt.Fprintf(&b, "%s=\"zenv-%s\"\n", n, n)
	}
	f := filepath.Join(t.TempDir(), "names.env")
	if err := os.WriteFile(f, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := runSystemd(t, []string{f}, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range exact {
		_, stderr, code := zenv(t, []string{"ZK=" + testKey}, "env", "systemd", "--url", "https://zenml.example.com", "--api-key-env", "ZK", "--set", n+"=x")
		ok := got[0][n] == "zenv-"+n && code == 2
		summary.record("systemd manager names", "", ok)
		if !ok {
			t.Errorf("%s: the unit saw %q (want the file's value), zenv exit %d: %s", n, got[0][n], code, stderr)
		}
	}
}
