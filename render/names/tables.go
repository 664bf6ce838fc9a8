package names

// Code is every target's list: names that make a program load or run code,
// or change where programs come from, or send the credentials they hold
// elsewhere. They are refused for every target unless allowed by name,
// because the output's whole job is to set the environment of programs the
// user then runs. Each rule says where its names come from.
var Code = &Table{Rules: codeRules, AnyCase: codeAnyCase}

// codeFolded is Code compared without case, for Windows and GitHub.
var codeFolded = &Table{FoldCase: true, Rules: codeRules, AnyCase: codeAnyCase}

// codeAnyCase are Code's names that programs read in any case on every
// system.
var codeAnyCase = []Rule{
	// Python's urllib.request.getproxies_environment, which requests and so
	// the ZenML client use, lower-cases every variable name and takes any
	// NAME_proxy as the proxy for scheme NAME (Http_Proxy, hTTPS_pROXY,
	// All_Proxy: issue 16, where the client sent its login through such a
	// proxy); curl(1) ENVIRONMENT reads [scheme]_proxy and ALL_PROXY too.
	{"the client sends its requests, the api key included, through the proxy it names (python reads every NAME_PROXY in any case)",
		[]string{"*_PROXY"}},
	// proxy_bypass_environment reads no_proxy the same way: it is refused
	// with its family, since a profile that routes around the user's proxy
	// changes where requests go (pass --allow-name NO_PROXY for an
	// internal server).
	{"it decides which requests skip the proxy the user set up (python reads it in any case)",
		[]string{"NO_PROXY"}},
	// npm-config(7): "any environment variables that start with
	// npm_config_ will be interpreted as a configuration parameter", in
	// any case (the registry and its token, scripts, node options).
	{"npm reads npm_config_* in any case as its configuration (registry, token, scripts)",
		[]string{"NPM_CONFIG_*"}},
}

