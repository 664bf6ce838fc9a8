package root

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/fuzzy"
	"github.com/zenv-dev/zenv/render"
)

// topics are help pages that are not commands, so their names stay free
// for commands: `zenv help config` explains the file, `zenv config` is not
// taken.
var topics = map[string]func() string{
	"config": configTopic,
}

// newCmdHelp is cobra's help command plus the topics, and an error (exit
// 2) for a command or topic that does not exist.
func newCmdHelp(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [COMMAND | TOPIC]",
		Short: "Help about a command, or a topic: " + strings.Join(TopicNames(), ", "),
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []string
			for _, sub := range root.Commands() {
				if sub.IsAvailableCommand() {
					out = append(out, sub.Name()+"\t"+sub.Short)
				}
			}
			for _, t := range TopicNames() {
				out = append(out, t+"\thelp topic")
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				if topic, ok := topics[args[0]]; ok {
					fmt.Fprint(c.OutOrStdout(), topic())
					return nil
				}
			}
			cmd, _, err := root.Find(args)
			if err != nil || cmd == nil || (len(args) > 0 && cmd == root) {
				var names []string
				for _, sub := range root.Commands() {
					if sub.IsAvailableCommand() {
						names = append(names, sub.Name())
					}
				}
				names = append(names, TopicNames()...)
				slices.Sort(names)
				hint := ""
				if len(args) > 0 {
					if c := fuzzy.Closest(args[0], names); c != "" {
						hint = fmt.Sprintf(" did you mean %q?", c)
					}
				}
				return fmt.Errorf("no help for %q;%s commands and topics: %s", strings.Join(args, " "), hint, strings.Join(names, ", "))
			}
			cmd.InitDefaultHelpFlag()
			return cmd.Help()
		},
	}
}

// unknownCommand is the one-line error for a command that does not exist.
func unknownCommand(root *cobra.Command, name string) error {
	var names []string
	for _, sub := range root.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	slices.Sort(names)
	hint := ""
	if c := fuzzy.Closest(name, names); c != "" {
		hint = fmt.Sprintf(" did you mean %q?", c)
	}
	return fmt.Errorf("unknown command %q;%s commands: %s", name, hint, strings.Join(names, ", "))
}

// Topic returns the text of `zenv help NAME` for a help topic; the man
// pages (internal/tools/mangen) print each topic as zenv-NAME(5).
func Topic(name string) (string, bool) {
	t, ok := topics[name]
	if !ok {
		return "", false
	}
	return t(), true
}

// TopicNames lists the help topics, sorted.
func TopicNames() []string {
	return slices.Sorted(maps.Keys(topics))
}

// configTopic is `zenv help config`. The target settings come from the
// registry, so a new target's setting is documented where it is declared.
func configTopic() string {
	var settings strings.Builder
	for _, s := range render.Settings() {
		fmt.Fprintf(&settings, "      %-28s # %s\n", s.Key+": "+strings.ToUpper(settingArg(s)), strings.ReplaceAll(s.Usage, "`", ""))
	}
	return `zenv reads profiles from one YAML file: --config PATH, else $ZENV_CONFIG,
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
                                        # {stdin: true}, {keyring: NAME} (zenv key set),
                                        # {value: ZENKEY_...}
      verify_ssl: true                  # false, or a CA bundle path
      project: 2f1c...                  # a project UUID
      stack: 9a7e...                    # a stack UUID
      env:                              # extra variables
        ZENML_ANALYTICS_OPT_IN: "false"
      # target settings:
` + settings.String() + `      push:                             # where zenv push (and rotate) write the key
        - github: acme/train            # OWNER/REPO; an environment secret with
          token: {env: GITHUB_TOKEN}    #   github_environment; github_url_var too
          api: https://api.github.com   # optional; Enterprise: https://HOST/api/v3
        - gitlab: acme/train            # project path or numeric id
          token: {env: GITLAB_TOKEN}    # api scope, Maintainer role
          api: https://gitlab.com/api/v4  # optional
          environment_scope: production # optional, default *
          protected: true               # optional, default false
          masked_and_hidden: true       # optional, on creation only
        - prefect: https://prefect.example.com/api  # Cloud: .../accounts/A/workspaces/W
          token: {env: PREFECT_API_KEY} # optional: Cloud key (Bearer), or
                                        # auth_string: {...} for basic auth
        - keyring: prod-backup          # an OS keyring item (zenv key get NAME)


A token takes any key source, like api_key. An api url is https://, or
http:// to a loopback host; http:// elsewhere needs allow_http: true on that
destination, and zenv warns. The names written are the target settings:
github_secret, gitlab_variable, prefect_block (or their defaults). zenv push
touches nothing else; writing over a keyring item another profile reads its
key from needs --force.

A literal api_key value works, but zenv warns when group or others can read
the file: chmod 600 it, or better, point at an environment variable, a file or
a secret manager's command.

A profile can run commands, so zenv refuses the file (and an api_key file)
when anyone but you or root could change it: the file itself, or any folder
from it up to / (a sticky folder such as /tmp is fine for your own entries).
zenv profile check lists every problem of the file, each with its file:line.
`
}

// settingArg is the argument name in a setting's usage (`NAME`).
func settingArg(s render.Setting) string {
	if _, rest, ok := strings.Cut(s.Usage, "`"); ok {
		if arg, _, ok := strings.Cut(rest, "`"); ok {
			return arg
		}
	}
	return "VALUE"
}
