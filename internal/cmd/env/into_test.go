package env

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/testsupport/cmdtest"
)

// A prefect.yaml as prefect init writes it (sequences at column 0), with
// comments, other steps, and zenv's step from an earlier run.
const projectYAML = `# the project
name: flows
prefect-version: 3.9.1

# fetch the code
pull:
- prefect.deployments.steps.set_working_directory:
    directory: /opt/flows   # where the code lives

deployments:
- name: nightly  # runs at night
  entrypoint: flow.py:check
  work_pool:
    name: e2e
- name: other
  entrypoint: flow.py:check
  pull:
  - prefect.deployments.steps.git_clone:
      repository: https://example.com/x.git
  # zenv's step, kept up to date
  - os:environ.update:
      ZENML_STORE_URL: "http://old"
  - prefect.deployments.steps.run_shell_script:
      script: echo after
`

// into runs zenv env prefect --into on a copy of content and returns the
// exit code, the file afterwards and stderr.
func into(t *testing.T, content string, mode os.FileMode, args ...string) (int, string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "prefect.yaml")
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, mode)
	code, stderr := intoRunner(t, path, args...)()
	b, _ := os.ReadFile(path)
	if fi, _ := os.Stat(path); fi.Mode().Perm() != mode {
		t.Errorf("the file's mode is %v, was %v", fi.Mode().Perm(), mode)
	}
	return code, string(b), stderr
}

// intoRunner prepares zenv env prefect --into path (the factory sets the
// environment, which only the test's goroutine may do) and returns the
// run, which any goroutine may call: it returns the exit code and stderr.
func intoRunner(t *testing.T, path string, args ...string) func() (int, string) {
	t.Helper()
	f, out, errOut := cmdtest.Factory(t, func(string) string { return "ZENKEY_x" })
	cmd := NewCmdEnv(f, nil)
	cmd.SetArgs(append([]string{"prefect", "--url", "https://zenml.example.com", "--api-key-env", "K", "--into", path}, args...))
	return func() (int, string) {
		err := cmd.Execute()
		if err != nil {
			fmt.Fprintf(errOut, "zenv: %v\n", err)
		} else {
			f.FlushWarnings()
		}
		if out.Len() != 0 {
			t.Errorf("--into wrote to stdout: %q", out)
		}
		return cmdutil.ExitCode(err), errOut.String()
	}
}

// pullOf returns the steps of a deployment's pull: ("" for the project's)
// as "name" or "name ZENML_STORE_URL=value".
func pullOf(t *testing.T, file, deployment string) []string {
	t.Helper()
	var v struct {
		Pull        []map[string]map[string]string
		Deployments []struct {
			Name string
			Pull []map[string]map[string]string
		}
	}
	if err := yaml.Unmarshal([]byte(file), &v); err != nil {
		t.Fatalf("%v\n%s", err, file)
	}
	steps := v.Pull
	for _, d := range v.Deployments {
		if d.Name == deployment {
			steps = d.Pull
		}
	}
	var got []string
	for _, s := range steps {
		for name, args := range s {
			if u, ok := args["ZENML_STORE_URL"]; ok {
				name += " ZENML_STORE_URL=" + u + " key=" + args["ZENML_STORE_API_KEY"]
			}
			got = append(got, name)
		}
	}
	return got
}

const zenvStep = "os:environ.update ZENML_STORE_URL=https://zenml.example.com key={{ prefect.blocks.secret.zenml-store-api-key }}"

func TestIntoADeploymentWithoutPullCopiesTheProjectStepsFirst(t *testing.T) {
	code, file, stderr := into(t, projectYAML, 0o644, "--deployment", "nightly")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := []string{"prefect.deployments.steps.set_working_directory", zenvStep}
	if got := pullOf(t, file, "nightly"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("nightly's pull: %q, want %q", got, want)
	}
	for _, c := range []string{"# the project", "# fetch the code", "# where the code lives", "# runs at night", "# zenv's step, kept up to date"} {
		if !strings.Contains(file, c) {
			t.Errorf("the comment %q is gone:\n%s", c, file)
		}
	}
	if got := pullOf(t, file, "other"); len(got) != 3 || got[1] != "os:environ.update ZENML_STORE_URL=http://old key=" {
		t.Errorf("another deployment changed: %q", got)
	}
}