var codeRules = []Rule{
	{"the dynamic loader reads LD_* to load libraries into every program (LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT)",
		[]string{"LD_*"}},
	{"the macOS dynamic loader reads DYLD_* to load libraries into every program",
		[]string{"DYLD_*"}},
	{"glibc loads character-set converters, which are shared libraries, from it",
		[]string{"GCONV_PATH"}},
	{"it decides where programs are found",
		[]string{"PATH"}},
	{"programs load their configuration, and with it hooks and commands, from it",
		[]string{"HOME", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS", "ZDOTDIR",
			"USERPROFILE", "APPDATA", "LOCALAPPDATA", "HOMEDRIVE", "HOMEPATH"}},
	{"programs run it as the user's shell",
		[]string{"SHELL"}},
	{"programs run it as a command (editors, pagers, browsers, password prompts)",
		[]string{"EDITOR", "VISUAL", "PAGER", "MANPAGER", "BROWSER", "LESSOPEN", "LESSCLOSE",
			"SSH_ASKPASS", "SUDO_ASKPASS", "FCEDIT"}},
	{"shells run the file it names at start-up",
		[]string{"BASH_ENV", "ENV"}},
	{"bash runs it as a command before each prompt",
		[]string{"PROMPT_COMMAND"}},
	{"shells expand prompts with command substitution, so a prompt runs code",
		[]string{"PS0", "PS1", "PS2", "PS3", "PS4", "PROMPT", "PROMPT2", "PROMPT3", "PROMPT4",
			"RPROMPT", "RPROMPT2", "RPS1", "RPS2", "SPROMPT"}},
	{"bash imports shell functions from variables named BASH_FUNC_*",
		[]string{"BASH_FUNC_*"}},
	{"a child bash turns on the shell options it lists (xtrace prints every command)",
		[]string{"SHELLOPTS", "BASHOPTS"}},
	{"bash loads builtins, which are shared libraries, from it",
		[]string{"BASH_LOADABLES_PATH"}},
	{"zsh loads functions or modules from it",
		[]string{"FPATH", "fpath", "MODULE_PATH", "module_path"}},
	{"it changes how the shell splits words, which breaks later commands",
		[]string{"IFS"}},
	{"cd goes to the directories it lists, not the ones the user named",
		[]string{"CDPATH"}},
	{"the shell writes its history to the file it names",
		[]string{"HISTFILE"}},
	{"python runs the file it names at start-up",
		[]string{"PYTHONSTARTUP"}},
	{"python imports modules from it",
		[]string{"PYTHONPATH", "PYTHONHOME", "PYTHONUSERBASE", "PYTHONPLATLIBDIR", "PYTHONPYCACHEPREFIX", "PYTHONEXECUTABLE"}},
	{"python imports the module it names (breakpoint(), warning categories)",
		[]string{"PYTHONBREAKPOINT", "PYTHONWARNINGS"}},
	{"python reads commands from standard input after the program ends",
		[]string{"PYTHONINSPECT"}},
	{"pip and uv install packages from where it points",
		[]string{"PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_CONFIG_FILE", "PIP_TRUSTED_HOST",
			"UV_INDEX", "UV_INDEX_URL", "UV_DEFAULT_INDEX", "UV_EXTRA_INDEX_URL", "UV_FIND_LINKS", "UV_CONFIG_FILE"}},
	{"node loads the modules it names (--require) into every node program",
		[]string{"NODE_OPTIONS", "NODE_PATH"}},
	{"perl loads the modules it names into every perl program",
		[]string{"PERL5OPT", "PERL5LIB", "PERLLIB", "PERL5DB"}},
	{"ruby loads the libraries it names into every ruby program",
		[]string{"RUBYOPT", "RUBYLIB"}},
	{"java loads the agents and classes it names into every java program",
		[]string{"JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH"}},
	{"git reads GIT_* to pick its config, repository, hooks and helper programs",
		[]string{"GIT_*"}},
	{"openssl loads the configuration, engines and providers it names",
		[]string{"OPENSSL_CONF", "OPENSSL_ENGINES", "OPENSSL_MODULES"}},
	{"tls libraries write their session keys to it, so traffic carrying the api key can be decrypted",
		[]string{"SSLKEYLOGFILE"}},
	{"windows decides by it which file extensions run as programs",
		[]string{"PATHEXT"}},
	{"programs run commands through the shell it names",
		[]string{"COMSPEC"}},
	{"windows loads system libraries from it",
		[]string{"SYSTEMROOT", "WINDIR"}},
	{"powershell loads modules, which run code, from it",
		[]string{"PSModulePath"}},
	{"it sets powershell's script execution policy",
		[]string{"PSExecutionPolicyPreference"}},
	// Another shell's start-up paths are just as dangerous when set from
	// this one: the variable is exported, and that shell runs later.
	{"fish loads functions, completions and configuration, which run code, from it",
		[]string{"fish_function_path", "fish_complete_path", "__fish_config_dir", "__fish_data_dir", "__fish_user_data_dir"}},
	{"zsh runs the functions it lists before each prompt or directory change",
		[]string{"precmd_functions", "preexec_functions", "chpwd_functions", "periodic_functions", "zshaddhistory_functions", "zshexit_functions"}},
	{"tcl and tk run the init scripts and packages found through it",
		[]string{"TCL_LIBRARY", "TCLLIBPATH", "TK_LIBRARY"}},
	{"lua runs it, or loads modules from it, at start-up",
		[]string{"LUA_INIT", "LUA_INIT_5_1", "LUA_INIT_5_2", "LUA_INIT_5_3", "LUA_INIT_5_4", "LUA_PATH", "LUA_CPATH"}},
	{"the r language runs the profile and environment files it names at start-up",
		[]string{"R_PROFILE", "R_PROFILE_USER", "R_ENVIRON", "R_ENVIRON_USER", "R_LIBS", "R_LIBS_USER"}},
	// requests (docs "SSL Cert Verification"), curl(1), OpenSSL's
	// SSL_CTX_set_default_verify_paths, node(1), awscli's "Configuration
	// and credential file settings", pip's --cert, git-config(1)
	// http.sslCAInfo (GIT_* above); issue 16.
	{"the client trusts the certificates it names, so a server holding one of them can read the api key",
		[]string{"REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS",
			"AWS_CA_BUNDLE", "PIP_CERT", "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH", "HTTPLIB2_CA_CERTS"}},
	// node(1) NODE_TLS_REJECT_UNAUTHORIZED; PEP 493 PYTHONHTTPSVERIFY.
	{"it turns off the check of the server's certificate, so anyone on the way can read the api key",
		[]string{"NODE_TLS_REJECT_UNAUTHORIZED", "PYTHONHTTPSVERIFY"}},
	// The Kubernetes docs "client-go credential plugins": a kubeconfig's
	// users[].user.exec runs a command (issue 16: exec plugins ran).
	{"kubectl and every kubernetes client run the credential plugin commands of the kubeconfig it names",
		[]string{"KUBECONFIG"}},
	// sudo(8) SUDO_EDITOR; systemctl(1) and journalctl(1) ENVIRONMENT;
	// kubectl-edit(1); gh help environment; hg help environment; the
	// Subversion book, "Runtime Configuration Area".
	{"programs run it as a command (editors, pagers, browsers)",
		[]string{"KUBE_EDITOR", "SUDO_EDITOR", "SYSTEMD_EDITOR", "SYSTEMD_PAGER",
			"GH_EDITOR", "GH_PAGER", "GH_BROWSER", "HGEDITOR", "SVN_EDITOR"}},
	// The AWS CLI user guide, "Sourcing credentials with an external
	// process" (credential_process in either file runs a command), and the
	// SDKs' "Container credential provider" (the authorization token goes
	// to the url it names).
	{"aws clients run the credential_process commands of the file it names, or send their credentials where it says",
		[]string{"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI"}},
	// google-auth's external account credentials ("Workload identity
	// federation"): an executable source runs a command, a url source sends
	// tokens where it says.
	{"google clients run the executable, or call the urls, of the credential file it names",
		[]string{"GOOGLE_APPLICATION_CREDENTIALS"}},
	// docker(1) and podman(1) ENVIRONMENT: the daemon it names receives
	// every command, build context and registry login; config.json's
	// credsStore and credHelpers run docker-credential-* programs.
	{"docker sends its commands and registry logins to the daemon it names, or runs the credential helpers of its config",
		[]string{"DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CONTEXT", "DOCKER_CERT_PATH", "CONTAINER_HOST", "BUILDKIT_HOST"}},
	// IPython "Startup files" and its config files (Python); Jupyter
	// "Common Directories and File Locations" (config files are Python,
	// kernel.json's argv is run); matplotlib "Backends" (module://name is
	// imported) and matplotlibrc's backend.
	{"ipython, jupyter and matplotlib run the python files, or import the modules, it names",
		[]string{"IPYTHONDIR", "JUPYTER_CONFIG_DIR", "JUPYTER_CONFIG_PATH", "JUPYTER_PATH", "JUPYTER_DATA_DIR",
			"MPLBACKEND", "MPLCONFIGDIR"}},
	// curl(1) CURL_HOME (.curlrc), wget(1) WGETRC.
	{"a download tool reads its configuration, and with it where to send credentials, from it",
		[]string{"CURL_HOME", "WGETRC"}},
}

