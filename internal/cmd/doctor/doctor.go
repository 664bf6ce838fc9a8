// Package doctor is `zenv doctor`: it diagnoses the environment a ZenML
// client would see (this process's, or a profile's), offline and against
// the server, and prints one line per check.
package doctor

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/doctor"
	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/internal/profile"
)

// DoctorOptions are what `zenv doctor` was asked to do.
type DoctorOptions struct {
	IO *iostreams.IOStreams
	// ProfileNames lists the profiles of the config file --config names
	// ("" for the usual one), in file order (--all).
	ProfileNames func(config string) ([]string, error)
	// KeyEnvNames lists the variables the profiles of that file read a
	// secret from ({env: NAME}), without reading any.
	KeyEnvNames func(config string) ([]string, error)
	// LoadProfile resolves a profile from its flags, the environment and
	// the config file.
	LoadProfile func(*cmdutil.ProfileOptions) (*profile.Profile, error)
	// ReadKey reads the profile's key within timeout (and adds it to the
	// redactor).
	ReadKey func(ctx context.Context, p *profile.Profile, timeout time.Duration) (string, error)
	// Redact is the one redactor, for an error shown as a check's detail.
	Redact        func(string) string
	FlushWarnings func()
	Getenv        func(string) string

	Format    string
	Offline   bool
	Timeout   time.Duration
	MaxKeyAge time.Duration
	All       bool
	// UseProfile is set when -p or any profile flag was given: check that
	// profile's variables instead of this process's environment.
	UseProfile bool
	Profile    cmdutil.ProfileOptions

	// Environ is the process environment; nil reads os.Environ.
	Environ func() []string
	// Input adjusts each doctor.Input before the run (tests inject the
	// network and the client-version probe).
	Input func(*doctor.Input)
}

// NewCmdDoctor builds `zenv doctor`. runF does the work; tests pass their
// own to check what the flags fill in.
func NewCmdDoctor(f *cmdutil.Factory, runF func(*DoctorOptions) error) *cobra.Command {
	opts := &DoctorOptions{
		IO: f.IOStreams,
		ProfileNames: func(config string) ([]string, error) {
			return profile.Names(f.ProfileSource(config, ""))
		},
		KeyEnvNames: func(config string) ([]string, error) {
			if f.ProfileSource == nil {
				return nil, nil
			}
			return profile.KeyEnvNames(f.ProfileSource(config, ""))
		},
		LoadProfile:   func(po *cmdutil.ProfileOptions) (*profile.Profile, error) { return f.LoadProfile(po, false) },
		ReadKey:       f.ReadKeyWithin,
		Redact:        func(s string) string { return f.Redactor.String(s) },
		FlushWarnings: f.FlushWarnings,
		Getenv:        f.Getenv,
	}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the ZenML client environment, offline and against the server",
		Long: `Check what a ZenML client started here would see: the variables it reads
(wrong names, a half-set store, competing credentials, the URL, the key's
shape, verify_ssl, project and stack ids, logging values), then what the
server answers to the calls the client makes (health, server info, the
login with the key, the account, the key's age and rotation, the project
and the stack). https is checked with the trust the client uses:
ZENML_STORE_VERIFY_SSL, else REQUESTS_CA_BUNDLE, else CURL_CA_BUNDLE, else
certifi's bundle of the python3 that has zenml, else the system roots
(never SSL_CERT_FILE); proxies are read as the client reads them.

By default doctor checks this process's environment. With -p NAME or any
profile flag it checks that profile's variables; --all checks every profile
and warns when two share a key, or production shares its account.

The key is never printed, at most its id; it is sent only to a server that
answered as ZenML, at the URL as given. A check that could not run fails
(only --offline skips the server). Exit 0 when no check failed, 1 when one
did or a profile did not load, 2 for bad usage.`,
		Example: `  zenv doctor                      # the variables of this shell
  zenv doctor -p prod              # a profile, as zenv env would render it
  zenv doctor --all --offline      # every profile, without the network
  zenv doctor --format github      # annotations for a CI step`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.Flags().Visit(func(fl *pflag.Flag) {
				switch fl.Name {
				case "format", "offline", "timeout", "all", "max-key-age":
				default:
					opts.UseProfile = true
				}
			})
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return doctorRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	cmdutil.AddProfileFlags(fl, &opts.Profile)
	cmdutil.EnumFlag(cmd, &opts.Format, "format", "text", doctor.Formats, "output `FORMAT`: "+strings.Join(doctor.Formats, ", "))
	fl.BoolVar(&opts.Offline, "offline", false, "check the variables only; contact no server")
	fl.DurationVar(&opts.Timeout, "timeout", doctor.DefaultTimeout, "give each request to the server at most `DURATION`")
	opts.MaxKeyAge = doctor.DefaultMaxKeyAge
	fl.Var((*ageValue)(&opts.MaxKeyAge), "max-key-age", "warn when the key was last rotated (or created) more than `AGE` ago, e.g. 90d, 36h")
	fl.BoolVar(&opts.All, "all", false, "check every profile of the config file")
	fl.SortFlags = false
	return cmd
}

