package targets

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/testsupport/teststreams"
	"github.com/zenv-dev/zenv/render"
)

func run(t *testing.T, args ...string) string {
	t.Helper()
	io, _, out, _ := teststreams.New()
	cmd := NewCmdTargets(&cmdutil.Factory{IOStreams: io}, nil)
	cmd.SetArgs(args)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestTargetsPrintsOneLinePerTargetOfTheRegistry(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(run(t), "\n"), "\n")
	if len(lines) != 1+len(render.Targets) {
		t.Fatalf("%d lines for %d targets:\n%s", len(lines), len(render.Targets), strings.Join(lines, "\n"))
	}
	for i, tg := range render.Targets {
		line := lines[i+1]
		if !strings.HasPrefix(line, tg.Name+" ") || !strings.HasSuffix(line, tg.Description) {
			t.Errorf("line for %s: %q", tg.Name, line)
		}
		for _, a := range tg.Aliases {
			if !strings.Contains(line, a) {
				t.Errorf("line for %s lacks alias %s: %q", tg.Name, a, line)
			}
		}
		for _, f := range tg.Forms {
			if f.Name != "" && !strings.Contains(line, f.Name) {
				t.Errorf("line for %s lacks form %s: %q", tg.Name, f.Name, line)
			}
		}
	}
}

func TestTargetsJSONDescribesFormsUnsetAndSettings(t *testing.T) {
	var got []Target
	if err := json.Unmarshal([]byte(run(t, "--json")), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(render.Targets) {
		t.Fatalf("%d targets, want %d", len(got), len(render.Targets))
	}
	byName := map[string]Target{}
	for _, tg := range got {
		byName[tg.Name] = tg
	}
	tests := []struct {
		name       string
		unset      bool
		forms      int
		references bool // the default form
		setting    string
	}{
		{"bash", true, 1, false, ""},
		{"tcsh", true, 1, false, ""},
		{"nu", true, 1, false, ""},
		{"dotenv", false, 1, false, ""},
		{"github", false, 4, true, "github_secret"},
		{"gitlab", false, 1, true, "gitlab_variable"},
		{"k8s", false, 1, false, "k8s_secret"},
		{"prefect", false, 3, true, "prefect_block"},
	}
	for _, tt := range tests {
		tg, ok := byName[tt.name]
		switch {
		case !ok:
			t.Errorf("no %s", tt.name)
		case tg.Unset != tt.unset || len(tg.Forms) != tt.forms || tg.Forms[0].References != tt.references:
			t.Errorf("%s: %+v", tt.name, tg)
		case tt.setting != "" && (len(tg.Settings) == 0 || tg.Settings[0].Key != tt.setting):
			t.Errorf("%s settings: %+v", tt.name, tg.Settings)
		}
	}
	if k := byName["k8s"].Settings[0]; k.Flag != "--k8s-secret" || k.Default != "zenml-client" {
		t.Errorf("k8s setting: %+v", k)
	}
}

func TestTargetsTakesNoArguments(t *testing.T) {
	io, _, _, _ := teststreams.New()
	cmd := NewCmdTargets(&cmdutil.Factory{IOStreams: io}, func(*TargetsOptions) error { return nil })
	cmd.SetArgs([]string{"bash"})
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	if err := cmd.Execute(); err == nil {
		t.Fatal("zenv targets bash: want an error")
	}
}
