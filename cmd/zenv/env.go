package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/envcmd"
	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/render"
)

// newCmdEnv builds `zenv env`. runF does the work; tests pass their own to
// check what the flags fill in.
func newCmdEnv(io *iostreams.IOStreams, runF func(*envcmd.Options) error) *cobra.Command {
	opts := &envcmd.Options{IO: io}
	ov := &opts.Overrides
	cmd := &cobra.Command{
		Use:   "env TARGET",
		Short: "Print the ZenML client variables for a shell or CI system",
		Long: `Print the variables a ZenML client needs, from one profile, as TARGET's
own syntax. Every value is quoted so the target reads it back byte for byte;
a value it cannot carry is refused (exit 2) and nothing is printed.

Targets:
` + targetList() + `
No flag takes the api key itself: it comes from an environment variable, a
file, standard input or a command, so it never shows in ps or shell history.`,
		Example: `  export ZENML_PROD_KEY=...    # however the key reaches the machine
  eval "$(zenv env bash --url https://zenml.example.com --api-key-env ZENML_PROD_KEY)"
  zenv env powershell -p prod | Out-String | Invoke-Expression
  zenv env cmd -p prod -o zenml-env.bat && call zenml-env.bat
  FOR /f "tokens=* delims=@" %i IN ('zenv env cmd -p prod') DO @%i
  zenv env prefect -p prod --form pull-step
  zenv env github -p ci
  eval "$(zenv env bash --unset)"`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("zenv env takes one target, got %d; targets: %s", len(args), strings.Join(render.TargetNames(), ", "))
			}
			return nil
		},
		ValidArgs: render.TargetNames(),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Target = args[0]
			return runF(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Profile, "profile", "p", "", "profile `NAME` from the config file (default: $ZENV_PROFILE, then the file's default)")
	fl.StringVar(&opts.Config, "config", "", "config file `PATH` (default: $ZENV_CONFIG, then <user config dir>/zenv/config.yaml)")
	fl.StringVar(&ov.URL, "url", "", "ZenML server `URL` (https://...)")
	fl.StringVar(&ov.KeyEnv, "api-key-env", "", "read the api key from environment variable `NAME`")
	fl.StringVar(&ov.KeyFile, "api-key-file", "", "read the api key from file `PATH`")
	fl.BoolVar(&ov.KeyStdin, "api-key-stdin", false, "read the api key from standard input")
	fl.StringVar(&ov.KeyCmd, "api-key-cmd", "", "read the api key from the stdout of shell `COMMAND` (op read ..., pass show ...)")
	fl.StringVar(&ov.VerifySSL, "verify-ssl", "", "true, false, or a CA bundle `PATH`")
	fl.StringVar(&ov.Project, "project", "", "active project `UUID`")
	fl.StringVar(&ov.Stack, "stack", "", "active stack `UUID`")
	fl.StringArrayVar(&ov.Set, "set", nil, "extra variable `NAME=VALUE` (repeatable)")
	fl.BoolVar(&ov.AllowUnknown, "allow-unknown", false, "allow ZENML_ names the ZenML client does not read")
	fl.StringVarP(&opts.Output, "output", "o", "", "write to file `PATH` (mode 0600) instead of stdout")
	fl.StringVar(&opts.Form, "form", "", "output `FORM` of the target (see Targets)")
	fl.BoolVar(&opts.Unset, "unset", false, "print commands that remove the variables")
	fl.BoolVar(&opts.InlineSecrets, "inline-secrets", false, "CI targets: write the key itself instead of a secret reference")
	fl.BoolVar(&opts.Setup, "setup", false, "github: print the gh commands that create the secret and variable")
	fl.StringVar(&ov.PrefectBlock, "prefect-block", "", "prefect: Secret block `NAME` holding the key (default zenml-store-api-key)")
	fl.StringVar(&ov.GitHubSecret, "github-secret", "", "github: secret `NAME` holding the key (default ZENML_STORE_API_KEY)")
	fl.StringVar(&ov.GitHubURLVar, "github-url-var", "", "github: take the url from configuration variable `NAME`")
	fl.SortFlags = false
	return cmd
}

// targetList describes every target and its forms, from the registry.
func targetList() string {
	var b strings.Builder
	for _, t := range render.Targets {
		name := t.Name
		if len(t.Aliases) > 0 {
			name += " (" + strings.Join(t.Aliases, ", ") + ")"
		}
		fmt.Fprintf(&b, "  %-28s %s\n", name, t.Description)
		for _, f := range t.Forms {
			if f.Name != "" {
				fmt.Fprintf(&b, "  %-28s %s\n", "  --form "+f.Name, f.Description)
			}
		}
	}
	return b.String()
}
