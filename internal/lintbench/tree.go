package main

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/zenv-dev/zenv/internal/zenml"
)

// treeVersion changes whenever the generator does, so an old tree is
// regenerated rather than measured.
const treeVersion = 1

// ensureTree generates the tree unless dir already holds this version with
// this many files. It removes only a directory it made itself (one with its
// stamp file), never anything else.
func ensureTree(dir string, files int) error {
	stampPath := filepath.Join(dir, ".lintbench")
	stamp := fmt.Sprintf("version %d files %d\n", treeVersion, files)
	if old, err := os.ReadFile(stampPath); err == nil {
		if string(old) == stamp {
			return nil
		}
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
	} else if _, err := os.Stat(dir); err == nil {
		return fmt.Errorf("%s exists and was not made by lintbench; remove it or pick another -dir", dir)
	}
	g := gen{r: rand.New(rand.NewPCG(1, 2))}
	for i := range files {
		name, body := g.file(i)
		p := filepath.Join(dir, fmt.Sprintf("d%03d", i%200), name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, body, 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(stampPath, []byte(stamp), 0o644)
}

// gen makes files like a repository's: mostly configuration and scripts
// that say nothing of ZenML, some that do (right and wrong), a few keys,
// a few large files (one past lint's 4 MiB cap) and a few binaries.
type gen struct{ r *rand.Rand }

func (g gen) word() string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 4+g.r.IntN(6))
	for i := range b {
		b[i] = letters[g.r.IntN(len(letters))]
	}
	return string(b)
}

func (g gen) key() string {
	body := fmt.Sprintf(`{"id": "%08x-%04x-4%03x-8%03x-%012x", "key": "%016x%016x%016x%016x"}`,
		g.r.Uint32(), g.r.IntN(1<<16), g.r.IntN(1<<12), g.r.IntN(1<<12), g.r.Int64N(1<<48),
		g.r.Uint64(), g.r.Uint64(), g.r.Uint64(), g.r.Uint64())
	return zenml.KeyPrefix + base64.StdEncoding.EncodeToString([]byte(body))
}

// zenmlVar is a ZenML variable line, now and then a wrong name or a key.
func (g gen) zenmlVar() (string, string) {
	switch g.r.IntN(10) {
	case 0:
		return "ZENML_URL", "https://zenml.example.com"
	case 1:
		return "ZENML_STORE_API_KEY", g.key()
	case 2:
		return "ZENML_LOGGING_VERBOSITY", "WARNING"
	}
	return "ZENML_STORE_URL", "https://" + g.word() + ".example.com"
}

func (g gen) repeat(n int, line func() string) string {
	var b strings.Builder
	for range n {
		b.WriteString(line())
		b.WriteByte('\n')
	}
	return b.String()
}

func (g gen) file(i int) (string, []byte) {
	switch {
	case i%2000 == 7:
		return fmt.Sprintf("dump%d.log", i), []byte(strings.Repeat("INFO "+g.word()+" request served in 3 ms\n", 3<<20/30))
	case i%5000 == 11:
		return fmt.Sprintf("huge%d.sql", i), []byte(strings.Repeat("INSERT INTO t VALUES (1, 'x');\n", 5<<20/31))
	case i%500 == 13:
		b := make([]byte, 64<<10)
		for j := range b {
			b[j] = byte(g.r.IntN(256))
		}
		return fmt.Sprintf("blob%d.bin", i), b
	}
	zen := g.r.IntN(5) == 0 // one file in five mentions ZenML
	switch i % 10 {
	case 0, 1, 2:
		return g.k8s(i, zen)
	case 3:
		return g.workflowOrPrefect(i, zen)
	case 4, 5:
		return fmt.Sprintf("script%d.sh", i), []byte(g.shell(zen))
	case 6:
		return fmt.Sprintf("svc%d.env", i), []byte(g.dotenv(zen))
	case 7:
		return fmt.Sprintf("Dockerfile.%d", i), []byte(g.dockerfile(zen))
	}
	return fmt.Sprintf("notes%d.md", i), []byte(g.repeat(60, func() string {
		return "Some prose about " + g.word() + " and " + g.word() + ", with a link https://" + g.word() + ".example.com/" + g.word()
	}))
}

