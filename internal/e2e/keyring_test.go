//go:build e2e

package e2e

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const e2eKey = "ZENKEY_eyJpZCI6ICIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCAia2V5IjogIjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAifQ=="

// keyringScript runs in a fresh D-Bus session with Debian's gnome-keyring
// as the Secret Service, its login keyring created and unlocked with a
// known password, as a desktop login does. Each check prints a marker the
// test looks for; a key is only ever compared, never printed.
const keyringScript = `
printf %s zenv-e2e-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 9
zenv key set prod < "$KEYFILE" || echo SET-FAILED
echo "LIST:$(zenv key list | tr '\n' ,)"
zenv key set prod < "$KEYFILE2" 2>"$HOME/set2.err"; echo "SET-AGAIN-EXIT:$?"
grep -q 'OS keyring item prod exists already and is the key of profile prod; pass --force' "$HOME/set2.err" && echo SET-AGAIN-NAMES-PROFILE
out=$(zenv env bash -p prod) && eval "$out"
[ "$ZENML_STORE_API_KEY" = "$(cat "$KEYFILE")" ] && echo ENV-READ-BACK
zenv profile add staging --url https://staging.example.com --api-key-stdin --keyring < "$KEYFILE2" || echo ADD-FAILED
out=$(zenv env bash -p staging) && eval "$out"
[ "$ZENML_STORE_API_KEY" = "$(cat "$KEYFILE2")" ] && echo ADD-READ-BACK
zenv env github -p prod --setup | bash && [ "$(cat "$HOME/gh.secret")" = "$(cat "$KEYFILE")" ] && echo SETUP-PIPES-KEY-TO-GH
grep -qx 'secret set ZENML_STORE_API_KEY --env production' "$HOME/gh.log" && echo SETUP-USES-ENVIRONMENT
[ "$(zenv key get prod)" = "$(cat "$KEYFILE")" ] && echo KEY-GET-READ-BACK
zenv key rm prod
zenv env bash -p prod >/dev/null 2>"$HOME/rm.err"; echo "RM-EXIT:$?"
grep -q 'zenv key set prod' "$HOME/rm.err" && echo RM-SAYS-HOW
echo "LIST:$(zenv key list | tr '\n' ,)"
`

// TestKeyringThroughARealSecretService: a key stored with zenv key set is
// read back by zenv env through gnome-keyring over D-Bus.
func TestKeyringThroughARealSecretService(t *testing.T) {
	need(t, "gnome-keyring-daemon")
	dbus := need(t, "dbus-run-session")
	peer, ver := "gnome-keyring (Secret Service)", debianVersion("gnome-keyring")
	home := t.TempDir()
	runtimeDir := filepath.Join(home, "run")
	os.Mkdir(runtimeDir, 0o700)
	keyFile, keyFile2 := filepath.Join(home, "prod.key"), filepath.Join(home, "staging.key")
	os.WriteFile(keyFile, []byte(e2eKey), 0o600)
	os.WriteFile(keyFile2, []byte(strings.Replace(e2eKey, "MDAwMDAwMDAwMDAx", "MDAwMDAwMDAwMDAy", 1)), 0o600)
	config := filepath.Join(home, "config.yaml")
	os.WriteFile(config, []byte("profiles:\n  prod:\n    url: https://zenml.example.com\n    api_key: {keyring: prod}\n    github_environment: production\n"), 0o600)
	// A stand-in gh records what --setup gives it: its arguments, and the
	// secret on its standard input.
	bin := filepath.Join(home, "bin")
	os.Mkdir(bin, 0o700)
	os.Symlink(zenvBin, filepath.Join(bin, "zenv"))
	os.WriteFile(filepath.Join(bin, "gh"), []byte("#!/bin/sh\nprintf '%s\\n' \"$*\" >> \"$HOME/gh.log\"\n[ \"$1\" = secret ] && cat > \"$HOME/gh.secret\"\nexit 0\n"), 0o700)
	env := []string{"PATH=" + bin + ":" + os.Getenv("PATH"), "HOME=" + home, "XDG_RUNTIME_DIR=" + runtimeDir,
		"ZENV_CONFIG=" + config, "KEYFILE=" + keyFile, "KEYFILE2=" + keyFile2, "LANG=C.UTF-8"}
	out, err := run(t, 2*time.Minute, env, home, dbus, "--", "bash", "-c", keyringScript)
	if err != nil {
		t.Logf("session ended with %v", err)
	}
	for _, want := range []string{"LIST:prod,\n", "SET-AGAIN-EXIT:2", "SET-AGAIN-NAMES-PROFILE", "ENV-READ-BACK", "ADD-READ-BACK", "SETUP-PIPES-KEY-TO-GH", "SETUP-USES-ENVIRONMENT", "KEY-GET-READ-BACK", "RM-EXIT:2", "RM-SAYS-HOW", "LIST:staging,\n"} {
		ok := strings.Contains(out, want)
		summary.record(peer, ver, ok)
		if !ok {
			t.Errorf("no %q in the session's output:\n%s", want, tail(out, 30))
		}
	}
	if strings.Contains(out, e2eKey) {
		t.Errorf("the key reached the output")
	}
}

