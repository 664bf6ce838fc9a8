package doctor

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
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
	cmd := exec.CommandContext(ctx, py, "-c", script)
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", errors.New("python3 did not answer in time")
		}
		return "", errors.New("python3 failed: " + err.Error())
	}
	return strings.TrimSpace(out.String()), nil
}

// limitedBuffer keeps the first 4 KiB written to it and drops the rest.
type limitedBuffer struct{ bytes.Buffer }

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := 4096 - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
