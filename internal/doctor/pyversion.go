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

// pythonZenML returns the version of the zenml package python3 on PATH can
// import, "" when there is no python3 or no zenml. It reads the installed
// distribution's metadata instead of importing zenml, which takes seconds.
func pythonZenML(ctx context.Context) (string, error) {
	py, err := exec.LookPath("python3")
	if err != nil {
		return "", nil
	}
	const script = `import importlib.metadata as m
try:
    print(m.version("zenml"))
except m.PackageNotFoundError:
    pass
`
	var out limitedBuffer
	// -I: isolated, so neither the working directory (a checkout: csv.py
	// there would be imported and could read the key) nor PYTHON* variables
	// nor the user's site-packages take part; and the child gets no
	// ZenML credential in its environment.
	cmd := exec.CommandContext(ctx, py, "-I", "-c", script)
	cmd.Dir = os.TempDir()
	cmd.Env = withoutZenMLSecrets(os.Environ())
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", errors.New("python3 did not answer in time")
		}
		return "", errors.New("python3 failed: " + err.Error())
	}
	return strings.TrimSpace(out.String()), nil
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