func TestIntoReplacesZenvsStepInPlaceKeepingItsComment(t *testing.T) {
	code, file, stderr := into(t, projectYAML, 0o640, "--deployment", "other")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := []string{"prefect.deployments.steps.git_clone", zenvStep, "prefect.deployments.steps.run_shell_script"}
	if got := pullOf(t, file, "other"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("other's pull: %q, want %q", got, want)
	}
	if !strings.Contains(file, "# zenv's step, kept up to date\n") || strings.Contains(file, "http://old") {
		t.Errorf("the step was not replaced in place:\n%s", file)
	}
	// A second run changes nothing.
	code, again, _ := into(t, file, 0o640, "--deployment", "other")
	if code != 0 || again != file {
		t.Errorf("a second run changed the file:\n%s", again)
	}
}

func TestIntoWithoutDeploymentEditsTheProjectPull(t *testing.T) {
	code, file, stderr := into(t, projectYAML, 0o600)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := []string{"prefect.deployments.steps.set_working_directory", zenvStep}
	if got := pullOf(t, file, ""); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the project's pull: %q, want %q", got, want)
	}
	if !strings.Contains(stderr, "warning: deployment(s) other have a pull: of their own") {
		t.Errorf("no warning about the deployment whose own pull: replaces the project's: %q", stderr)
	}
	// A file without a project pull: gets one.
	code, file, _ = into(t, "name: x\ndeployments:\n- name: a\n  entrypoint: f.py:f\n", 0o600)
	if got := pullOf(t, file, ""); code != 0 || strings.Join(got, "\n") != zenvStep {
		t.Errorf("exit %d, project pull %q:\n%s", code, got, file)
	}
}

func TestIntoRefusesAndLeavesTheFileAlone(t *testing.T) {
	aliased := "name: x\ncommon: &steps\n- prefect.deployments.steps.set_working_directory: {directory: /a}\ndeployments:\n- name: a\n  pull: *steps\n"
	tests := []struct {
		name, content string
		args          []string
		want          string
	}{
		{"inline secrets", projectYAML, []string{"--inline-secrets"}, "refuses --inline-secrets"},
		{"another form", projectYAML, []string{"--form", "job-variables"}, "drop --form job-variables"},
		{"no such deployment", projectYAML, []string{"--deployment", "nope"}, `no deployment named "nope"; deployments: nightly, other`},
		{"an alias in pull", aliased, []string{"--deployment", "a"}, "holds the alias *steps"},
		{"an anchored project pull copied", "pull: &p\n- a.b: {}\ndeployments:\n- name: a\n", []string{"--deployment", "a"}, "holds the anchor &p"},
		{"two zenv steps", "pull:\n- os:environ.update: {ZENML_STORE_URL: a}\n- os:environ.update: {ZENML_STORE_URL: b}\n", nil, "two os:environ.update steps"},
		{"not yaml", "pull: [\n", nil, "does not parse"},
		{"two documents", "name: a\n---\nname: b\n", nil, "2 YAML documents"},
		// PyYAML keeps the last of two equal keys; zenv would edit the first.
		{"two pull: in a deployment", "deployments:\n- name: a\n  pull:\n  - a.b: {}\n  pull:\n  - c.d: {}\n", []string{"--deployment", "a"}, "the key pull: appears twice in one mapping (lines 3 and 5)"},
		{"two deployments:", "deployments:\n- name: a\ndeployments:\n- name: b\n", []string{"--deployment", "a"}, "the key deployments: appears twice"},
		{"two project pull:", "pull:\n- a.b: {}\npull:\n- c.d: {}\n", nil, "the key pull: appears twice"},
		{"a github workflow", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n", nil, "is not a prefect.yaml (none of its top-level keys is deployments, pull, build, push, name, prefect-version)"},
		{"zenv's config file shape", "default: prod\nprofiles:\n  prod:\n    url: https://zenml.example.com\n", nil, "is not a prefect.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, file, stderr := into(t, tt.content, 0o644, tt.args...)
			if code != cmdutil.ExitInput || !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, tt.want)
			}
			if file != tt.content {
				t.Errorf("the file changed:\n%s", file)
			}
		})
	}
}

