// Package env is `zenv env TARGET`: it resolves the profile, reads the key
// only when the output needs it, renders, and writes the bytes. All output
// is built before anything is written, so a refusal leaves stdout empty.
package env

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/fuzzy"
	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/internal/keysource"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/shelldetect"
	"github.com/zenv-dev/zenv/internal/zenml"
	"github.com/zenv-dev/zenv/render"
)

// EnvOptions are what `zenv env` was asked to do.
type EnvOptions struct {
	IO *iostreams.IOStreams
	// LoadProfile resolves the profile from Profile's flags, the
	// environment and the config file (forUnset: only names are needed).
	LoadProfile func(forUnset bool) (*profile.Profile, error)
	// ReadKey reads the profile's key within timeout (0: the default) and
	// adds it to the redactor.
	ReadKey func(p *profile.Profile, timeout time.Duration) (string, error)
	// Warn queues a warning for success; Notice prints a line on stderr.
	Warn   func(...string)
	Notice func(string)

	Target        string
	Form          string
	Setup         bool
	Unset         bool
	InlineSecrets bool
	Reveal        bool   // print the key on a terminal too (mask.go)
	Output        string // write here, mode 0600, instead of stdout
	Into          string // prefect: add zenv's pull step to this prefect.yaml (into.go)
	Profile       cmdutil.ProfileOptions

	flags       []string // the flags given, as headers and hints show them
	outputGiven bool     // -o was given, perhaps empty
	intoGiven   bool     // --into was given, perhaps empty

	// DetectShell picks the target when none is given; tests replace it.
	DetectShell func() (shelldetect.Shell, error)
	detected    string // the detected shell, for the note on a terminal
}

// NewCmdEnv builds `zenv env`. runF does the work; tests pass their own to
// check what the flags fill in.
func NewCmdEnv(f *cmdutil.Factory, runF func(*EnvOptions) error) *cobra.Command {
	opts := &EnvOptions{IO: f.IOStreams, Warn: f.Warn, Notice: f.Notice, DetectShell: func() (shelldetect.Shell, error) {
		return shelldetect.Detect(shelldetect.OS{})
	}}
	opts.LoadProfile = func(forUnset bool) (*profile.Profile, error) { return f.LoadProfile(&opts.Profile, forUnset) }
	opts.ReadKey = func(p *profile.Profile, timeout time.Duration) (string, error) {
		return f.ReadKeyWithin(context.Background(), p, timeout)
	}
	cmd := &cobra.Command{
		Use:   "env [TARGET]",
		Short: "Print the ZenML client variables for a shell or CI system",
		Long: `Print the variables a ZenML client needs, from one profile, as TARGET's
own syntax. Every value is quoted so the target reads it back byte for byte;
a value it cannot carry is refused (exit 2) and nothing is printed.
Without TARGET, zenv writes for the shell that runs it (its parent process,
else $SHELL), and says which on stderr when stdout is a terminal.

Targets:
` + TargetList() + `
No flag takes the api key itself: it comes from an environment variable, a
file, standard input or a command, so it never shows in ps or shell history.`,
		Example: `  out=$(zenv env -p prod) && eval "$out"     # the shell that runs zenv: bash, zsh, sh
  out=$(zenv env bash --url https://zenml.example.com --api-key-env ZENML_PROD_KEY) && eval "$out"
  zenv env fish -p prod | source
  zenv env powershell -p prod | Out-String | Invoke-Expression
  zenv env cmd -p prod -o zenml-env.bat && call zenml-env.bat
  FOR /f "tokens=* delims=@" %i IN ('zenv env cmd -p prod') DO @%i
  zenv env prefect -p prod --into prefect.yaml --deployment nightly   # add the pull step
  zenv env github -p ci                       # an env: block for a workflow
  zenv env github -p ci --setup > setup.sh && bash setup.sh   # create the secret it references
  out=$(zenv env github --form github-env --api-key-cmd 'vault read -field=key secret/zenml') && eval "$out" || exit 1   # in a run: step
  zenv env gitlab -p ci
  zenv env k8s -p prod | kubectl apply -f -
  zenv env dotenv -p dev -o .env
  eval "` + "`zenv env tcsh -p prod`" + `"
  out=$(zenv env bash -p prod --unset) && eval "$out"   # remove the variables again`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return fmt.Errorf("zenv env takes one target, got %d; targets: %s", len(args), strings.Join(render.TargetNames(), ", "))
			}
			return nil
		},
		ValidArgsFunction: cmdutil.CompleteTargets,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.outputGiven = cmd.Flags().Changed("output")
			opts.intoGiven = cmd.Flags().Changed("into")
			if err := opts.validate(); err != nil {
				return err
			}
			if len(args) == 1 {
				opts.Target = args[0]
			}
			opts.flags = shownFlags(cmd)
			if runF != nil {
				return runF(opts)
			}
			return envRun(opts)
		},
	}
	fl := cmd.Flags()
	cmdutil.AddProfileFlags(fl, &opts.Profile)
	cmdutil.AddSettingFlags(fl, &opts.Profile)
	fl.StringVarP(&opts.Output, "output", "o", "", "write to file `PATH` (mode 0600) instead of stdout; - is stdout")
	fl.StringVar(&opts.Form, "form", "", "output `FORM` of the target (see Targets)")
	fl.BoolVar(&opts.Unset, "unset", false, "print commands that remove the variables")
	fl.BoolVar(&opts.InlineSecrets, "inline-secrets", false, "CI targets: write the key itself instead of a secret reference")
	fl.BoolVar(&opts.Setup, "setup", false, "github: print the gh commands that create the secret and variable")
	addRevealFlag(fl, &opts.Reveal)
	fl.StringVar(&opts.Into, "into", "", "prefect: add or replace zenv's pull step in the prefect.yaml at `PATH` (with --deployment NAME: that deployment's)")
	fl.SortFlags = false
	cmd.RegisterFlagCompletionFunc("form", cmdutil.CompleteForms)
	return cmd
}