// TestKeyringWithoutASecretServiceFailsFast: no session bus at all, and a
// bus that accepts the connection and never answers (the hang of
// cli/cli#7582). Both end within the timeout, exit 2, one line.
func TestKeyringWithoutASecretServiceFailsFast(t *testing.T) {
	peer, ver := "no Secret Service", "-"
	silent := filepath.Join(t.TempDir(), "bus")
	l, err := net.Listen("unix", silent)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		var held []net.Conn // accepted and never answered
		for {
			c, err := l.Accept()
			if err != nil {
				for _, c := range held {
					c.Close()
				}
				return
			}
			held = append(held, c)
		}
	}()
	for _, tc := range []struct {
		name  string
		env   []string
		limit time.Duration
		want  string
	}{
		{"no session bus", []string{"DBUS_SESSION_BUS_ADDRESS=", "XDG_RUNTIME_DIR=" + t.TempDir()}, 4 * time.Second, "zenv: api key (from --api-key-keyring): "},
		{"a bus that never answers", []string{"DBUS_SESSION_BUS_ADDRESS=unix:path=" + silent}, 4 * time.Second, "the OS keyring did not answer within 3s"},
		{"a bus that never answers, shorter timeout", []string{"DBUS_SESSION_BUS_ADDRESS=unix:path=" + silent, "ZENV_KEYRING_TIMEOUT=500ms"}, 2 * time.Second, "did not answer within 500ms"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			stdout, stderr, code := zenv(t, tc.env, "env", "bash", "--url", "https://zenml.example.com", "--api-key-keyring", "prod")
			took := time.Since(start)
			ok := code == 2 && stdout == "" && strings.Count(stderr, "\n") == 1 && strings.Contains(stderr, tc.want) && took < tc.limit
			summary.record(peer, ver, ok)
			if !ok {
				t.Errorf("exit %d after %s, stdout %q, stderr %q", code, took.Round(time.Millisecond), stdout, stderr)
			}
		})
	}
}

