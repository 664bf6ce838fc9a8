package names

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

func TestIssueNamesAreRefused(t *testing.T) {
	tests := []struct {
		table *Table
		name  string
		want  string // in the reason
	}{
		{Zsh, "SAVEHIST", "arithmetic"},
		{Zsh, "HISTSIZE", "arithmetic"},
		{Zsh, "TMOUT", "arithmetic"},
		{Zsh, "USERNAME", "user id"},
		{Zsh, "path", "array"},
		{Bash, "PROMPT_COMMAND", "before each prompt"},
		{Bash, "BASH_ENV", "at start-up"},
		{Bash, "PS0", "prompt"},
		{Bash, "PS4", "prompt"},
		{Bash, "UID", "read-only"},
		{Bash, "EUID", "read-only"},
		{Bash, "PPID", "read-only"},
		{Bash, "SHELLOPTS", "read-only"},
		{Bash, "BASHOPTS", "read-only"},
		{Bash, "SHLVL", "does not stay"},
		{Bash, "_", "does not stay"},
		{Fish, "status", "read-only"},
		{Fish, "PWD", "read-only"},
		{Fish, "SHLVL", "read-only"},
		{Fish, "version", "read-only"},
		{Fish, "history", "read-only"},
		{Fish, "fish_trace", "the key included"},
		{Fish, "fish_color_normal", "settings"},
		{POSIX, "PS1", "prompt"},
		{POSIX, "UID", "read-only"}, // /bin/sh may be bash
		{Cmd, "ERRORLEVEL", "hides the real value"},
		{Cmd, "random", "hides the real value"},
		{GitHub, "GITHUB_TOKEN", "runner sets"},
		{GitHub, "github_sha", "runner sets"},
		{GitHub, "NODE_OPTIONS", "node"},
		{GitHub, "node_options", "node"},
		{Prefect, "PREFECT_API_URL", "settings"},
		{PrefectPullStep, "id", "removes id"},
		{PrefectPullStep, "requires", "pip installs"},
		{nil, "LD_PRELOAD", "loader"},
		{nil, "LD_LIBRARY_PATH", "loader"},
		{nil, "DYLD_INSERT_LIBRARIES", "loader"},
		{nil, "ENV", "start-up"},
		{nil, "PATH", "programs are found"},
		{nil, "HOME", "configuration"},
		{nil, "SHELL", "shell"},
		{nil, "IFS", "splits words"},
		{nil, "PYTHONSTARTUP", "python"},
		{nil, "PYTHONPATH", "python"},
		{nil, "PYTHONHOME", "python"},
		{nil, "NODE_OPTIONS", "node"},
		{nil, "PERL5OPT", "perl"},
		{nil, "RUBYOPT", "ruby"},
		{nil, "JAVA_TOOL_OPTIONS", "java"},
		{nil, "GIT_SSH_COMMAND", "git"},
		{nil, "GIT_CONFIG_GLOBAL", "git"},
		{nil, "GIT_EXEC_PATH", "git"},
		{nil, "GCONV_PATH", "glibc"},
		{nil, "ZDOTDIR", "configuration"},
		{nil, "FPATH", "zsh loads"},
		{nil, "CDPATH", "cd goes"},
		{nil, "BASH_FUNC_ls", "functions"},
		{nil, "PYTHONINSPECT", "standard input"},
		{PowerShell, "psmodulepath", "modules"},
		{PowerShell, "Path", "programs are found"},
		{Cmd, "ComSpec", "shell it names"},
		// issue 16: python reads proxy names in any case, on Unix too
		{nil, "Http_Proxy", "proxy"},
		{nil, "Https_Proxy", "proxy"},
		{nil, "hTTPS_pROXY", "proxy"},
		{nil, "All_Proxy", "proxy"},
		{nil, "ftp_proxy", "proxy"},
		{nil, "Socks_Proxy", "proxy"},
		{nil, "no_proxy", "skip the proxy"},
		{Bash, "HTTPS_proxy", "proxy"},
		{GitHub, "https_Proxy", "proxy"},
		{Nu, "all_PROXY", "proxy"},
		{nil, "npm_config_registry", "npm"},
		{nil, "Npm_Config_Registry", "npm"},
		{nil, "KUBECONFIG", "credential plugin"},
		{nil, "KUBE_EDITOR", "command"},
		{nil, "SUDO_EDITOR", "command"},
		{nil, "SYSTEMD_PAGER", "command"},
		{nil, "SYSTEMD_EDITOR", "command"},
		{nil, "AWS_CONFIG_FILE", "credential_process"},
		{nil, "AWS_SHARED_CREDENTIALS_FILE", "credential_process"},
		{nil, "DOCKER_HOST", "daemon"},
		{nil, "DOCKER_CONFIG", "credential helpers"},
		{nil, "IPYTHONDIR", "python files"},
		{nil, "JUPYTER_CONFIG_DIR", "python files"},
		{nil, "MPLBACKEND", "modules"},
		{nil, "REQUESTS_CA_BUNDLE", "trusts"},
		{nil, "CURL_CA_BUNDLE", "trusts"},
		{nil, "SSL_CERT_FILE", "trusts"},
		{nil, "SSL_CERT_DIR", "trusts"},
		{nil, "NODE_TLS_REJECT_UNAUTHORIZED", "turns off"},
		{nil, "GIT_SSH_COMMAND", "git"},
		{nil, "GIT_CONFIG_COUNT", "git"},
		{nil, "PIP_INDEX_URL", "install packages"},
		{nil, "PYTHONSTARTUP", "python runs"},
		{Systemd, "INVOCATION_ID", "service manager"},
		{Systemd, "NOTIFY_SOCKET", "service manager"},
		{Systemd, "LISTEN_FDS", "service manager"},
		{Systemd, "CREDENTIALS_DIRECTORY", "service manager"},
		{Systemd, "MONITOR_EXIT_CODE", "service manager"},
		{Systemd, "TRIGGER_UNIT", "service manager"},
		{Systemd, "MEMORY_PRESSURE_WATCH", "service manager"},
		{Systemd, "USER", "service manager"},
		{Systemd, "HOME", "configuration"},
	}
	for _, tt := range tests {
		target := "every target"
		if tt.table != nil {
			target = tt.table.Target
		}
		t.Run(target+" "+tt.name, func(t *testing.T) {
			why := Refused(tt.table, tt.name)
			if !strings.Contains(why, tt.want) {
				t.Errorf("Refused(%s, %s) = %q, want it to mention %q", target, tt.name, why, tt.want)
			}
		})
	}
}

