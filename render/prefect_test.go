package render_test

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/zenv-dev/zenv/internal/testsupport/rendertest"
	"github.com/zenv-dev/zenv/render"
)

// TestPrefectDefaultIsThePullStepAndPullStepStillNamesIt: the default form
// keeps the key off the deployment; --form pull-step, its old name, still
// picks it.
func TestPrefectDefaultIsThePullStepAndPullStepStillNamesIt(t *testing.T) {
	tg, _ := render.Lookup("prefect")
	def, _ := tg.Form("")
	old, err := tg.Form("pull-step")
	if err != nil || old != def {
		t.Fatalf("--form pull-step = %v, %v; want the default form", old, err)
	}
	out, err := rendertest.Render(tg, "", input("", nil, nil), render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "      - os:environ.update:\n") || strings.Contains(string(out), "job_variables") {
		t.Errorf("the default form is not the pull step:\n%s", out)
	}
}

// TestPrefectOutputPastesUnderADeploymentAsPrinted: every line of the
// default and job-variables forms sits at column 4 or deeper, so pasted
// under "  - name: x" it belongs to that deployment.
func TestPrefectOutputPastesUnderADeploymentAsPrinted(t *testing.T) {
	tg, _ := render.Lookup("prefect")
	for _, form := range []string{"", "job-variables"} {
		out, err := rendertest.Render(tg, form, input("", nil, nil), render.Options{})
		if err != nil {
			t.Fatal(err)
		}
		doc := "deployments:\n  - name: x\n    entrypoint: f.py:f\n" + string(out)
		var v struct {
			Deployments []map[string]any `yaml:"deployments"`
		}
		if err := yaml.Unmarshal([]byte(doc), &v); err != nil || len(v.Deployments) != 1 {
			t.Fatalf("--form %q pasted under a deployment: %v\n%s", form, err, doc)
		}
		key := map[string]string{"": "pull", "job-variables": "work_pool"}[form]
		if v.Deployments[0][key] == nil || v.Deployments[0]["name"] != "x" {
			t.Errorf("--form %q: the deployment has no %s: %v", form, key, v.Deployments[0])
		}
	}
}

// TestPrefectDeploymentNamePrintsTheWholeEntry: with --deployment NAME the
// default form is that deployment's entry, ready to go under deployments:,
// its pull: the project's step first and zenv's last, as in --form
// deployment.
func TestPrefectDeploymentNamePrintsTheWholeEntry(t *testing.T) {
	tg, _ := render.Lookup("prefect")
	for _, form := range []string{"", "deployment", "job-variables"} {
		out, err := rendertest.Render(tg, form, input("", nil, map[string]string{"prefect_deployment": "nightly: #1"}), render.Options{})
		if err != nil {
			t.Fatal(err)
		}
		doc := string(out)
		if form != "deployment" {
			doc = "deployments:\n" + doc
		}
		var v struct {
			Deployments []struct {
				Name string
				Pull []map[string]map[string]string
			}
		}
		if err := yaml.Unmarshal([]byte(doc), &v); err != nil || len(v.Deployments) != 1 {
			t.Fatalf("--form %q: %v\n%s", form, err, doc)
		}
		d := v.Deployments[0]
		if d.Name != "nightly: #1" {
			t.Errorf("--form %q: name %q", form, d.Name)
		}
		if form == "job-variables" {
			continue
		}
		// The step that finds the code comes first and zenv's last, the
		// order the comments ask for when the user copies steps in.
		if n := len(d.Pull); n < 2 || d.Pull[0]["prefect.deployments.steps.set_working_directory"] == nil ||
			d.Pull[n-1]["os:environ.update"]["ZENML_STORE_URL"] != "https://z" {
			t.Errorf("--form %q: the entry's pull: is not set_working_directory, then zenv's step:\n%s", form, out)
		}
	}
}

func TestPrefectDeploymentNamesPrefectRefusesAreRefused(t *testing.T) {
	var validate func(string) error
	for _, s := range render.Settings() {
		if s.Key == "prefect_deployment" {
			validate = s.Validate
		}
	}
	for _, bad := range []string{"", "a/b", "50%", "x{{ y }}", "two\nlines", "a<b"} {
		if validate(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	for _, good := range []string{"nightly", "zenml prod", "ünïcode: yes"} {
		if err := validate(good); err != nil {
			t.Errorf("%q refused: %v", good, err)
		}
	}
}
