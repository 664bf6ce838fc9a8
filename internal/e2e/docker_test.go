//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/render/quote"
)

// fakeDockerAPI is just enough of the Docker Engine API, on loopback, for
// `docker run` to send its container-create request: it records the
// request's Env and answers with an error, so nothing runs. What it
// records is what the real Docker CLI read from the --env-file.
type fakeDockerAPI struct {
	mu  sync.Mutex
	env []string
	srv *http.Server
	url string
}

func startFakeDockerAPI(t *testing.T) *fakeDockerAPI {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeDockerAPI{url: "tcp://" + l.Addr().String()}
	f.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Api-Version", "1.47")
		w.Header().Set("Content-Type", "application/json")
		if !strings.HasSuffix(r.URL.Path, "/containers/create") {
			w.Write([]byte("OK"))
			return
		}
		var body struct{ Env []string }
		b, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
		if err := json.Unmarshal(b, &body); err == nil {
			f.mu.Lock()
			f.env = body.Env
			f.mu.Unlock()
		}
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`{"message":"zenv e2e: request recorded, nothing runs"}`))
	})}
	go f.srv.Serve(l)
	t.Cleanup(func() { f.srv.Close() })
	return f
}

// read runs `docker run --env-file FILE` against the fake API and returns
// the environment the CLI sent.
func (f *fakeDockerAPI) read(t *testing.T, file string) (map[string]string, error) {
	f.mu.Lock()
	f.env = nil
	f.mu.Unlock()
	env := baseEnv(t.TempDir(), "DOCKER_HOST="+f.url, "DOCKER_CONFIG="+t.TempDir())
	out, _ := run(t, 15*time.Second, env, "", "docker", "run", "--rm", "--env-file", file, "zenv-e2e-image-never-pulled", "true")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.env == nil {
		return nil, fmt.Errorf("docker sent no container to create: %s", tail(out, 5))
	}
	got := map[string]string{}
	for _, kv := range f.env {
		k, v, _ := strings.Cut(kv, "=")
		got[k] = v
	}
	return got, nil
}

// TestDockerEnvFileRoundTrip: the real Docker CLI reads zenv's env-file and
// sends every value exactly in its container-create request.
func TestDockerEnvFileRoundTrip(t *testing.T) {
	need(t, "docker")
	api := startFakeDockerAPI(t)
	readers := []reader{{"docker CLI --env-file", version("docker", "--version"), perFile(api.read)}}
	proveTarget(t, targetProof{target: "docker", quote: quote.DockerEnvFile, batch: 250, ext: ".env", readers: readers})
}

// TestDockerEnvFileRefusalsAreNeeded: what zenv refuses for docker, written
// as NAME=value, the Docker CLI reads back as something else or rejects.
func TestDockerEnvFileRefusalsAreNeeded(t *testing.T) {
	need(t, "docker")
	api := startFakeDockerAPI(t)
	dir := t.TempDir()
	for i, v := range []string{"two\nlines", "ends in cr\r", "not utf-8 \xff"} {
		if _, err := quote.DockerEnvFile(v); err == nil {
			t.Errorf("quote.DockerEnvFile carries %q: this test lists refused values", v)
		}
		f := write(t, dir, i, ".env", "K="+v+"\n", nil)
		got, err := api.read(t, f.file)
		ok := err != nil || got["K"] != v
		summary.record("docker refusals needed", "", ok)
		if !ok {
			t.Errorf("docker reads K=%q back, yet zenv refuses it", v)
		}
	}
}