func TestIntoRefusesOtherTargets(t *testing.T) {
	f, _, _ := cmdtest.Factory(t, func(string) string { return "ZENKEY_x" })
	cmd := NewCmdEnv(f, nil)
	cmd.SetArgs([]string{"bash", "--url", "https://zenml.example.com", "--api-key-env", "K", "--into", "x.yaml"})
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != cmdutil.ExitInput || !strings.Contains(fmt.Sprint(err), "--into edits a prefect.yaml") {
		t.Errorf("err %v", err)
	}
}

func TestIntoKeepsTheUsersOwnEntriesInZenvsStep(t *testing.T) {
	const file = `pull:
- os:environ.update:
    ZENML_STORE_URL: "http://old"  # staging until May
    ZENML_STORE_API_KEY: "{{ prefect.blocks.secret.old }}"
    MY_APP_SETTING: "keep me"  # mine
    ZENML_ACTIVE_STACK_ID: 6f1e0c9a-0000-4000-8000-000000000000
    ZENML_STORE_TIMEOUT_HINT: "60"
    OTHER: x
`
	code, got, stderr := into(t, file, 0o644)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var v struct {
		Pull []map[string]map[string]string
	}
	if err := yaml.Unmarshal([]byte(got), &v); err != nil || len(v.Pull) != 1 {
		t.Fatalf("%v\n%s", err, got)
	}
	args := v.Pull[0]["os:environ.update"]
	want := map[string]string{
		"ZENML_STORE_URL":     "https://zenml.example.com",
		"ZENML_STORE_API_KEY": "{{ prefect.blocks.secret.zenml-store-api-key }}",
		"MY_APP_SETTING":      "keep me",
		"OTHER":               "x",
	}
	if fmt.Sprint(args) != fmt.Sprint(want) {
		t.Errorf("the step's entries are %v, want %v (the user's kept, the ZenML names zenv clears gone):\n%s", args, want, got)
	}
	for _, s := range []string{`MY_APP_SETTING: "keep me" # mine` + "\n", "# staging until May"} {
		if !strings.Contains(got, s) {
			t.Errorf("%q is gone:\n%s", s, got)
		}
	}
	if !strings.Contains(stderr, "kept your own MY_APP_SETTING, OTHER in zenv's step") {
		t.Errorf("stderr does not say which entries were kept: %q", stderr)
	}
}

func TestIntoRunsAtOnceLoseNoEdit(t *testing.T) {
	beforeIntoWrite = func() { time.Sleep(50 * time.Millisecond) }
	t.Cleanup(func() { beforeIntoWrite = func() {} })
	path := filepath.Join(t.TempDir(), "prefect.yaml")
	names := []string{"a", "b", "c", "d"}
	content := "deployments:\n"
	for _, n := range names {
		content += "- name: " + n + "\n  entrypoint: f.py:f\n"
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	var runs []func() (int, string)
	for _, n := range names {
		runs = append(runs, intoRunner(t, path, "--deployment", n))
	}
	var wg sync.WaitGroup
	for i, run := range runs {
		wg.Go(func() {
			if code, stderr := run(); code != 0 {
				t.Errorf("run %s: exit %d: %s", names[i], code, stderr)
			}
		})
	}
	wg.Wait()
	b, _ := os.ReadFile(path)
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*")); len(left) != 0 {
		t.Errorf("the runs left %q beside the file", left)
	}
	for _, n := range names {
		if got := pullOf(t, string(b), n); strings.Join(got, "\n") != zenvStep {
			t.Errorf("deployment %s lost its step: %q\n%s", n, got, b)
		}
	}
}

func TestIntoKeepsTheFilesSequenceStyle(t *testing.T) {
	// prefect init writes "- " at the key's column: the file keeps it, and
	// the pull: zenv adds takes it too.
	code, file, stderr := into(t, projectYAML, 0o644, "--deployment", "nightly")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"\npull:\n- prefect.deployments.steps.set_working_directory:\n    directory: /opt/flows",
		"\ndeployments:\n- name: nightly",
		"\n  pull:\n  - prefect.deployments.steps.set_working_directory:\n      directory: /opt/flows",
		"\n  - os:environ.update:\n      ZENML_STORE_URL: \"https://zenml.example.com\"\n",
		"\n  - prefect.deployments.steps.git_clone:\n      repository: https://example.com/x.git\n  # zenv's step, kept up to date\n  - os:environ.update:\n",
	} {
		if !strings.Contains(file, want) {
			t.Errorf("the file lost its sequence style, want %q in:\n%s", want, file)
		}
	}
	// A file written with "- " indented under its key stays so.
	indented := "deployments:\n  - name: a\n    entrypoint: f.py:f\n"
	code, file, stderr = into(t, indented, 0o644, "--deployment", "a")
	want := indented + "    pull:\n      - os:environ.update:\n          ZENML_STORE_URL: \"https://zenml.example.com\"\n"
	if code != 0 || !strings.HasPrefix(file, want) {
		t.Errorf("exit %d %s, want the indented style kept, %q in:\n%s", code, stderr, want, file)
	}
}

