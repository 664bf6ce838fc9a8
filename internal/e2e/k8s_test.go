//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/render/quote"
)

// fakeKubeAPI answers the discovery requests kubectl makes before a
// client-side dry run (core/v1 with secrets, no groups) and 404 for the
// Secret itself, so `kubectl apply --dry-run=client -o json` prints the
// object it would create. No cluster is involved.
func fakeKubeAPI(t *testing.T) string {
	t.Helper()
	docs := map[string]any{
		"/api":  map[string]any{"kind": "APIVersions", "versions": []string{"v1"}, "serverAddressByClientCIDRs": []any{}},
		"/apis": map[string]any{"kind": "APIGroupList", "apiVersion": "v1", "groups": []any{}},
		"/api/v1": map[string]any{"kind": "APIResourceList", "groupVersion": "v1", "resources": []any{map[string]any{
			"name": "secrets", "singularName": "secret", "namespaced": true, "kind": "Secret",
			"verbs": []string{"create", "delete", "get", "list", "patch", "update", "watch"}}}},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		doc, ok := docs[r.URL.Path]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			doc = map[string]any{"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404}
		}
		json.NewEncoder(w).Encode(doc)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestK8sRoundTrip: kubectl (from PyPI) reads zenv's Secret manifest in a
// client-side dry run, and the Kubernetes API types decode it strictly;
// both see every value exactly, under the Secret's configured name.
func TestK8sRoundTrip(t *testing.T) {
	kubectl := need(t, filepath.Join(cacheDir, "venv-kubectl", "bin", "kubectl"))
	peers := need(t, filepath.Join(cacheDir, "bin", "zenv-peers"))
	server := fakeKubeAPI(t)
	kver, _ := peerTool(t, nil, nil, kubectl, "version", "--client")
	apiVer, _ := peerTool(t, nil, nil, peers, "version", "k8s.io/api")
	secret := func(b []byte, err error) (map[string]string, error) {
		if err != nil {
			return nil, err
		}
		var s struct {
			Kind, Type string
			Name       string
			Metadata   struct{ Name string }
			StringData map[string]string
		}
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, err
		}
		if s.Name == "" {
			s.Name = s.Metadata.Name
		}
		if s.Name != "zenml-client" || s.Type != "Opaque" {
			return nil, fmt.Errorf("a Secret named %q of type %q, want zenml-client, Opaque", s.Name, s.Type)
		}
		return s.StringData, nil
	}
	readers := []reader{
		{"kubectl apply --dry-run", versionNumber.FindString(string(kver)), perFile(func(t *testing.T, f string) (map[string]string, error) {
			return secret(peerTool(t, nil, nil, kubectl, "--server", server, "apply", "--dry-run=client",
				"--validate=false", "-o", "json", "-f", f))
		})},
		{"k8s.io/api core/v1 Secret", strings.Trim(strings.TrimSpace(string(apiVer)), `"`), perFile(func(t *testing.T, f string) (map[string]string, error) {
			return secret(peerTool(t, nil, nil, peers, "k8s-secret", f))
		})},
	}
	proveTarget(t, targetProof{target: "k8s", quote: quote.K8sStringData, batch: 250, ext: ".yaml", readers: readers})
}