// bash(1), "Shell Variables" (bash 5.2). Left out, as ordinary strings that
// bash at most reads: HOSTNAME, HOSTTYPE, MACHTYPE, OSTYPE, LANG, LC_*,
// TMPDIR, EMACS, INSIDE_EMACS.
var bashRules = []Rule{
	{"bash keeps it read-only",
		[]string{"BASHOPTS", "BASH_VERSINFO", "EUID", "PPID", "SHELLOPTS", "UID"}},
	{"bash holds it as an array, which the environment cannot carry",
		[]string{"BASH_ALIASES", "BASH_ARGC", "BASH_ARGV", "BASH_CMDS", "BASH_LINENO", "BASH_REMATCH",
			"BASH_SOURCE", "COMP_WORDS", "COMPREPLY", "COPROC", "DIRSTACK", "FUNCNAME", "GROUPS",
			"MAPFILE", "PIPESTATUS"}},
	{"bash sets it itself, so the value does not stay as written",
		[]string{"BASH", "BASHPID", "BASH_ARGV0", "BASH_COMMAND", "BASH_EXECUTION_STRING", "BASH_SUBSHELL",
			"BASH_VERSION", "COLUMNS", "COMP_CWORD", "COMP_KEY", "COMP_LINE", "COMP_POINT", "COMP_TYPE",
			"EPOCHREALTIME", "EPOCHSECONDS", "HISTCMD", "LINENO", "LINES", "OLDPWD", "OPTARG", "OPTIND",
			"PWD", "RANDOM", "READLINE_ARGUMENT", "READLINE_LINE", "READLINE_MARK", "READLINE_POINT",
			"REPLY", "SECONDS", "SHLVL", "SRANDOM", "_"}},
	{"bash checks it for mail and expands its message, command substitutions included",
		[]string{"MAIL", "MAILCHECK", "MAILPATH"}},
	{"bash reads it to change how it runs (options, history, completion, time-outs)",
		[]string{"BASH_COMPAT", "BASH_XTRACEFD", "CHILD_MAX", "COMP_WORDBREAKS", "EXECIGNORE", "FIGNORE",
			"FUNCNEST", "GLOBIGNORE", "HISTCONTROL", "HISTFILESIZE", "HISTIGNORE", "HISTSIZE",
			"HISTTIMEFORMAT", "HOSTFILE", "IGNOREEOF", "INPUTRC", "OPTERR", "POSIXLY_CORRECT",
			"PROMPT_DIRTRIM", "TIMEFORMAT", "TMOUT", "auto_resume", "histchars"}},
}