// A literal key in a pull step outlives zenv's step being added after it:
// the user is told (never shown the key) to rotate it.
func TestIntoWarnsOfALiteralKeyInAPullStep(t *testing.T) {
	literal := "ZENKEY_" + strings.Repeat("QUJDRGVmZ2g", 6)
	content := "name: flows\npull:\n- os:environ.update:\n    ZENML_STORE_API_KEY: " + literal + "\n"
	code, file, stderr := into(t, content, 0o644)
	if code != 0 || !strings.Contains(stderr, "holds a literal ZenML api key in the project's pull: (ZENML_STORE_API_KEY)") || !strings.Contains(stderr, "rotate that key") {
		t.Errorf("exit %d, stderr %q; want a warning to rotate the key", code, stderr)
	}
	if strings.Contains(stderr, literal) || strings.Contains(stderr, "QUJDRGVmZ2g") {
		t.Errorf("the warning shows the key: %q", stderr)
	}
	if got := pullOf(t, file, ""); len(got) != 2 || got[1] != zenvStep {
		t.Errorf("pull: %q", got)
	}
}

func TestIntoKeepsAByteOrderMark(t *testing.T) {
	content := "\ufeffname: flows\npull:\n- a.b: {}\n"
	code, file, stderr := into(t, content, 0o644)
	if code != 0 || !strings.HasPrefix(file, "\ufeffname: flows\n") {
		t.Errorf("exit %d, stderr %q, file %q", code, stderr, file)
	}
	if got := pullOf(t, strings.TrimPrefix(file, "\ufeff"), ""); len(got) != 2 || got[1] != zenvStep {
		t.Errorf("pull: %q", got)
	}
	// A second run finds the step in place: nothing changes.
	path := filepath.Join(t.TempDir(), "prefect.yaml")
	os.WriteFile(path, []byte(file), 0o644)
	if code, stderr := intoRunner(t, path)(); code != 0 || !strings.Contains(stderr, "nothing to change") {
		t.Errorf("second run: exit %d, %q", code, stderr)
	}
}

func TestIntoRefusesAnEmptyPath(t *testing.T) {
	f, out, _ := cmdtest.Factory(t, func(string) string { return "ZENKEY_x" })
	cmd := NewCmdEnv(f, nil)
	cmd.SetArgs([]string{"prefect", "--url", "https://zenml.example.com", "--api-key-env", "K", "--into", ""})
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != cmdutil.ExitInput || fmt.Sprint(err) != "--into needs a path: the prefect.yaml to add zenv's pull step to" || out.Len() != 0 {
		t.Errorf("err %v, stdout %q", err, out)
	}
}

func TestIntoRefusesZenvsOwnConfigFile(t *testing.T) {
	config := "default: prod\nprofiles:\n  prod:\n    url: https://zenml.example.com\n    prefect_deployment: nightly\n"
	path := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(path, []byte(config), 0o600)
	f, out, _ := cmdtest.Factory(t, func(string) string { return "ZENKEY_x" })
	t.Setenv("ZENV_CONFIG", path)
	cmd := NewCmdEnv(f, nil)
	cmd.SetArgs([]string{"prefect", "--api-key-env", "K", "--into", path})
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != cmdutil.ExitInput || !strings.Contains(fmt.Sprint(err), "--into "+path+" is the config file zenv reads") || out.Len() != 0 {
		t.Errorf("err %v, stdout %q", err, out)
	}
	if b, _ := os.ReadFile(path); string(b) != config {
		t.Errorf("the config file changed:\n%s", b)
	}
}
