//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/render/quote"
)

// gitlabRuby reads a .gitlab-ci.yml with Ruby's Psych, the YAML parser
// GitLab itself runs, and prints what a job sees of its variables: a
// {value, expand: false} entry as its value, a plain string expanded as
// GitLab expands it ($$ is $, $NAME and ${NAME} the variable's value, ""
// when undefined; ARGV[1..] define some as NAME=VALUE).
const gitlabRuby = `
doc = YAML.safe_load(File.read(ARGV[0]))
defined = ARGV[1..].map { |kv| kv.split("=", 2) }.to_h
out = {}
(doc["variables"] || {}).each do |name, v|
  if v.is_a?(Hash)
    raise "#{name}: a mapping without expand: false" unless v.keys.sort == ["expand", "value"] && v["expand"] == false
    out[name] = v["value"]
  else
    raise "#{name}: not a string" unless v.is_a?(String)
    out[name] = v.gsub(/\$(\$|\{(\w+)\}|(\w+))/) { $1 == "$" ? "$" : defined.fetch($2 || $3, "") }
  end
end
puts JSON.generate(out)
`

func readGitLab(t *testing.T, file string, defined ...string) (map[string]string, error) {
	out, err := peerTool(t, nil, nil, "ruby", append([]string{"-ryaml", "-rjson", "-e", gitlabRuby, file}, defined...)...)
	if err != nil {
		return nil, err
	}
	return jsonStrings(out)
}

// lintGitLab checks each output, made a pipeline with one job, against
// GitLab's CI schema (vendored by check-jsonschema).
func lintGitLab(t *testing.T, files []string) {
	cj := need(t, filepath.Join(cacheDir, "venv-checkjsonschema", "bin", "check-jsonschema"))
	ver, _ := peerTool(t, nil, nil, cj, "--version")
	var pipelines []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := f + ".gitlab-ci.yml"
		os.WriteFile(p, append(b, "zenv-e2e:\n  script:\n    - env\n"...), 0o600)
		pipelines = append(pipelines, p)
	}
	_, err := peerTool(t, nil, nil, cj, append([]string{"--builtin-schema", "vendor.gitlab-ci", "--data-transform", "gitlab-ci"}, pipelines...)...)
	for range pipelines {
		summary.record("check-jsonschema gitlab-ci", versionNumber.FindString(string(ver)), err == nil)
	}
	if err != nil {
		t.Errorf("GitLab's CI schema rejects zenv's output: %v", err)
	}
}

// TestGitLabRoundTrip: GitLab's YAML parser and its expansion rules give
// the job every value exactly, the key stays out of the block (GitLab
// passes the CI/CD variable itself), and every output passes GitLab's CI
// schema.
func TestGitLabRoundTrip(t *testing.T) {
	need(t, "ruby")
	readers := []reader{{"ruby psych (gitlab yaml)", version("ruby", "-ryaml", "-e", "puts Psych::VERSION"), perFile(func(t *testing.T, f string) (map[string]string, error) {
		m, err := readGitLab(t, f)
		if _, ok := m["ZENML_STORE_API_KEY"]; ok {
			return nil, fmt.Errorf("the block sets ZENML_STORE_API_KEY, which GitLab's CI/CD variable of that name should")
		}
		return m, err
	})}}
	files := proveTarget(t, targetProof{target: "gitlab", quote: quote.GitLabYAML, batch: 250, ext: ".yml", readers: readers, referenced: true})
	lintGitLab(t, files)
}

// TestGitLabReferencesARenamedKeyVariable: with --gitlab-variable the block
// maps ZENML_STORE_API_KEY to that CI/CD variable, which GitLab expands
// when the job starts; --inline-secrets writes the key itself.
func TestGitLabReferencesARenamedKeyVariable(t *testing.T) {
	need(t, "ruby")
	for _, tt := range []struct {
		args    []string
		defined []string
	}{
		{[]string{"--gitlab-variable", "ZENML_PROD_KEY"}, []string{"ZENML_PROD_KEY=" + testKey}},
		{[]string{"--inline-secrets"}, nil},
	} {
		args := append([]string{"env", "gitlab", "--url", "https://zenml.example.com/$x", "--api-key-env", "ZK"}, tt.args...)
		out, stderr, code := zenv(t, []string{"ZK=" + testKey}, args...)
		if code != 0 {
			t.Fatalf("zenv %s: %s", strings.Join(tt.args, " "), stderr)
		}
		f := write(t, t.TempDir(), 0, ".yml", out, nil).file
		got, err := readGitLab(t, f, tt.defined...)
		ok := err == nil && got["ZENML_STORE_API_KEY"] == testKey && got["ZENML_STORE_URL"] == "https://zenml.example.com/$x"
		summary.record("ruby psych (gitlab yaml)", "", ok)
		if !ok {
			t.Errorf("%s: the job sees %q (%v)", strings.Join(tt.args, " "), got, err)
		}
		lintGitLab(t, []string{f})
	}
}
