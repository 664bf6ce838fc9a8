package main

import (
	"strings"
	"testing"
)

// TestAKeySecretGivenToAValueFlagIsNeverEchoed: a key's 64-hex secret
// given to --project, --stack or --set was echoed in the refusal, before
// any key had been read to tell the redactor about it.
func TestAKeySecretGivenToAValueFlagIsNeverEchoed(t *testing.T) {
	hex := strings.Repeat("9f3c", 16)
	keyFile := writeFile(t, "key", marker+"\n")
	cfg := writeFile(t, "config.yaml", "default: prod\nprofiles:\n  prod:\n    url: https://zenml.example.com\n    api_key: {file: "+keyFile+"}\n")
	for _, args := range [][]string{
		{"env", "bash", "-p", "prod", "--config", cfg, "--project", hex},
		{"env", "bash", "-p", "prod", "--config", cfg, "--stack", hex},
		{"env", "bash", "-p", "prod", "--config", cfg, "--set", "ZENML_DEBUG=" + hex},
		{"doctor", "-p", "prod", "--config", cfg, "--offline", "--project", hex},
	} {
		code, stdout, stderr := zenv(t, "", args...)
		if code == 0 {
			t.Errorf("%v: exit 0, want a refusal", args[:2])
		}
		if strings.Contains(stderr, hex) || strings.Contains(stdout, hex) {
			t.Errorf("%v: the secret is echoed: stderr %q stdout %q", args[:2], stderr, stdout)
		}
	}
}

// TestAnUnknownFormIsRefusedNamingTheFormsAsZenvTargetsDoes: the refusal
// listed the default form by its alias (pull-step) where zenv targets
// says "default".
func TestAnUnknownFormIsRefusedNamingTheFormsAsZenvTargetsDoes(t *testing.T) {
	code, stdout, stderr := zenv(t, "", "env", "prefect", "--url", "https://zenml.example.com", "--api-key-env", "ZK", "--form", "bogus")
	if code != 2 || stdout != "" || !strings.Contains(stderr, "forms: default, deployment, job-variables\n") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	_, targets, _ := zenv(t, "", "targets")
	if !strings.Contains(targets, " default, deployment, job-variables ") {
		t.Errorf("zenv targets lists prefect's forms otherwise:\n%s", targets)
	}
	t.Setenv("ZK", marker)
	if code, _, stderr := zenv(t, "", "env", "prefect", "--url", "https://zenml.example.com", "--api-key-env", "ZK", "--form", "default"); code != 0 {
		t.Errorf("--form default: exit %d: %s", code, stderr)
	}
}