// TestClientSettingsAreNotRefused: names the ZenML client reads as its own
// settings are what zenv writes, whatever their url says; the proxy rule
// reaches no further than NAME_PROXY.
func TestClientSettingsAreNotRefused(t *testing.T) {
	for _, name := range []string{"ZENML_STORE_URL", "ZENML_PRO_API_URL", "ZENML_PRO_URL", "PROXY", "PROXY_URL", "HTTP_PROXY_X", "LANG", "TERM"} {
		for _, tb := range append(tables(), nil) {
			if why := Refused(tb, name); why != "" {
				t.Errorf("%v refuses %s: %s", tb, name, why)
			}
		}
	}
}

func TestUnixTargetsCompareNamesExactly(t *testing.T) {
	for _, name := range []string{"Path", "path_x", "ld_preload", "Home", "savehist", "Prompt_Command", "ID", "Requires", "prefect_api_url"} {
		for _, tb := range []*Table{Bash, POSIX, Fish, Prefect, PrefectPullStep} {
			if why := Refused(tb, name); why != "" {
				t.Errorf("%s refuses %s (%q); unix names differ by case", tb.Target, name, why)
			}
		}
	}
	// zsh's own lower-case specials are different names from the upper-case ones.
	if Refused(Zsh, "Savehist") != "" || Refused(Zsh, "PATH") == "" || Refused(Zsh, "path") == "" {
		t.Errorf("zsh: Savehist must be ordinary, PATH and path refused")
	}
}

func TestNeighboursOfRefusedNamesAreOrdinary(t *testing.T) {
	for _, tb := range []*Table{Bash, Zsh, POSIX, Fish, PowerShell, Cmd, GitHub, Prefect, PrefectPullStep} {
		for _, n := range Neighbours(tb) {
			if why := Refused(tb, n); why != "" {
				t.Errorf("%s: neighbour %s is refused: %s", tb.Target, n, why)
			}
		}
	}
	for _, n := range []string{"SAVEHIST_X", "XPATH", "PS5", "MYPATH", "PATH_X", "LD", "GITHUB", "HOME2", "X_ENV", "id_x", "requires_x"} {
		for _, tb := range []*Table{Bash, Zsh, POSIX, Fish, GitHub, PrefectPullStep} {
			if why := Refused(tb, n); why != "" {
				t.Errorf("%s refuses %s: %s", tb.Target, n, why)
			}
		}
	}
}

func TestReasonsAreOneLowerCaseClause(t *testing.T) {
	for _, tb := range append([]*Table{Code}, tables()...) {
		for _, n := range tb.Names() {
			why := tb.Why(strings.TrimSuffix(n, "*") + map[bool]string{true: "X", false: ""}[strings.HasSuffix(n, "*")])
			if why == "" {
				t.Errorf("%s: %s has no reason", tb.Target, n)
				continue
			}
			if r := []rune(why)[0]; unicode.IsUpper(r) || strings.HasSuffix(why, ".") || strings.Contains(why, "\n") {
				t.Errorf("%s: reason for %s is not one lower-case clause: %q", tb.Target, n, why)
			}
		}
	}
}

func TestEveryTargetHasATable(t *testing.T) {
	for _, target := range []string{"bash", "zsh", "sh", "fish", "powershell", "cmd", "github", "prefect", "prefect-pull-step", "nu", "systemd"} {
		if ByTarget[target] == nil {
			t.Errorf("no table for %s", target)
		}
	}
	if ByTarget["zsh"].Why("SAVEHIST") == "" || ByTarget["nosuch"].Why("SAVEHIST") != "" || Code.Why("LD_PRELOAD") == "" || Code.Why("ld_preload") != "" {
		t.Errorf("the tables do not answer as documented")
	}
}

// render/names is pure data: render must not reach internal/ through it.
func TestImportsNothingFromZenv(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range af.Imports {
			if strings.Contains(im.Path.Value, "zenv") {
				t.Errorf("%s imports %s", f, im.Path.Value)
			}
		}
	}
}

func tables() []*Table {
	var out []*Table
	for _, tb := range ByTarget {
		out = append(out, tb)
	}
	return out
}