// Bash is bash's table.
var Bash = newTable("bash", false, bashRules...)

// zshparam(1) "Parameters set by the shell" and "Parameters used by the
// shell" (zsh 5.9), and the special parameters of the modules that ship
// with it (zsh/parameter, zsh/datetime, zsh/system, zsh/mapfile, ...), as
// ${(t)parameters} reports them with every module loaded. Left out, as
// ordinary strings zsh at most reads: LANG, LC_*, TERM, TERMINFO,
// TERMINFO_DIRS, LOGNAME, HOST, CPUTYPE, MACHTYPE, OSTYPE, VENDOR, and the
// names special only inside zle widgets and completion functions.
var zshRules = []Rule{
	{"zsh evaluates it as arithmetic, and a subscript there runs command substitutions",
		[]string{"COLUMNS", "EGID", "EUID", "FUNCNEST", "GID", "HISTSIZE", "LINES", "OPTIND", "RANDOM",
			"SAVEHIST", "SECONDS", "SHLVL", "TRY_BLOCK_ERROR", "TRY_BLOCK_INTERRUPT", "UID", "ERRNO",
			// read as numbers (getiparam), which evaluates them the same way
			"BAUD", "DIRSTACKSIZE", "KEYTIMEOUT", "LISTMAX", "MAILCHECK", "PERIOD", "REPORTMEMORY",
			"REPORTTIME", "TMOUT", "ZLE_RPROMPT_INDENT"}},
	{"zsh changes the user id to match it when run as root",
		[]string{"USERNAME"}},
	{"zsh keeps it read-only",
		[]string{"ARGC", "EPOCHREALTIME", "EPOCHSECONDS", "HISTCMD", "LINENO", "PPID", "TTYIDLE",
			"ZSH_EVAL_CONTEXT", "ZSH_SUBSHELL", "status", "ZCURSES_COLORS", "ZCURSES_COLOR_PAIRS"}},
	{"zsh ties it to an array, so the value is split on colons",
		[]string{"CDPATH", "FIGNORE", "MAILPATH", "MANPATH", "PSVAR", "cdpath", "fignore", "mailpath",
			"manpath", "psvar", "path"}},
	{"zsh holds it as an array or association, which the environment cannot carry",
		[]string{"argv", "pipestatus", "watch", "dirstack", "match", "mbegin", "mend", "reply", "signals",
			"zle_highlight", "zsh_eval_context", "zsh_scheduled_events", "aliases", "builtins", "commands",
			"dis_aliases", "dis_builtins", "dis_functions", "dis_functions_source", "dis_galiases",
			"dis_patchars", "dis_reswords", "dis_saliases", "epochtime", "errnos", "funcfiletrace",
			"funcsourcetrace", "funcstack", "functions", "functions_source", "functrace", "galiases",
			"history", "historywords", "jobdirs", "jobstates", "jobtexts", "keymaps", "langinfo",
			"mapfile", "modules", "nameddirs", "options", "parameters", "patchars", "reswords",
			"saliases", "sysparams", "termcap", "terminfo", "userdirs", "usergroups", "widgets",
			"zcurses_attrs", "zcurses_colors", "zcurses_keycodes", "zcurses_windows", "zgdbm_tied"}},
	{"zsh runs it as a command (for a redirection with no command, or before each command)",
		[]string{"NULLCMD", "READNULLCMD", "STTY"}},
	{"zsh expands it as a prompt, which can run code",
		[]string{"prompt", "PROMPT_EOL_MARK", "TIMEFMT", "WATCHFMT", "POSTEDIT"}},
	{"zsh sets it itself, so the value does not stay as written",
		[]string{"OLDPWD", "OPTARG", "PWD", "TTY", "ZSH_ARGZERO", "ZSH_EXECUTION_STRING", "ZSH_NAME",
			"ZSH_PATCHLEVEL", "ZSH_SCRIPT", "ZSH_VERSION", "_", "MATCH", "MBEGIN", "MEND", "REPLY"}},
	{"zsh passes it as the name of every program it runs",
		[]string{"ARGV0"}},
	{"zsh reads it to change how it runs (history, correction, line editing, temporary files)",
		[]string{"CORRECT_IGNORE", "CORRECT_IGNORE_FILE", "HISTCHARS", "histchars", "HISTORY_IGNORE",
			"KEYBOARD_HACK", "MAIL", "TMPPREFIX", "TMPSUFFIX", "WATCH", "WORDCHARS", "ZBEEP",
			"ZLE_LINE_ABORTED", "ZLE_REMOVE_SUFFIX_CHARS", "ZLE_SPACE_SUFFIX_CHARS", "zle_bracketed_paste"}},
}

