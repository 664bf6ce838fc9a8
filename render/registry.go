package render

import (
	"fmt"
	"strings"

	"github.com/zenv-dev/zenv/render/names"
	"github.com/zenv-dev/zenv/render/quote"
)

// Targets is the registry: adding a target is one entry here (with the
// settings it declares), one template per form, a quoting function with its
// fuzz oracle, and golden files.
var Targets = []Target{
	{
		Name:        "bash",
		Description: "bash: export lines for eval, .bashrc or a script",
		Apply:       `eval "$(%s)"`,
		Names:       names.Bash,
		Forms:       []Form{{Template: "bash.tmpl", Quote: quote.Bash, Unset: true}},
	},
	{
		Name:        "zsh",
		Description: "zsh: export lines for eval or .zshrc",
		Apply:       `eval "$(%s)"`,
		Names:       names.Zsh,
		Forms:       []Form{{Template: "zsh.tmpl", Quote: quote.Bash, Unset: true}},
	},
	{
		Name:        "sh",
		Aliases:     []string{"posix", "dash"},
		Description: "POSIX sh (dash, busybox): export lines without bash syntax",
		Apply:       `eval "$(%s)"`,
		Names:       names.POSIX,
		Forms:       []Form{{Template: "sh.tmpl", Quote: quote.POSIX, Unset: true}},
	},
	{
		Name:        "fish",
		Description: "fish: set -gx lines for source or config.fish",
		Apply:       `%s | source`,
		Names:       names.Fish,
		Forms:       []Form{{Template: "fish.tmpl", Quote: quote.Fish, Unset: true}},
	},
	{
		Name:        "powershell",
		Aliases:     []string{"pwsh", "ps"},
		Description: "PowerShell (Windows PowerShell 5.1 and pwsh 7): $env: assignments",
		Apply:       `%s | Out-String | Invoke-Expression`,
		FoldCase:    true,
		Names:       names.PowerShell,
		Forms:       []Form{{Template: "powershell.tmpl", Quote: quote.PowerShell, Unset: true}},
	},
	{
		Name:        "cmd",
		Aliases:     []string{"bat", "batch"},
		Description: "Windows cmd.exe: set lines for a .bat file or FOR /f",
		// delims=@ strips the @ that keeps a CALLed .bat from echoing the key:
		// cmd does not strip an @ that arrives through a FOR variable.
		Apply:    `FOR /f "tokens=* delims=@" %%i IN ('%s') DO @%%i`,
		FoldCase: true,
		CRLF:     true,
		Names:    names.Cmd,
		Forms:    []Form{{Template: "cmd.tmpl", Quote: quote.Cmd, Check: cmdLineLimit, Unset: true}},
	},
	{
		Name:        "prefect",
		Description: "Prefect 3 prefect.yaml: job_variables env for a deployment",
		Apply:       `%s, then paste it into prefect.yaml`,
		Settings: []Setting{
			{Key: "prefect_block", Flag: "prefect-block", Default: "zenml-store-api-key", Validate: prefectBlockName,
				Usage: "prefect: Secret block `NAME` holding the key (default zenml-store-api-key)"},
		},
		Names: names.Prefect,
		Forms: []Form{
			{Template: "prefect.tmpl", Quote: quote.PrefectYAML, Ref: prefectRef,
				EnvPath:     []string{"work_pool", "job_variables", "env"},
				Description: "work_pool.job_variables.env for a deployment (key stored on the deployment at deploy time)"},
			{Name: "pull-step", Template: "prefect.pull-step.tmpl", Quote: quote.PrefectYAML, Ref: prefectRef,
				Names:       names.PrefectPullStep, // the variables are the step's arguments
				EnvPath:     []string{"pull", "0", "os:environ.update"},
				Description: "a pull step that sets the variables at run time (key never stored on the deployment)"},
			{Name: "deployment", Template: "prefect.deployment.tmpl", Quote: quote.PrefectYAML, Ref: prefectRef,
				EnvPath:     []string{"deployments", "0", "work_pool", "job_variables", "env"},
				Description: "a complete minimal prefect.yaml"},
		},
	},
	{
		Name:        "github",
		Aliases:     []string{"gha", "github-actions"},
		Description: "GitHub Actions: an env: block, $GITHUB_ENV lines, a workflow, or setup commands",
		Apply:       `%s, then paste it into the workflow`,
		FoldCase:    true,
		Settings: []Setting{
			{Key: "github_secret", Flag: "github-secret", Default: "ZENML_STORE_API_KEY", Validate: gitHubName("secret"),
				Usage: "github: secret `NAME` holding the key (default ZENML_STORE_API_KEY)"},
			{Key: "github_url_var", Flag: "github-url-var", Validate: gitHubName("variable"),
				Usage: "github: take the url from configuration variable `NAME`"},
			{Key: "github_environment", Flag: "github-environment", Validate: gitHubEnvironmentName,
				Usage: "github: GitHub environment `NAME` the job runs in and --setup stores the secret and variable in"},
		},
		Names: names.GitHub,
		Forms: []Form{
			{Template: "github.tmpl", Quote: quote.GitHubYAML, Ref: githubRef,
				EnvPath:     []string{"env"},
				Description: "an env: mapping for workflow, job or step level"},
			{Name: "github-env", Template: "github.github-env.tmpl", Quote: quote.GitHubEnv, Heredoc: true,
				Description: "shell lines for a run: step that append to $GITHUB_ENV (key read at run time)"},
			{Name: "workflow", Template: "github.workflow.tmpl", Quote: quote.GitHubYAML, Ref: githubRef,
				EnvPath:     []string{"jobs", "zenml", "env"},
				Description: "a complete minimal workflow"},
			{Name: "setup", Template: "github.setup.tmpl", Quote: quote.Bash, NoKey: true, Ref: githubSecretName,
				Description: "gh commands that create the secret and variable the env block references"},
		},
	},
}

// cmdLineLimit refuses a set line longer than cmd.exe's 8191 characters.
func cmdLineLimit(name, text string) error {
	const max = 8191
	if n := len(`@set "`) + len(name) + len("=") + len(text) + len(`"`); n > max {
		return fmt.Errorf("the set line would be %d characters; cmd allows %d", n, max)
	}
	return nil
}

// prefectRef references a Secret block: the prefect_block setting for the
// api key, and for another credential a block named after the variable
// (ZENML_STORE_PASSWORD: zenml-store-password), as Prefect's block names
// are lower-case letters, digits and dashes.
func prefectRef(v Var, settings map[string]string) (string, bool) {
	if !v.Secret {
		return "", false
	}
	block := settings["prefect_block"]
	if v.Field != "api_key" {
		block = strings.ReplaceAll(strings.ToLower(v.Name), "_", "-")
	}
	return `"{{ prefect.blocks.secret.` + block + ` }}"`, true
}

// githubSecretName names the GitHub secret that holds a secret variable:
// the github_secret setting for the api key, the variable's own name for
// another credential (ZENML_STORE_PASSWORD).
func githubSecretName(v Var, settings map[string]string) (string, bool) {
	switch {
	case !v.Secret:
		return "", false
	case v.Field == "api_key":
		return settings["github_secret"], true
	}
	return v.Name, true
}

func githubRef(v Var, settings map[string]string) (string, bool) {
	switch {
	case v.Secret:
		name, _ := githubSecretName(v, settings)
		return "${{ secrets." + name + " }}", true
	case v.Field == "url" && settings["github_url_var"] != "":
		return "${{ vars." + settings["github_url_var"] + " }}", true
	}
	return "", false
}
