// Package run is `zenv run -- COMMAND [ARGS...]`: it resolves the profile
// and its key as `zenv env` does, then runs the command with the variables
// in its environment. Nothing is quoted and no shell is involved, so no
// value can be misread; the work itself is internal/run's.
package run

import (
	"context"
	"errors"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/profile"
	zenvrun "github.com/zenv-dev/zenv/internal/run"
	"github.com/zenv-dev/zenv/render"
	"github.com/zenv-dev/zenv/render/names"
)

// RunOptions are what `zenv run` was asked to do, and what runRun needs.
type RunOptions struct {
	Profile cmdutil.ProfileOptions
	Command []string // the command and its arguments, untouched

	// LoadProfile resolves the profile from Profile's flags, the
	// environment and the config file.
	LoadProfile func() (*profile.Profile, error)
	// ReadKey reads the profile's key (and adds it to the redactor).
	ReadKey func(p *profile.Profile) (string, error)
	// Warn queues warnings; FlushWarnings prints them, before exec leaves
	// no zenv to do it.
	Warn          func(...string)
	FlushWarnings func()

	// Environ, Resolve and Exec default to the real system; tests replace them.
	Environ func() []string
	Resolve func(argv []string) error
	Exec    func(argv, env []string) error
}

// NewCmdRun builds `zenv run`. runF does the work; tests pass their own to
// check what the flags fill in.
func NewCmdRun(f *cmdutil.Factory, runF func(*RunOptions) error) *cobra.Command {
	opts := &RunOptions{Warn: f.Warn, FlushWarnings: f.FlushWarnings, Environ: os.Environ, Resolve: zenvrun.Resolve, Exec: zenvrun.Exec}
	opts.LoadProfile = func() (*profile.Profile, error) { return f.LoadProfile(&opts.Profile, false) }
	opts.ReadKey = func(p *profile.Profile) (string, error) {
		return f.ReadKeyWithin(context.Background(), p, opts.Profile.KeyTimeout)
	}
	cmd := &cobra.Command{
		Use:   "run [flags] -- COMMAND [ARG...]", // "[flags]" in Use: cobra appends it otherwise, after the command
		Short: "Run a command with the ZenML client variables in its environment",
		Long: `Run COMMAND with the variables of one profile in its environment: no
quoting, no shell, the arguments passed as given. ZenML connection variables
the profile does not set (ZENML_STORE_*, ZENML_ACTIVE_*) are removed, so a
stale token or project cannot win. On Unix zenv becomes the command (same
pid, signals reach it, its exit status is yours); on Windows zenv waits for
it and exits with its code.

Exit status: the command's own; 127 when it is not found, 126 when it is
found but cannot run; 2 for zenv's own errors (a bad profile, no key).`,
		Example: `  zenv run -p prod -- python -m pipelines.train
  zenv run -p prod -- python -c 'import os; print(os.environ["ZENML_STORE_URL"])'
  zenv run --url https://zenml.example.com --api-key-file /run/secrets/zenml_key -- zenml status
  zenv run -p prod -- prefect worker start --pool zenml-process-pool`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return errors.New("zenv run needs a command: zenv run -p NAME -- COMMAND [ARGS...]")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Command = args
			if runF != nil {
				return runF(opts)
			}
			return runRun(opts)
		},
	}
	fl := cmd.Flags()
	// Flags end at the command's name: `zenv run -p prod python -c x`
	// gives -c to python, as `--` would.
	fl.SetInterspersed(false)
	cmdutil.AddProfileFlags(fl, &opts.Profile)
	fl.SortFlags = false
	return cmd
}

func runRun(opts *RunOptions) error {
	p, err := opts.LoadProfile()
	if err != nil {
		return err
	}
	// Checked before the key is read: no key command runs for nothing.
	if err := checkNames(opts.Warn, p.Vars(""), opts.Profile.AllowNames); err != nil {
		return err
	}
	key, err := opts.ReadKey(p)
	if err != nil {
		return err
	}
	pv := p.Vars(key)
	vars := make([]zenvrun.Var, len(pv))
	for i, v := range pv {
		vars[i] = zenvrun.Var{Name: v.Name, Value: v.Value}
	}
	env, err := zenvrun.Environ(opts.Environ(), vars)
	if err != nil {
		return err
	}
	// A missing command is one line (127), warnings or not: it is found
	// first. Then warnings, which wait for success, are printed before
	// exec leaves no zenv to print them.
	if opts.Resolve != nil {
		if err := opts.Resolve(opts.Command); err != nil {
			return exitError(err)
		}
	}
	opts.FlushWarnings()
	return exitError(opts.Exec(opts.Command, env))
}

// checkNames refuses a variable whose name makes the command load or run
// code, or changes where programs come from (LD_PRELOAD, PYTHONPATH, PATH:
// names.Code), unless --allow-name lets it through, with a warning.
func checkNames(warn func(...string), vars []render.Var, allow []string) error {
	table := names.Process
	if runtime.GOOS == "windows" {
		table = names.ProcessFoldCase
	}
	for _, v := range vars {
		why := names.Refused(table, v.Name)
		if why == "" {
			continue
		}
		ne := &render.NameError{Form: "zenv run", Name: v.Name, Why: why}
		if !slices.ContainsFunc(allow, func(a string) bool {
			return a == v.Name || table.FoldCase && strings.EqualFold(a, v.Name)
		}) {
			return ne
		}
		warn(ne.Warning())
	}
	return nil
}

// exitError carries internal/run's exit codes to main: a message and its
// code, or only the code when the command ran and said its own piece.
func exitError(err error) error {
	var ee *zenvrun.ExitError
	if !errors.As(err, &ee) {
		return err
	}
	if ee.Err == nil {
		return &cmdutil.SilentError{Code: ee.Code}
	}
	return &cmdutil.ExitError{Code: ee.Code, Err: ee.Err}
}