// TestCompletionInRealShells sources zenv's completion scripts in bash
// (with Debian's bash-completion) and fish and asks each for what follows
// -p, --form and a partial target.
func TestCompletionInRealShells(t *testing.T) {
	home := t.TempDir()
	config := filepath.Join(home, "config.yaml")
	os.WriteFile(config, []byte("default: prod\nprofiles:\n  prod: {url: 'https://p.example.com'}\n  dev: {url: 'http://localhost:8237'}\n"), 0o600)
	env := []string{"PATH=" + filepath.Dir(zenvBin) + ":" + os.Getenv("PATH"), "HOME=" + home, "ZENV_CONFIG=" + config, "LANG=C.UTF-8"}
	cases := []struct{ line, want string }{
		{"zenv env bash -p ", "dev prod"},
		{"zenv env prefect --form ", "deployment pull-step"},
		{"zenv env pw", "pwsh"},
		{"zenv profile use ", "dev prod"},
	}
	bashScript := func(line string) string {
		words := strings.Fields(line)
		if strings.HasSuffix(line, " ") {
			words = append(words, "")
		}
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = fmt.Sprintf("%q", w)
		}
		return fmt.Sprintf(`source /usr/share/bash-completion/bash_completion
source <(zenv completion bash)
COMP_LINE=%q; COMP_POINT=${#COMP_LINE}
COMP_WORDS=(%s); COMP_CWORD=%d
__start_zenv zenv %q %q 2>/dev/null
printf '%%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '`, line, strings.Join(quoted, " "), len(words)-1, words[len(words)-1], words[len(words)-2])
	}
	for _, sh := range []struct{ name, shell string }{{"bash", "bash"}, {"fish", "fish"}} {
		path := need(t, sh.shell)
		ver := version(path, "--version")
		for _, tc := range cases {
			t.Run(sh.name+" "+tc.line, func(t *testing.T) {
				script := bashScript(tc.line)
				if sh.name == "fish" {
					script = fmt.Sprintf(`zenv completion fish | source; complete -C%q | string replace -r '\t.*' '' | sort | string join ' '; true`, tc.line)
				}
				out, err := run(t, time.Minute, env, home, path, "-c", script)
				ok := err == nil && strings.TrimSpace(out) == tc.want
				summary.record(sh.name+" completion", ver, ok)
				if !ok {
					t.Errorf("%s offers %q (%v), want %q", sh.name, strings.TrimSpace(out), err, tc.want)
				}
			})
		}
	}
}

// importFromRealLogin: `zenml login URL --api-key` in a fresh client
// directory, then `zenv profile import zenml` on that directory; the
// imported profile, applied in bash, makes a fresh client the service
// account. Called by TestZenMLClientAuthenticatesFromZenvOutput, which
// has the server running.
func importFromRealLogin(t *testing.T, url, account, key, bin string) {
	peer := "zenml login + zenv profile import"
	py := need(t, filepath.Join(bin, "python"))
	ver := version(py, "-c", "import zenml; print(zenml.__version__)")
	dir := t.TempDir()
	client := filepath.Join(dir, "client")
	// The key goes to the login prompt on stdin, as a user pastes it.
	login := fmt.Sprintf(`printf '%%s\n' "$KEY" | %s login %s/ --api-key`, filepath.Join(bin, "zenml"), url)
	out, err := run(t, 2*time.Minute, baseEnv(dir, "ZENML_CONFIG_PATH="+client, "KEY="+key), dir, "bash", "-c", login)
	if err != nil {
		t.Fatalf("zenml login --api-key: %v\n%s", err, tail(strings.ReplaceAll(out, key, "<key>"), 15))
	}
	config := filepath.Join(dir, "zenv.yaml")
	keyFile := filepath.Join(dir, "keys", "imported.key")
	_, stderr, code := zenv(t, []string{"ZENV_CONFIG=" + config, "ZENML_CONFIG_PATH=" + client},
		"profile", "import", "zenml", "--name", "imported", "--api-key-file", keyFile)
	ok := code == 0 && strings.Contains(stderr, "imported profile imported ("+url+")") && !strings.Contains(stderr, key)
	summary.record(peer, ver, ok)
	if !ok {
		t.Fatalf("zenv profile import zenml: exit %d: %s", code, stderr)
	}
	body, _ := os.ReadFile(config)
	ok = strings.Contains(string(body), "project: ") && strings.Contains(string(body), "stack: ")
	summary.record(peer, ver, ok)
	if !ok {
		t.Errorf("the import lacks the active project and stack:\n%s", body)
	}
	probeFile := filepath.Join(dir, "probe.py")
	os.WriteFile(probeFile, []byte(probe), 0o600)
	fresh := t.TempDir()
	out, err = run(t, 2*time.Minute, baseEnv(fresh, "ZENV_CONFIG="+config, "ZENML_CONFIG_PATH="+fresh), fresh, "bash", "-c",
		fmt.Sprintf(`eval "$(%s env bash -p imported)" && exec %s %s`, zenvBin, py, probeFile))
	ok = err == nil && strings.Contains(out, "ZENV-PROBE rest "+account)
	summary.record(peer, ver, ok)
	if !ok {
		t.Errorf("the imported profile does not make the client %s: %v\n%s", account, err, tail(out, 15))
	}
}
