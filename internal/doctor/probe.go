package doctor

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/zenv-dev/zenv/internal/fsutil"
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

// pythonProbe asks the Python that would run the client (clientPython);
// none is no client, not an error.
func pythonProbe(ctx context.Context) (ClientInfo, error) {
	py := clientPython()
	if py == "" {
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

// clientPython is the Python that runs the ZenML client: the interpreter
// the zenml command on PATH names in its first line (a pipx or virtualenv
// install, whose python3 need not be the one on PATH), when that
// interpreter exists; else python3 on PATH; "" when there is neither.
func clientPython() string {
	if z, err := exec.LookPath("zenml"); err == nil {
		if py := shebang(z); py != "" {
			return py
		}
	}
	py, _ := exec.LookPath("python3")
	return py
}

// shebang returns the interpreter named by the first line of the script at
// path ("#!/venv/bin/python"), resolved through PATH for "#!/usr/bin/env
// python3"; "" when it names none that exists.
func shebang(path string) string {
	f, err := fsutil.OpenRegular(path) // a FIFO named zenml would block the open
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	line, _, _ := strings.Cut(string(head[:n]), "\n")
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), "#!")
	fields := strings.Fields(rest)
	if !ok || len(fields) == 0 {
		return ""
	}
	py := fields[0]
	if filepath.Base(py) == "env" && len(fields) > 1 {
		py, _ = exec.LookPath(fields[1])
	}
	if st, err := os.Stat(py); err != nil || !filepath.IsAbs(py) || !st.Mode().IsRegular() || st.Mode().Perm()&0o111 == 0 {
		return ""
	}
	return py
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