func (g gen) envLines(indent string, zen bool, n int) string {
	return g.repeat(n, func() string {
		if zen && g.r.IntN(3) == 0 {
			name, value := g.zenmlVar()
			return fmt.Sprintf("%s- name: %s\n%s  value: %q", indent, name, indent, value)
		}
		return fmt.Sprintf("%s- name: %s\n%s  value: %q", indent, strings.ToUpper(g.word()), indent, g.word())
	})
}

func (g gen) k8s(i int, zen bool) (string, []byte) {
	name := g.word()
	return fmt.Sprintf("deploy-%d.yaml", i), fmt.Appendf(nil, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: %s
  labels: {app: %s, tier: backend}
spec:
  replicas: %d
  selector:
    matchLabels: {app: %s}
  template:
    metadata:
      labels: {app: %s}
    spec:
      containers:
        - name: %s
          image: registry.example.com/%s:%d
          ports: [{containerPort: 8080}]
          env:
%s          resources:
            limits: {cpu: 500m, memory: 512Mi}
`, name, name, g.r.IntN(5)+1, name, name, name, name, g.r.IntN(100), g.envLines("            ", zen, 12))
}

func (g gen) workflowOrPrefect(i int, zen bool) (string, []byte) {
	if i%20 == 3 {
		script := "echo " + g.word()
		if zen {
			script = "export ZENML_STORE_URL=https://zenml.example.com"
		}
		return fmt.Sprintf("prefect-%d.yaml", i), fmt.Appendf(nil, `name: %s
prefect-version: 3.9.1
deployments:
  - name: %s
    entrypoint: flows/%s.py:main
    work_pool:
      name: process
      job_variables:
        env:
          LOG_LEVEL: info
    pull:
      - prefect.deployments.steps.git_clone:
          repository: https://github.com/example/%s.git
      - prefect.deployments.steps.run_shell_script:
          script: %s
`, g.word(), g.word(), g.word(), g.word(), script)
	}
	env := ""
	if zen {
		name, value := g.zenmlVar()
		env = fmt.Sprintf("env:\n  %s: %q\n", name, value)
	}
	return filepath.Join(".github", "workflows", fmt.Sprintf("ci%d.yml", i)), fmt.Appendf(nil, `name: ci
on: [push]
%sjobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          make %s
          ./bin/%s --verbose
%s`, env, g.word(), g.word(), g.repeat(10, func() string { return "      - run: echo " + g.word() }))
}

func (g gen) shell(zen bool) string {
	body := g.repeat(40, func() string {
		switch g.r.IntN(4) {
		case 0:
			return "export " + strings.ToUpper(g.word()) + "=" + g.word()
		case 1:
			return "if [ -f " + g.word() + " ]; then cat " + g.word() + " | grep -c x; fi"
		}
		return g.word() + " --flag " + g.word() + " \"$HOME/" + g.word() + "\""
	})
	if zen {
		name, value := g.zenmlVar()
		body += "export " + name + "='" + value + "'\neval $(zenv env bash)\n"
	}
	return "#!/bin/bash\nset -euo pipefail\n" + body
}

func (g gen) dotenv(zen bool) string {
	body := g.repeat(15, func() string { return strings.ToUpper(g.word()) + "=" + g.word() })
	if zen {
		name, value := g.zenmlVar()
		body += name + "=" + value + "\n"
	}
	return body
}

func (g gen) dockerfile(zen bool) string {
	env := "ENV APP_" + strings.ToUpper(g.word()) + "=1\n"
	if zen {
		name, value := g.zenmlVar()
		env += "ENV " + name + "=" + value + "\n"
	}
	return "FROM python:3.12-slim\nWORKDIR /app\n" + env +
		"COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt && \\\n    rm -rf /root/.cache\nCOPY . .\nCMD [\"python\", \"-m\", \"" + g.word() + "\"]\n"
}