// Zsh is zsh's table.
var Zsh = newTable("zsh", false, zshRules...)

// POSIX is the sh target's table. POSIX "Shell Variables" (ENV, IFS, LINENO,
// PPID, PS1-PS4, PWD, ...) and dash's own (OPTIND, MAILCHECK, HISTSIZE); and,
// because /bin/sh is bash on macOS and on some Linux systems, bash's too.
var POSIX = newTable("sh", false, append([]Rule{
	{"sh reads it to change how it runs",
		[]string{"LINENO", "OPTIND", "OPTARG", "PPID", "PWD", "OLDPWD", "MAIL", "MAILCHECK", "MAILPATH",
			"HISTSIZE", "NLSPATH", "_"}},
}, bashRules...)...)

// fish's "Special variables" (help language, fish 3.6) and the names it
// sets itself (set --names in a new shell). Left out, as ordinary strings:
// LANG, LC_*, TERM, USER, and names ending in PATH (fish splits them on
// colons and joins them again on export, so they round-trip).
var fishRules = []Rule{
	{"fish keeps it read-only",
		[]string{"FISH_VERSION", "PWD", "SHLVL", "_", "CMD_DURATION", "fish_kill_signal", "fish_killring",
			"fish_pid", "history", "hostname", "last_pid", "pipestatus", "status", "status_generation",
			"version", "argv"}},
	{"fish reads fish_* as its own settings (fish_trace prints every command, the key included; fish_function_path loads functions)",
		[]string{"fish_*", "__fish*"}},
	{"fish writes its debug output, which can hold the key, where it says",
		[]string{"FISH_DEBUG", "FISH_DEBUG_OUTPUT"}},
	{"fish sets the process's file creation mask from it",
		[]string{"umask"}},
	{"fish sets it itself, so the value does not stay as written",
		[]string{"COLUMNS", "LINES", "EUID"}},
}

// Fish is fish's table.
var Fish = newTable("fish", false, fishRules...)

// PowerShell's table. PowerShell's automatic and preference variables
// ($PSHOME, $ErrorActionPreference) are PowerShell variables, not
// environment variables, so $env: cannot touch them; what matters is the
// environment PowerShell and Windows read, which is in Code (PSModulePath,
// PSExecutionPolicyPreference, PATHEXT, COMSPEC, SystemRoot) plus this.
var PowerShell = newTable("powershell", true,
	Rule{"it changes powershell's language mode", []string{"__PSLockdownPolicy"}})

// Cmd's table: cmd's dynamic variables. cmd computes %CD%, %DATE%,
// %RANDOM%, %ERRORLEVEL% ... itself unless a variable of that name exists;
// `set` creates one, which hides the real value from every batch file that
// runs after it (and `set "ERRORLEVEL=0"` breaks every error check).
var Cmd = newTable("cmd", true,
	Rule{"cmd computes %NAME% itself, and a variable of that name hides the real value from every batch file after it",
		[]string{"CD", "DATE", "TIME", "RANDOM", "ERRORLEVEL", "CMDEXTVERSION", "CMDCMDLINE",
			"HIGHESTNUMANODENUMBER", "__APPDIR__", "__CD__"}})

