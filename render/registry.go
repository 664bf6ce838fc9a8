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
		Title:       "bash",
		Description: "bash: export lines for eval, .bashrc or a script",
		Apply:       `out=$(%s) && eval "$out"`, // on a refusal && stops: no empty eval
		Comment:     "#",
		LineByLine:  true,
		Names:       names.Bash,
		Forms:       []Form{{Template: "sh.tmpl", Quote: quote.Bash, Unset: true, Mask: "<hidden>"}},
	},
	{
		Name:        "zsh",
		Title:       "zsh",
		Description: "zsh: export lines for eval or .zshrc",
		Apply:       `out=$(%s) && eval "$out"`, // on a refusal && stops: no empty eval
		Comment:     "#",                        // eval reads comments even where interactive_comments is off
		LineByLine:  true,
		Names:       names.Zsh,
		Forms:       []Form{{Template: "sh.tmpl", Quote: quote.Bash, Unset: true, Mask: "<hidden>"}},
	},
	{
		Name:        "sh",
		Aliases:     []string{"posix", "dash"},
		Title:       "POSIX sh",
		Description: "POSIX sh (dash, busybox): export lines without bash syntax",
		Apply:       `out=$(%s) && eval "$out"`, // on a refusal && stops: no empty eval
		Comment:     "#",
		LineByLine:  true,
		Names:       names.POSIX,
		Forms:       []Form{{Template: "sh.tmpl", Quote: quote.POSIX, Unset: true, Mask: "<hidden>"}},
	},
	{
		Name:        "fish",
		Description: "fish: set -gx lines for source or config.fish",
		Apply:       `%s | source`,
		Comment:     "#",
		Names:       names.Fish,
		Forms:       []Form{{Template: "fish.tmpl", Quote: quote.Fish, Unset: true, Mask: "<hidden>"}},
	},
	{
		Name:        "powershell",
		Aliases:     []string{"pwsh", "ps"},
		Description: "PowerShell (Windows PowerShell 5.1 and pwsh 7): $env: assignments",
		Apply:       `%s | Out-String | Invoke-Expression`,
		Comment:     "#",
		FoldCase:    true,
		Names:       names.PowerShell,
		Forms:       []Form{{Template: "powershell.tmpl", Quote: quote.PowerShell, Unset: true, Mask: "<hidden>"}},
	},
	{
		Name:        "cmd",
		Aliases:     []string{"bat", "batch"},
		Description: "Windows cmd.exe: set lines for a .bat file or FOR /f",
		// delims=@ strips the @ that keeps a CALLed .bat from echoing the key:
		// cmd does not strip an @ that arrives through a FOR variable.
		Apply:      `FOR /f "tokens=* delims=@" %%i IN ('%s') DO @%%i`,
		Comment:    "@rem", // lines run one by one through FOR /f, where rem is a command that does nothing
		LineByLine: true,
		FoldCase:   true,
		CRLF:       true,
		Names:      names.Cmd,
		Forms:      []Form{{Template: "cmd.tmpl", Quote: quote.Cmd, Check: cmdLineLimit, Unset: true, Mask: `"<hidden>"`}},
	},
	{
		Name:        "prefect",
		Description: "Prefect 3 prefect.yaml: a pull step that sets the variables at run time (key never stored on the deployment)",
		Apply:       `%s, then paste it under a deployment in prefect.yaml (or add --into prefect.yaml)`,
		Comment:     "#",
		Settings: []Setting{
			{Key: "prefect_block", Flag: "prefect-block", Default: "zenml-store-api-key", Validate: prefectBlockName,
				Usage: "prefect: Secret block `NAME` holding the key (default zenml-store-api-key)"},
			{Key: "prefect_deployment", Flag: "deployment", Validate: prefectDeploymentName,
				Usage: "prefect: print the whole entry of deployment `NAME` (with --into: the deployment to edit)"},
		},
		Names: names.Prefect,
		Forms: []Form{
			// The default since the job_variables form turned out to store
			// the key on the deployment (PrefectHQ/prefect#14088, #17432).
			{Template: "prefect.tmpl", Quote: quote.PrefectYAML, Ref: prefectRef, Mask: "*hidden",
				Aliases:     []string{"pull-step"},
				Names:       names.PrefectPullStep, // the variables are the step's arguments
				EnvPath:     []string{"pull", "0", "os:environ.update"},
				Description: "the pull step, indented to paste under a deployment (Prefect >= 3.4.1; --form pull-step names it too)"},
			{Name: "deployment", Template: "prefect.deployment.tmpl", Quote: quote.PrefectYAML, Ref: prefectRef, Mask: "*hidden",
				Names:       names.PrefectPullStep,
				EnvPath:     []string{"deployments", "0", "pull", "1", "os:environ.update"},
				Description: "a complete minimal prefect.yaml with the pull step",
				Apply:       `%s -o prefect.yaml, then edit the lines marked "yours"`},
			{Name: "job-variables", Template: "prefect.job-variables.tmpl", Quote: quote.PrefectYAML, Ref: prefectRef, Mask: "*hidden",
				EnvPath:     []string{"work_pool", "job_variables", "env"},
				Description: "work_pool.job_variables.env, for Prefect < 3.4.1 (prefect deploy stores the key on the deployment)",
				Apply:       `%s, then paste it under a deployment in prefect.yaml`}, // --into writes the pull step only
		},
	},
	{
		Name:        "github",
		Aliases:     []string{"gha", "github-actions"},
		Description: "GitHub Actions: an env: block, $GITHUB_ENV lines, a workflow, or setup commands",
		Apply:       `%s, then paste it into the workflow`,
		Comment:     "#",
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
			{Template: "github.tmpl", Quote: quote.GitHubYAML, Ref: githubRef, Mask: "*hidden",
				EnvPath:     []string{"env"},
				Description: "an env: mapping for workflow, job or step level"},
			{Name: "github-env", Template: "github.github-env.tmpl", Quote: quote.GitHubEnv, Heredoc: true,
				Mask:        ";;hidden", // a shell line: printf ... 'KEY' 'DELIM' >> "$GITHUB_ENV"
				Description: "shell lines for a run: step that append to $GITHUB_ENV (key read at run time)",
				Apply:       `out=$(%s) && eval "$out" || exit 1, in a run: step of the job`},
			{Name: "workflow", Template: "github.workflow.tmpl", Quote: quote.GitHubYAML, Ref: githubRef, Mask: "*hidden",
				EnvPath:     []string{"jobs", "zenml", "env"},
				Description: "a complete minimal workflow",
				Apply:       `%s -o .github/workflows/zenml.yml`}, // its header says where it goes
			{Name: "setup", Template: "github.setup.tmpl", Quote: quote.Bash, NoKey: true, Ref: githubSecretName,
				Description: "gh commands that create the secret and variable the env block references",
				Apply:       `%s | bash, in a clone of the repository`},
		},
	},
	{
		Name:        "dotenv",
		Aliases:     []string{".env"},
		Description: "dotenv: a .env file read alike by python-dotenv, docker compose and godotenv",
		Apply:       `%s -o .env`,
		Comment:     "#",
		Forms:       []Form{{Template: "dotenv.tmpl", Quote: quote.Dotenv}},
	},
	{
		Name:        "docker",
		Aliases:     []string{"env-file"},
		Description: "Docker: a file for docker run --env-file, NAME=value lines taken as they are",
		Apply:       `%s -o zenml.env, then: docker run --env-file zenml.env IMAGE`,
		Comment:     "#",
		Forms:       []Form{{Template: "docker.tmpl", Quote: quote.DockerEnvFile, Check: quote.DockerEnvFileLine}},
	},
	{
		Name:        "systemd",
		Description: "systemd: a file for a unit's EnvironmentFile=",
		Apply:       `%s -o /etc/zenml/client.env, then in the unit's [Service] section: EnvironmentFile=/etc/zenml/client.env`,
		Comment:     "#",
		Names:       names.Systemd,
		Forms:       []Form{{Template: "systemd.tmpl", Quote: quote.Systemd}},
	},
	{
		Name:        "gitlab",
		Aliases:     []string{"gitlab-ci"},
		Description: "GitLab CI/CD: a variables: block for .gitlab-ci.yml",
		Apply:       `%s, then paste it into .gitlab-ci.yml`,
		Comment:     "#",
		Names:       names.GitLab,
		Settings: []Setting{
			{Key: "gitlab_variable", Flag: "gitlab-variable", Default: "ZENML_STORE_API_KEY", Validate: gitLabVariableName,
				Usage: "gitlab: CI/CD variable `NAME` holding the key (default ZENML_STORE_API_KEY)"},
		},
		Forms: []Form{{Template: "gitlab.tmpl", Quote: quote.GitLabYAML, Ref: gitlabRef, EnvPath: []string{"variables"}, Mask: "*hidden"}},
	},
	{
		Name:        "json",
		Description: "JSON: a flat object of name and value, for other tools",
		Apply:       `%[1]s, read by your tool (nushell: %[1]s | from json | load-env)`,
		Comment:     "", // JSON has none
		Forms:       []Form{{Template: "json.tmpl", Quote: quote.JSON, EnvPath: []string{}, Mask: "<hidden>"}},
	},
	{
		Name:        "k8s",
		Aliases:     []string{"kubernetes", "kubectl"},
		Description: "Kubernetes: a Secret (stringData) for kubectl apply and envFrom",
		Apply:       `%s | kubectl apply -f -`,
		Comment:     "#",
		Settings: []Setting{
			{Key: "k8s_secret", Flag: "k8s-secret", Default: "zenml-client", Validate: k8sSecretName,
				Usage: "k8s: `NAME` of the Secret to write (default zenml-client)"},
		},
		Forms: []Form{{Template: "k8s.tmpl", Quote: quote.K8sStringData, EnvPath: []string{"stringData"}, Mask: "*hidden"}},
	},
	{
		Name:        "tcsh",
		Aliases:     []string{"csh"},
		Description: "tcsh and csh: setenv lines for eval or source",
		Apply:       "eval \"`%s`\"",
		Comment:     "", // an interactive tcsh reads # as a command, so the output is setenv lines only
		LineByLine:  true,
		Forms:       []Form{{Template: "tcsh.tmpl", Quote: quote.Tcsh, Unset: true, Mask: "<hidden>"}},
	},
	{
		Name:        "nu",
		Aliases:     []string{"nushell"},
		Description: "nushell: $env assignments for a file to source",
		Apply:       `%s | save -f zenml.nu, then as its own command: source zenml.nu`,
		Comment:     "#",
		Names:       names.Nu,
		FoldCase:    true, // $env.foo is $env.FOO
		Forms:       []Form{{Template: "nu.tmpl", Quote: quote.Nu, Unset: true, Mask: "<hidden>"}},
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

// gitlabRef references the CI/CD variable that holds a secret: the
// gitlab_variable setting for the api key, the variable's own name for
// another credential. GitLab expands ${NAME} when the job starts; a
// reference to a variable of the same name is left out by the template,
// since GitLab already puts every CI/CD variable into the job's environment
// and a job variable cannot override it.
func gitlabRef(v Var, settings map[string]string) (string, bool) {
	if !v.Secret {
		return "", false
	}
	name := v.Name
	if v.Field == "api_key" {
		name = settings["gitlab_variable"]
	}
	return `"${` + name + `}"`, true
}