// validate refuses flags that contradict each other, before anything is
// read.
func (o *EnvOptions) validate() error {
	switch {
	case o.outputGiven && o.Output == "":
		return fmt.Errorf("-o needs a path (or - for stdout)")
	case o.intoGiven && o.Into == "":
		return fmt.Errorf("--into needs a path: the prefect.yaml to add zenv's pull step to")
	case o.Setup && o.Form != "" && o.Form != "setup":
		return fmt.Errorf("--setup and --form %s both pick the output; keep one", o.Form)
	}
	return nil
}

// TargetList describes every target and its forms, from the registry.
func TargetList() string {
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

func withHint(err error) error {
	var nf *render.NotFoundError
	if errors.As(err, &nf) {
		choices := nf.Choices
		if nf.Accepted != nil {
			choices = nf.Accepted
		}
		if nf.What == "target" {
			choices = render.AllNames()
		}
		nf.Hint = fuzzy.Closest(nf.Name, choices)
	}
	return err
}

// envRun works in two phases. Prepare: the target and form are found,
// the profile loaded, and render checks every name and resolves the
// settings once, before any key is read. Render: the key is read only when
// the plan says the output holds it, and the bytes are written.
func envRun(opts *EnvOptions) error {
	if opts.Target == "" {
		if err := detectTarget(opts); err != nil {
			return err
		}
	}
	t, f, err := lookupForm(opts)
	if err != nil {
		return err
	}
	if opts.Into != "" {
		if err := checkInto(opts, t, f); err != nil {
			return err
		}
		if opts.Into == "-" {
			return errors.New("--into edits a prefect.yaml in place and needs its path, e.g. --into prefect.yaml; to print the step, drop --into")
		}
	}
	p, err := opts.LoadProfile(opts.Unset)
	if err != nil {
		return err
	}
	in := p.Input("", opts.Unset)
	in.Commands = Commands(t, p, opts.Unset, f.Name, opts.flags)
	ropts := render.Options{Unset: opts.Unset, InlineSecrets: opts.InlineSecrets, AllowNames: opts.Profile.AllowNames}
	plan, err := render.Prepare(t, f, in, ropts)
	if err != nil {
		return err
	}
	if f.NoKey && !opts.Unset {
		if err := checkSetupSource(opts.ReadKey, p); err != nil {
			return err
		}
	}

	key := ""
	if plan.NeedsKey {
		if key, err = opts.ReadKey(p, opts.Profile.KeyTimeout); err != nil {
			return err
		}
	}
	for _, a := range plan.Allowed {
		opts.Warn(a.Warning())
	}
	if opts.Into != "" {
		if err := refuseOwnInputs("--into", opts.Into, p); err != nil {
			return err
		}
		return writeInto(opts, t, f, in, ropts, key)
	}
	out, err := plan.Render(key)
	if err != nil {
		return err
	}
	if opts.InlineSecrets {
		opts.Warn("the output holds the api key in plain text (--inline-secrets); do not commit it, and keep any file it goes to private")
	}
	if out, err = maskOnTerminal(opts, t, f, plan.Vars(key), out); err != nil {
		return err
	}
	if opts.IO.StdoutTTY && opts.detected != "" {
		opts.Notice("no target given; writing for " + opts.detected)
	}
	if opts.Output != "" && opts.Output != "-" {
		if err := refuseOwnInputs("-o", opts.Output, p); err != nil {
			return err
		}
		if err := cmdutil.WriteOutput(opts.Output, out, opts.IO.Out); err != nil {
			var refused *cmdutil.RefusedPathError
			if errors.As(err, &refused) {
				return err // a path refused before writing: bad input, exit 2
			}
			return &cmdutil.ExitError{Code: cmdutil.ExitFailure, Err: err}
		}
		return nil
	}
	if opts.IO.StdoutTTY && in.Commands[f.Name] != "" {
		opts.Notice("to apply this, run: " + render.ApplyHint(t, f, in.Commands[f.Name]))
	}
	if _, err := opts.IO.Out.Write(out); err != nil {
		return cmdutil.WriteError(err)
	}
	return nil
}

// lookupForm finds the target and the form asked for (--setup is github's
// setup form), with "did you mean" hints.
func lookupForm(opts *EnvOptions) (*render.Target, *render.Form, error) {
	form := opts.Form
	if opts.Setup {
		form = "setup" // validate refused another --form
	}
	t, err := render.Lookup(opts.Target)
	if err != nil {
		return nil, nil, withHint(err)
	}
	f, err := t.Form(form)
	if err != nil {
		if opts.Setup {
			return nil, nil, fmt.Errorf("--setup is for the github target; %s has nothing to set up", t.Name)
		}
		return nil, nil, withHint(err)
	}
	return t, f, nil
}

// refuseOwnInputs refuses an output path that is the profile's config file
// or key file: -o would silently replace zenv's own input with its output.
func refuseOwnInputs(flag, output string, p *profile.Profile) error {
	out, err := os.Stat(output)
	if err != nil {
		return nil // a new file is nobody's input
	}
	inputs := map[string]string{"config file": p.Path}
	if f, ok := p.Key.(keysource.File); ok {
		inputs["api key file"] = f.Path
	}
	for what, path := range inputs {
		if path == "" {
			continue
		}
		if in, err := os.Stat(path); err == nil && os.SameFile(in, out) {
			return fmt.Errorf("%s %s is the %s zenv reads; writing there would replace it, so pick another path", flag, output, what)
		}
	}
	return nil
}

// checkSetupSource checks, where it can be checked here, that the source a
// setup script will read the key from works: a script that pipes nothing
// into gh would replace the secret with an empty one. A command is not run:
// it may prompt or cost.
func checkSetupSource(readKey func(*profile.Profile, time.Duration) (string, error), p *profile.Profile) error {
	if p.Key == nil {
		return nil // the script asks for the key on the terminal
	}
	if _, err := p.Key.ShellCommand(); err != nil {
		return err
	}
	switch p.Key.Kind() {
	case "env", "file":
		if _, err := readKey(p, 0); err != nil {
			return fmt.Errorf("the setup script would read the key from %s, which fails here: %w", p.Key.Describe(), err)
		}
	}
	return nil
}

// detectTarget sets the target to the shell that runs zenv.
func detectTarget(opts *EnvOptions) error {
	sh, err := opts.DetectShell()
	if err != nil {
		return fmt.Errorf("%w; name the target: zenv env TARGET (targets: %s)", err, strings.Join(render.TargetNames(), ", "))
	}
	if _, err := render.Lookup(sh.Target); err != nil {
		return fmt.Errorf("the shell is %s, which zenv has no target for; name the target: zenv env TARGET (targets: %s)", sh, strings.Join(render.TargetNames(), ", "))
	}
	// The note waits for success: a refusal is one line.
	opts.Target, opts.detected = sh.Target, sh.String()
	return nil
}

// Commands spells the zenv command that prints each form of t, for
// headers and hints: the target, -p, the flags this run was given (so the
// printed command reproduces the output), the form, and --unset for the
// current form. When a flag's value cannot be shown safely in every
// target's comments (a quote, a backslash, a control character, a secret
// value), every command is left out ("") rather than printed wrong.
func Commands(t *render.Target, p *profile.Profile, unset bool, current string, flags []string) map[string]string {
	base := "zenv env " + t.Name
	if p.Name != "" {
		base += " -p " + p.Name
	}
	cmds := make(map[string]string, len(t.Forms))
	for _, f := range t.Forms {
		cmds[f.Name] = ""
	}
	// Output meant to be committed (a CI form that references secrets)
	// does not depend on where the key is read, and must not show it: a
	// key command may carry a token of its own (VAULT_TOKEN=... vault kv get).
	committed := false
	for _, f := range t.Forms {
		if f.Name == current && f.Ref != nil && !f.NoKey {
			committed = true
		}
	}
	for _, fl := range flags {
		if committed && isKeySourceFlag(fl) {
			continue
		}
		if fl == "" {
			return cmds
		}
		base += " " + fl
	}
	for _, f := range t.Forms {
		c := base
		switch f.Name {
		case "":
		case "setup":
			c += " --setup"
		default:
			c += " --form " + f.Name
		}
		if unset && f.Name == current {
			c += " --unset"
		}
		cmds[f.Name] = c
	}
	return cmds
}

// isKeySourceFlag reports whether a shown flag picks the key's source.
func isKeySourceFlag(shown string) bool {
	name, _, _ := strings.Cut(strings.TrimPrefix(shown, "--"), " ")
	for _, k := range keysource.Kinds() {
		if k.Flag != "" && k.Flag == name {
			return true
		}
	}
	return name == "api-key-timeout"
}

// shownFlags spells the flags given on the command line that shape the
// output, each as NAME or NAME VALUE; "" stands for one that cannot be
// shown. -p is written from the profile, and --form, --setup, --unset and
// -o per form.
func shownFlags(cmd *cobra.Command) []string {
	var shown []string
	cmd.Flags().Visit(func(fl *pflag.Flag) {
		switch fl.Name {
		case "profile", "form", "setup", "unset", "output", "reveal", "into":
			return
		}
		if fl.Value.Type() == "bool" {
			shown = append(shown, "--"+fl.Name)
			return
		}
		var values []string
		if sv, ok := fl.Value.(pflag.SliceValue); ok {
			values = sv.GetSlice()
		} else {
			values = []string{fl.Value.String()}
		}
		for _, v := range values {
			if fl.Name == "set" {
				if name, _, _ := strings.Cut(v, "="); zenml.Name(name).Secret {
					shown = append(shown, "") // a password on display
					continue
				}
			}
			w := shellWord(v)
			if w == "" {
				shown = append(shown, "") // cannot be shown: no command at all
				continue
			}
			shown = append(shown, "--"+fl.Name+" "+w)
		}
	})
	return shown
}

// shellWord writes v as one word that bash, zsh, sh, fish and PowerShell
// read alike: bare when it has only safe characters, else single-quoted
// when it has no quote, backslash or control character; else "".
func shellWord(v string) string {
	if v == "" {
		return "''"
	}
	if redact.LooksLikeKey(v) {
		return "" // a key given to the wrong flag is never printed
	}
	safe := true
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("_@%+=:,./-", c) >= 0:
		case c == '\'' || c == '\\' || c < 0x20 || c >= 0x7f:
			return ""
		default:
			safe = false
		}
	}
	if safe {
		return v
	}
	return "'" + v + "'"
}
