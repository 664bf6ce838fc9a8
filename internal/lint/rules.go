package lint

// Rule describes one check: the README, the SARIF rule list and `--help`
// are all made from this table.
type Rule struct {
	ID      string
	Name    string // kebab-case, SARIF's rule name
	Level   Level
	Summary string // one line: what is wrong
	Fix     string // one line: what to do
	Example string // a line that triggers it
}

// Rule IDs. They never change meaning; a retired rule leaves a gap.
const (
	RuleWrongName      = "ZL001"
	RuleShellStepEnv   = "ZL002"
	RuleLiteralKey     = "ZL003"
	RuleSecretJobVars  = "ZL004"
	RulePullStepSecret = "ZL005"
	RuleUnquotedEval   = "ZL006"
	RuleBadValue       = "ZL007"
	RuleNotUUID        = "ZL008"
	RuleUnreadName     = "ZL009"
	RuleBadURL         = "ZL010"
)

// Rules lists every rule in ID order. It is a slice of literals, so it
// costs nothing at start-up.
var Rules = []Rule{
	{RuleWrongName, "wrong-zenml-name", Error,
		"a ZENML_ variable the client does not read, set where the right name was meant; ZenML ignores it without a word",
		"rename it to the name the finding gives",
		"ZENML_URL: https://zenml.example.com"},
	{RuleShellStepEnv, "shell-step-env", Error,
		"a Prefect run_shell_script step exports or assigns a variable, which never reaches the flow run: each line runs as a program without a shell (export fails: FileNotFoundError, and the flow run crashes with StepExecutionError), or with shell: true in a shell that ends with the line",
		"set the variables with a pull step: zenv env prefect",
		`export ZENML_STORE_URL="https://zenml.example.com"   # in a run_shell_script step`},
	{RuleLiteralKey, "literal-zenml-key", Error,
		"a literal ZenML API key (ZENKEY_ or ZENPROKEY_) in a file",
		"rotate the key (zenml service-account api-key <account> rotate) and read it from a secret store",
		"ZENML_STORE_API_KEY=ZENKEY_eyJpZCI6...",
	},
	{RuleSecretJobVars, "secret-block-in-job-variables", Info,
		"a Prefect Secret block referenced under job_variables.env: prefect deploy resolves it and stores the value on the deployment, visible in the UI",
		"resolve it at run time instead: zenv env prefect --form pull-step",
		"ZENML_STORE_API_KEY: '{{ prefect.blocks.secret.zenml-key }}'   # under work_pool.job_variables.env"},
	{RulePullStepSecret, "literal-secret-in-pull-step", Error,
		"a literal secret as a Prefect pull-step input; since Prefect 3.6 pull-step inputs are emitted in events before templating",
		"store it in a Secret block and reference it: '{{ prefect.blocks.secret.NAME }}'",
		"access_token: ghp_...   # under a pull step"},
	{RuleUnquotedEval, "unquoted-eval", Warning,
		"eval $(zenv ...) without quotes: the shell splits and globs zenv's output before eval reads it",
		`quote it, and stop when zenv refuses: out=$(zenv env bash) && eval "$out"`,
		"eval $(zenv env bash -p prod)"},
	{RuleBadValue, "invalid-zenml-value", Error,
		"a value the ZenML client rejects or ignores, such as ZENML_LOGGING_VERBOSITY=WARNING",
		"use a value the finding lists",
		"ZENML_LOGGING_VERBOSITY=verbose"},
	{RuleNotUUID, "id-not-uuid", Error,
		"ZENML_ACTIVE_PROJECT_ID or ZENML_ACTIVE_STACK_ID is not a UUID; a name works once, then fails",
		"use the ID: zenml project describe NAME, zenml stack describe NAME",
		"ZENML_ACTIVE_PROJECT_ID=default"},
	{RuleUnreadName, "unread-zenml-name", Info,
		"a ZENML_ variable no ZenML client reads and no client name is close to: a server setting (info), one ZenML sets for itself (warning), or an unknown one (info)",
		"remove it, or ignore this note when the file configures a ZenML server",
		"ZENML_FEATURE_X=1"},
	{RuleBadURL, "invalid-zenml-url", Error,
		"a ZenML server URL the client cannot use or misreads: /api/v1 at its end (the client adds it), a dashboard page, no scheme, a port out of range; plain http to another host is a warning",
		"give the server's root URL, the one zenml login uses: https://zenml.example.com",
		"ZENML_STORE_URL: https://zenml.example.com/api/v1"},
}

// ruleIndex returns the position of id in Rules, or -1.
func ruleIndex(id string) int {
	for i, r := range Rules {
		if r.ID == id {
			return i
		}
	}
	return -1
}
