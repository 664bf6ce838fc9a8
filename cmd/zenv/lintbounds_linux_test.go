package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLintSurvivesADeepScriptInASmallFootprint is issue #16's case run as
// the user meets it, in a real process: a 500 KB script of 250,000 nested
// "(" (which once took zenv lint to Go's 1 GB stack limit and a fatal
// error, no report) beside a committed key in another file. zenv lint
// ends with its report (SARIF, the file named as skipped), finds the key,
// and its peak RSS stays small.
func TestLintSurvivesADeepScriptInASmallFootprint(t *testing.T) {
	bin := buildZenv(t)
	dir := t.TempDir()
	deep := "export ZENML_STORE_URL=https://zenml.example.com\n" + strings.Repeat("(", 250_000) + "\n"
	key := "ZENKEY_" + strings.Repeat("QUJD", 40)
	for name, body := range map[string]string{"deep.sh": deep, "deploy.env": "ZENML_STORE_API_KEY=" + key + "\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "lint", "--format", "sarif", dir)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want 1 (findings); stderr %s", err, func() []byte {
			if ok {
				return ee.Stderr
			}
			return nil
		}())
	}
	var sarif struct {
		Runs []struct {
			Invocations []struct {
				Notes []struct {
					Message struct{ Text string } `json:"message"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out, &sarif); err != nil || len(sarif.Runs) != 1 {
		t.Fatalf("not a SARIF log (%v):\n%.500s", err, out)
	}
	run := sarif.Runs[0]
	keys := 0
	for _, r := range run.Results {
		if r.RuleID == "ZL003" {
			keys++
		}
	}
	if keys != 1 {
		t.Errorf("%d ZL003 results, want the key in deploy.env", keys)
	}
	if len(run.Invocations) != 1 || len(run.Invocations[0].Notes) != 1 || !strings.Contains(run.Invocations[0].Notes[0].Message.Text, "nested deeper than") {
		t.Errorf("notifications %+v, want deep.sh skipped for its nesting", run.Invocations)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > 100<<10 { // KiB on Linux
		t.Errorf("peak RSS %d MiB", ru.Maxrss>>10)
	}
}
