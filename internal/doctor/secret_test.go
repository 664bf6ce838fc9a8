package doctor

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestTheKeyNeverAppearsInAnyOutput runs every check against every server,
// good and faulty, with keys whose secret is a marker, in every format, and
// looks for the marker, the whole key and the token in the output. A
// faulty server echoes what it received, so the redaction is exercised too.
func TestTheKeyNeverAppearsInAnyOutput(t *testing.T) {
	const marker = "c0ffee" // in every secret below, and in an id that is no UUID (not shown either)
	secret := strings.Repeat(marker, 10) + "c0ff"
	keys := []string{
		makeKey(goodKeyID, secret),
		"'" + makeKey(goodKeyID, secret) + "'\n",
		makeKey("not-a-uuid-"+marker, secret),
		"ZENPROKEY_" + secret,
		"eyJ" + secret + ".eyJ" + marker + ".sig",
		secret,
	}
	other, _ := recorder(t)
	servers := map[string]*httptest.Server{}
	for _, s := range faultyServers(t, other) {
		srv := httptest.NewServer(s.handler)
		t.Cleanup(srv.Close)
		servers[s.name] = srv
	}
	for i, key := range keys {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel() // each waits on timeouts, not on the CPU
			f, good := newFake(t)
			f.key = key
			all := map[string]*httptest.Server{"zenml": good}
			for name, srv := range servers {
				all[name] = srv
			}
			for name, srv := range all {
				for _, e := range []map[string]string{
					env(srv.URL, "ZENML_STORE_API_KEY="+key),
					env(srv.URL, "ZENML_STORE_URL="+key),
					env(srv.URL, "ZENML_STORE_URL=<unset>", "ZENML_API_KEY="+key, "ZENML_STORE_API_KEY=<unset>"),
					env(srv.URL, "ZENML_STORE_API_KEY="+key, "ZENML_STORE_API_TOKEN="+key, "ZENML_STORE_PASSWORD="+key),
				} {
					in := input(e)
					in.Timeout = 100 * time.Millisecond
					results := RunAll(context.Background(), []NamedInput{{Name: "a", Input: in}, {Name: "prod", Input: in}})
					for _, format := range Formats {
						var b bytes.Buffer
						Write(&b, format, results, true)
						out := b.String()
						if strings.Contains(out, marker) || strings.Contains(out, strings.TrimSpace(key)) || strings.Contains(out, token) {
							t.Errorf("server %s, format %s: a secret reached the output:\n%s", name, format, out)
						}
					}
				}
			}
		})
	}
}
