//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
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
  timeout 30 systemctl --user start "zenv-e2e-$n.service"
  n=$((n+1))
done
`

func readSystemd(t *testing.T, files []string) ([]map[string]string, error) {
	work := t.TempDir()
	script := filepath.Join(work, "run.sh")
	if err := os.WriteFile(script, []byte(systemdScript), 0o600); err != nil {
		return nil, err
	}
	env := append(baseEnv(work), "ZENV_WORK="+work)
	out, err := run(t, 3*time.Minute, env, work, "unshare", append([]string{"-m", "bash", script}, files...)...)
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(work, "manager.log"))
		return nil, fmt.Errorf("%v: %s\nmanager: %s", err, tail(out, 10), tail(string(log), 10))
	}
	var got []map[string]string
	for _, f := range files {
		b, err := os.ReadFile(f + ".out")
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