func (o *DoctorOptions) validate() error {
	known := false
	for _, f := range doctor.Formats {
		known = known || o.Format == f
	}
	switch {
	case !known:
		return fmt.Errorf("unknown format %q; use one of %s", o.Format, strings.Join(doctor.Formats, ", "))
	case o.Timeout <= 0:
		return fmt.Errorf("--timeout %s must be more than zero, e.g. 5s", o.Timeout)
	case o.MaxKeyAge <= 0:
		return fmt.Errorf("--max-key-age must be more than zero, e.g. 90d")
	case o.All && o.Profile.Profile != "":
		return fmt.Errorf("--all and -p %s both pick the profiles; keep one", o.Profile.Profile)
	}
	return nil
}

func doctorRun(ctx context.Context, o *DoctorOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	var results []doctor.Result
	switch {
	case o.All:
		names, err := o.ProfileNames(o.Profile.Config)
		if err != nil {
			// Fail closed, in the format asked for: a CI step reading JSON
			// or annotations sees the failure, not an empty run.
			results = []doctor.Result{{ID: "profile", Status: doctor.Fail, Title: "profiles",
				Detail: o.Redact(cmdutil.OneLine(err.Error())), Fix: "fix the config file; zenv env refuses it too"}}
			break
		}
		var inputs []doctor.NamedInput
		for _, name := range names {
			opts := o.Profile
			opts.Profile = name
			in, problem := o.profileInput(ctx, &opts)
			if problem != nil {
				results = append(results, *problem)
				continue
			}
			inputs = append(inputs, doctor.NamedInput{Name: name, Input: in})
		}
		results = append(results, doctor.RunAll(ctx, inputs)...)
		// Profiles in file order, whether they loaded or not; the checks
		// across profiles last.
		order := map[string]int{"": len(names)}
		for i, n := range names {
			order[n] = i
		}
		slices.SortStableFunc(results, func(a, b doctor.Result) int { return order[a.Profile] - order[b.Profile] })
	case o.UseProfile:
		in, problem := o.profileInput(ctx, &o.Profile)
		if problem != nil {
			problem.Profile = "" // one profile: no heading
			results = []doctor.Result{*problem}
			break
		}
		in.Profile = o.Profile.Profile
		results = doctor.Run(ctx, in)
	default:
		in := o.input(processEnv(o.environ()))
		if o.KeyEnvNames != nil {
			// A missing or broken file: every name is checked as before.
			in.KeyVars, _ = o.KeyEnvNames(o.Profile.Config)
		}
		results = doctor.Run(ctx, in)
	}
	o.FlushWarnings() // the profile's warnings go before the report
	color := o.Format == "text" && doctor.ColorWanted(o.IO.StdoutTTY, o.Getenv)
	// A reader that closed the pipe has seen enough; the exit status
	// still gives the verdict.
	if err := doctor.Write(o.IO.Out, o.Format, results, color); err != nil && !iostreams.IsClosedPipe(err) {
		return cmdutil.WriteError(err)
	}
	if code := doctor.ExitCode(results); code != 0 {
		return &cmdutil.SilentError{Code: code}
	}
	return nil
}

// profileInput renders a profile's variables, with its key, as the Input to
// check. The profile loads with unknown names allowed, so that doctor, not
// the loader, reports them with the name to use. A profile that does not
// load, or whose key cannot be read, is one failed check.
func (o *DoctorOptions) profileInput(ctx context.Context, opts *cmdutil.ProfileOptions) (doctor.Input, *doctor.Result) {
	opts.Overrides.AllowUnknown = true
	p, err := o.LoadProfile(opts)
	if err != nil {
		return doctor.Input{}, &doctor.Result{Profile: opts.Profile, ID: "profile", Status: doctor.Fail, Title: "profile",
			Detail: o.Redact(cmdutil.OneLine(err.Error())), Fix: "fix the profile; zenv env refuses it too"}
	}
	key := ""
	if p.Key != nil {
		if key, err = o.ReadKey(ctx, p, opts.KeyTimeout); err != nil {
			return doctor.Input{}, &doctor.Result{Profile: opts.Profile, ID: "key-source", Status: doctor.Fail, Title: "api key",
				Detail: o.Redact(cmdutil.OneLine(err.Error())), Fix: "fix the profile's api_key source"}
		}
	}
	env := map[string]string{}
	for _, v := range p.Vars(key) {
		if v.Value != "" {
			env[v.Name] = v.Value
		}
	}
	return o.input(env), nil
}

// input is the doctor.Input for env. Proxies and CA bundles always come
// from the process environment, where the client would run.
func (o *DoctorOptions) input(env map[string]string) doctor.Input {
	in := doctor.Input{Env: env, Environ: o.environ(), Offline: o.Offline, Timeout: o.Timeout, MaxKeyAge: o.MaxKeyAge}
	if o.Input != nil {
		o.Input(&in)
	}
	return in
}

func (o *DoctorOptions) environ() []string {
	if o.Environ == nil {
		return os.Environ()
	}
	return o.Environ()
}

func processEnv(environ []string) map[string]string {
	env := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			env[k] = v
		}
	}
	return env
}

// ageValue is --max-key-age: a Go duration, or whole days ("90d").
type ageValue time.Duration

func (a *ageValue) String() string {
	d := time.Duration(*a)
	if d > 0 && d%(24*time.Hour) == 0 {
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	}
	return d.String()
}

func (a *ageValue) Set(s string) error {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days <= 0 || days > 100*365 {
			return fmt.Errorf("%q is not a number of days, e.g. 90d", s)
		}
		*a = ageValue(time.Duration(days) * 24 * time.Hour)
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not an age, e.g. 90d or 36h", s)
	}
	*a = ageValue(d)
	return nil
}

func (a *ageValue) Type() string { return "age" }
