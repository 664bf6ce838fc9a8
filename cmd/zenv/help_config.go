package main

import "github.com/spf13/cobra"

// newHelpConfig is the `zenv help config` topic.
func newHelpConfig() *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "The profile file: where it lives and what it holds",
		Long: `zenv reads profiles from one YAML file: --config PATH, else $ZENV_CONFIG,
else <user config dir>/zenv/config.yaml (~/.config/zenv/config.yaml on Linux,
~/Library/Application Support/zenv/config.yaml on macOS,
%AppData%\zenv\config.yaml on Windows). -p NAME or $ZENV_PROFILE picks a
profile; otherwise default:, or the only profile. Flags override a profile
field by field, and with flags alone no file is needed.

  default: prod
  profiles:
    prod:
      url: https://zenml.example.com
      api_key: {env: ZENML_PROD_KEY}    # or {file: ~/.config/zenv/prod.key},
                                        # {cmd: "op read op://ci/zenml/key"},
                                        # {stdin: true}, {value: ZENKEY_...}
      verify_ssl: true                  # false, or a CA bundle path
      project: 2f1c...                  # a project UUID
      stack: 9a7e...                    # a stack UUID
      env:                              # extra variables
        ZENML_ANALYTICS_OPT_IN: "false"
      prefect_block: zenml-prod-key     # prefect: Secret block name
      github_secret: ZENML_PROD_KEY     # github: secret name
      github_url_var: ZENML_PROD_URL    # github: take the url from a variable

A literal api_key value works, but zenv warns when group or others can read
the file: chmod 600 it, or better, point at an environment variable, a file or
a secret manager's command.`,
	}
}
