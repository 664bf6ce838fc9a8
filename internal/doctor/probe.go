package doctor

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"

	"github.com/zenv-dev/zenv/internal/zenml"
)

// probeScript prints what doctor needs from the Python that would run the
// client: zenml's version from its distribution's metadata (importing
// zenml takes over a second; the metadata about 50 ms) and certifi's
// bundle, which requests trusts when nothing else is set
// (requests/certs.py). certifi is a module of two functions.
const probeScript = `import importlib.metadata as m
try:
    print("zenml=" + m.version("zenml"))
except m.PackageNotFoundError:
    pass
try:
    import certifi
    print("certifi=" + certifi.where())
except Exception:
    pass
`

// pythonProbe asks python3 on PATH; no python3 is no client, not an error.
func pythonProbe(ctx context.Context) (ClientInfo, error) {
	py, err := exec.LookPath("python3")
	if err != nil {
		return ClientInfo{}, nil
	}
	var out limitedBuffer
	// -I: isolated, so neither the working directory (a checkout: csv.py
	// there would be imported and could read the key) nor PYTHON* variables
	// nor the user's site-packages take part; and the child gets no
	// ZenML credential in its environment.
	cmd := exec.CommandContext(ctx, py, "-I", "-c", probeScript)
	cmd.Dir = os.TempDir()
	cmd.Env = withoutZenMLSecrets(os.Environ())
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ClientInfo{}, errors.New("python3 did not answer in time")
		}
		return ClientInfo{}, errors.New("python3 failed: " + err.Error())
	}
	var info ClientInfo
	for _, line := range strings.Split(out.String(), "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		switch k {
		case "zenml":
			info.ZenML = v
		case "certifi":
			info.Certifi = v
		}
	}
	return info, nil
}

// limitedBuffer keeps the first 4 KiB written to it and drops the rest. It
// must not embed bytes.Buffer: io.Copy would call the promoted ReadFrom
// and read without limit.
type limitedBuffer struct{ buf bytes.Buffer }

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := 4096 - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (b *limitedBuffer) String() string { return b.buf.String() }

// withoutZenMLSecrets drops the credentials the client reads from env.
func withoutZenMLSecrets(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if !zenml.Name(strings.ToUpper(name)).Secret {
			out = append(out, kv)
		}
	}
	return out
}