// GitHub's table: docs.github.com "Variables reference" (default
// variables) and the runner's FileCommandManager (NODE_OPTIONS, in Code).
var GitHub = newTable("github", true,
	Rule{"the runner sets GITHUB_* and RUNNER_* itself and does not let a workflow override them",
		[]string{"GITHUB_*", "RUNNER_*"}},
	Rule{"the runner and actions read ACTIONS_* for their own service urls, tokens and debug logs",
		[]string{"ACTIONS_*"}},
)

// GitLab's table: docs.gitlab.com "Predefined CI/CD variables" and "CI/CD
// variable debug logging" (CI_DEBUG_TRACE writes every variable, masked
// ones included, into the job log).
var GitLab = newTable("gitlab", false,
	Rule{"gitlab sets CI_* and GITLAB_* itself, and CI_DEBUG_TRACE or CI_DEBUG_SERVICES write every job variable to the log",
		[]string{"CI_*", "GITLAB_*"}},
	Rule{"the gitlab runner reads FF_* as its own feature flags",
		[]string{"FF_*"}},
)

// Prefect's table: the flow-run process reads PREFECT_* as Prefect's own
// settings (the api url and key, PREFECT_EXTRA_ENTRYPOINTS modules it
// imports at start-up, a logging config whose handlers it instantiates).
var Prefect = newTable("prefect", false, prefectSettings)

var prefectSettings = Rule{"prefect reads PREFECT_* as its own settings in the flow run (its api url and key, modules it imports at start-up)",
	[]string{"PREFECT_*"}}

// PrefectPullStep is --form pull-step's table: the variables are the
// keyword arguments of the step, and Prefect's run_step
// (prefect/deployments/steps/core.py) pops two of them first.
var PrefectPullStep = newTable("prefect --form pull-step", false,
	Rule{"prefect's run_step removes id from a step's inputs, so the variable is never set",
		[]string{"id"}},
	Rule{"prefect's run_step removes requires from a step's inputs and pip installs its value when the flow runs",
		[]string{"requires"}},
	prefectSettings)

// Nu is nushell's table (nushell 0.115, checked in the real shell: make
// e2e). nushell compares environment names without case ($env.foo is
// $env.FOO), refuses to set the names it keeps itself, and reads a few as
// structured settings that a string breaks.
var Nu = newTable("nu", true,
	Rule{"nushell sets it itself and refuses an assignment", []string{"PWD", "FILE_PWD", "CURRENT_FILE"}},
	Rule{"nushell reads it as a record of its own settings, which a string breaks", []string{"config", "ENV_CONVERSIONS"}},
	Rule{"nushell loads modules or plugins from the directories it names", []string{"NU_LIB_DIRS", "NU_PLUGIN_DIRS"}},
	Rule{"nushell sets it after every command, so the value does not stay as written", []string{"LAST_EXIT_CODE", "CMD_DURATION_MS"}},
)

// Systemd is the systemd target's table: systemd.exec(5) "Environment
// Variables in Spawned Processes" (systemd 252, and 254's memory pressure
// and file descriptor store variables). The service manager sets these for
// each process it starts, and EnvironmentFile= comes later in its list of
// sources, so the file would override them: the README's own unit reads
// the key from ${CREDENTIALS_DIRECTORY}. PATH, HOME and SHELL are in Code.
// Left out, as settings a unit may mean to change that load no code: LANG
// and TERM. pam_systemd's XDG_SESSION_ID, XDG_SEAT and XDG_VTNR come after
// the file and win over it.
var Systemd = newTable("systemd", false,
	Rule{"the service manager sets it for each process it starts, and the file would override it (systemd.exec(5))",
		[]string{"USER", "LOGNAME", "INVOCATION_ID", "XDG_RUNTIME_DIR",
			"RUNTIME_DIRECTORY", "STATE_DIRECTORY", "CACHE_DIRECTORY", "LOGS_DIRECTORY", "CONFIGURATION_DIRECTORY",
			"CREDENTIALS_DIRECTORY", "MAINPID", "MANAGERPID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES",
			"NOTIFY_SOCKET", "WATCHDOG_PID", "WATCHDOG_USEC", "SYSTEMD_EXEC_PID", "LOG_NAMESPACE",
			"JOURNAL_STREAM", "SERVICE_RESULT", "EXIT_CODE", "EXIT_STATUS", "PIDFILE", "FDSTORE",
			"MONITOR_*", "TRIGGER_*", "MEMORY_PRESSURE_*"}},
)
