// Package push is `zenv push`: write the profile's key to every
// destination of its push: list, verify each, and print one line per
// destination.
package push

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/internal/keysource"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/push"
	"github.com/zenv-dev/zenv/internal/rotate"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// Formats are the output formats of push (and rotate).
var Formats = []string{"text", "json"}

// PushOptions are what `zenv push` was asked to do.
type PushOptions struct {
	IO      *iostreams.IOStreams
	Profile cmdutil.ProfileOptions

	DryRun bool
	Check  bool
	Force  bool
	Format string

	// HTTPClient builds the client every request goes through.
	HTTPClient func() (push.Doer, error)
	// Keyring opens the OS keyring (tests pass a fake).
	Keyring func() (push.KeyringStore, error)
	// Sleep waits as a store asks; tests pass one that records.
	Sleep func(context.Context, time.Duration) error

	// Load resolves the profile and reads its key (Load, over the Factory).
	Load LoadFunc
	// FlushWarnings prints the queued warnings, before the status lines.
	FlushWarnings func()
	// Redact is the one redactor every status line passes.
	Redact func(string) string
}

// NewCmdPush builds `zenv push`.
func NewCmdPush(f *cmdutil.Factory, runF func(*PushOptions) error) *cobra.Command {
	opts := &PushOptions{IO: f.IOStreams, Load: Loader(f), FlushWarnings: f.FlushWarnings, Redact: Redactor(f)}
	cmd := &cobra.Command{
		Use:   "push",
		Short: "Write the profile's key to its GitHub, GitLab, Prefect and keyring destinations",
		Long: `Write the profile's api key to every destination its push: list names
(see 'zenv help config'): a GitHub Actions secret (sealed with the
repository's public key; with github_url_var, the url variable too), a
GitLab CI/CD variable (masked, raw, per environment scope), a Prefect
Secret block, an OS keyring item. Each is written through the store's
REST API and verified where the store allows: read back (GitLab unless
hidden, Prefect, keyring), or, on GitHub, whose values never read back,
by the secret's updated_at.

Destinations are written one after the other; a store's request to wait
(Retry-After, GitHub's rate limits) is honoured up to 90s. Nothing the
profile does not name is touched. A failed destination does not stop the
others. One line per destination says what happened; exit 0 when every
destination is verified or unchanged, 1 when any failed (or, with
--check, differs), 2 for bad input.

--dry-run says what would be written and writes nothing. --check
compares without writing: GitHub secrets count as current when updated
at or after the key's last rotation, read from the ZenML server.`,
		Example: `  zenv push -p prod                 # write and verify every destination
  zenv push -p prod --dry-run       # what would be written
  zenv push -p prod --check         # exit 1 when a destination is stale`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return pushRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	AddProfileFlags(cmd, &opts.Profile)
	fl.BoolVar(&opts.DryRun, "dry-run", false, "say what would be written; write nothing")
	fl.BoolVar(&opts.Check, "check", false, "compare the destinations with the key; write nothing, exit 1 on a difference")
	fl.BoolVar(&opts.Force, "force", false, "write a keyring destination that another profile reads its key from")
	cmdutil.EnumFlag(cmd, &opts.Format, "format", "text", Formats, "output `FORMAT`: "+strings.Join(Formats, ", "))
	fl.SortFlags = false
	return cmd
}

// AddProfileFlags registers the flags that pick the profile: push and
// rotate use the profile as the config file says, so its fields have no
// flags here (a --api-key-env would make rotate save the key elsewhere).
func AddProfileFlags(cmd *cobra.Command, o *cmdutil.ProfileOptions) {
	fl := cmd.Flags()
	cmdutil.AddProfilePickFlags(fl, o)
	fl.DurationVar(&o.KeyTimeout, "api-key-timeout", keysource.DefaultTimeout, "give up on a key or token command after `DURATION`")
}

func (o *PushOptions) validate() error {
	switch {
	case o.DryRun && o.Check:
		return errors.New("--dry-run and --check both write nothing; keep one")
	}
	return nil
}

// LoadOptions are the dependencies of Load.
type LoadOptions struct {
	HTTPClient func() (push.Doer, error)
	Keyring    func() (push.KeyringStore, error)
	Sleep      func(context.Context, time.Duration) error
	Force      bool
	NeedPush   bool // refuse a profile without push: destinations
}

// LoadFunc is Load with the Factory bound: what push and rotate hold.
type LoadFunc func(ctx context.Context, po *cmdutil.ProfileOptions, lo LoadOptions) (*Loaded, error)

// Loader is Load over f.
func Loader(f *cmdutil.Factory) LoadFunc {
	return func(ctx context.Context, po *cmdutil.ProfileOptions, lo LoadOptions) (*Loaded, error) {
		return Load(ctx, f, po, lo)
	}
}

// Redactor is f's redactor as a function, read at each call: keys and
// tokens read later are hidden too.
func Redactor(f *cmdutil.Factory) func(string) string {
	return func(s string) string { return f.Redactor.String(s) }
}

// Loaded is a profile ready to push: its key read and checked, its
// destinations' dependencies set.
type Loaded struct {
	Profile *profile.Profile
	Key     string
	Deps    push.Deps
}

// Load resolves the profile and reads its key, refusing an empty key or
// one that is not a ZenML key before anything is written.
func Load(ctx context.Context, f *cmdutil.Factory, po *cmdutil.ProfileOptions, lo LoadOptions) (*Loaded, error) {
	hc, kr := lo.HTTPClient, lo.Keyring
	p, err := f.LoadProfile(po, false)
	if err != nil {
		return nil, err
	}
	if len(p.Push) == 0 && lo.NeedPush {
		where := "the profile"
		if p.Path != "" {
			where = p.Path
		}
		return nil, fmt.Errorf("profile %s has no push: destinations; list them in %s (see 'zenv help config')", orNone(p.Name), where)
	}
	key, err := f.ReadKeyWithin(ctx, p, po.KeyTimeout)
	if err != nil {
		return nil, err
	}
	// Stricter than zenv env: a key that is not clean goes nowhere.
	if _, problems := zenml.ParseKey(key); len(problems) > 0 {
		return nil, fmt.Errorf("the api key from %s %s, so it is not pushed anywhere; check the source", p.Key.Describe(), problems[0].Message)
	}
	if hc == nil {
		hc = push.DefaultHTTPClient
	}
	if kr == nil {
		kr = func() (push.KeyringStore, error) { return f.Keyring() }
	}
	inUse := profile.KeyringItemsInUse(f.ProfileSource(po.Config, po.Profile))
	deps := push.Deps{
		HTTPClient: hc,
		Keyring:    kr,
		Sleep:      lo.Sleep,
		InUse:      inUse,
		Profile:    p.Name,
		Force:      lo.Force,
		Secret:     f.Redactor.Add,
		ReadToken: func(d profile.Destination, which string) (string, error) {
			src := d.Token
			if which == "auth_string" {
				src = d.AuthString
			}
			return ReadToken(ctx, f, src, po.KeyTimeout)
		},
	}
	return &Loaded{Profile: p, Key: key, Deps: deps}, nil
}

// ReadToken reads a destination's token from its source: bounded like a
// key, one line, never empty, and added to the redactor before anything
// can print it.
func ReadToken(ctx context.Context, f *cmdutil.Factory, src keysource.Source, timeout time.Duration) (string, error) {
	return ReadSecret(ctx, f, src, timeout, "token", false)
}

// ReadSecret reads a credential other than the key (what names it in
// messages: "token", "admin password"), bounded and one line; allowEmpty
// lets an empty value through (a local server's admin has no password).
func ReadSecret(ctx context.Context, f *cmdutil.Factory, src keysource.Source, timeout time.Duration, what string, allowEmpty bool) (string, error) {
	if timeout <= 0 {
		timeout = keysource.DefaultTimeout
	}
	if env, ok := src.(keysource.Env); ok && allowEmpty {
		// keysource refuses an empty variable; here it is an empty value.
		if v, set := os.LookupEnv(env.Name); set || f.Getenv(env.Name) != "" {
			v = f.Getenv(env.Name)
			f.Redactor.Add(v)
			return v, nil
		}
	}
	sys := keysource.System{
		Timeout: timeout, Getenv: f.Getenv, Stdin: f.IOStreams.In, StdinTTY: f.IOStreams.StdinTTY,
		StderrTTY: f.IOStreams.StderrTTY, Stderr: f.IOStreams.ErrOut, Warn: func(m string) { f.Warn(m) },
	}
	ctx, cancel := context.WithTimeout(ctx, timeout+time.Second)
	defer cancel()
	raw, err := src.Read(ctx, sys)
	if err != nil {
		// The key sources' messages say "api key"; here it is something else.
		return "", errors.New(strings.Replace(err.Error(), "api key", what, 1))
	}
	v := strings.TrimRight(string(raw), "\r\n")
	f.Redactor.Add(v)
	switch {
	case v == "" && !allowEmpty:
		return "", fmt.Errorf("%s from %s is empty", what, src.Describe())
	case strings.ContainsAny(v, "\r\n\x00"):
		return "", fmt.Errorf("%s from %s is not one line", what, src.Describe())
	}
	return v, nil
}

func orNone(s string) string {
	if s == "" {
		return "(flags)"
	}
	return s
}

func pushRun(ctx context.Context, o *PushOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	l, err := o.Load(ctx, &o.Profile, LoadOptions{HTTPClient: o.HTTPClient, Keyring: o.Keyring, Sleep: o.Sleep, Force: o.Force, NeedPush: true})
	if err != nil {
		return err
	}
	targets := push.Targets(l.Profile, l.Deps)
	v := push.Values{Key: l.Key, URL: l.Profile.URL}
	mode := push.Write
	switch {
	case o.DryRun:
		mode = push.DryRun
	case o.Check:
		mode = push.Check
		if hasGitHub(l.Profile) {
			v.LastRotated, v.RotationUnknown = lastRotation(ctx, l)
		}
	}
	results := push.Run(ctx, targets, v, mode)
	o.FlushWarnings()
	return Print(o.IO.Out, o.Redact, o.Format, results)
}

// Print writes the status lines (or JSON) and turns a failure into exit 1.
func Print(out io.Writer, redact func(string) string, format string, results []push.Result) error {
	write := push.WriteText
	if format == "json" {
		write = push.WriteJSON
	}
	if err := write(out, results, redact); err != nil {
		return cmdutil.WriteError(err)
	}
	if !push.AllOK(results) {
		return &cmdutil.SilentError{Code: cmdutil.ExitFailure}
	}
	return nil
}

func hasGitHub(p *profile.Profile) bool {
	for _, d := range p.Push {
		if d.Kind == "github" {
			return true
		}
	}
	return false
}

// lastRotation reads when the key last changed, from the server, for
// comparing with GitHub's updated_at.
func lastRotation(ctx context.Context, l *Loaded) (time.Time, string) {
	if rotate.PlainHTTP(l.Profile.URL) {
		return time.Time{}, "the key's last rotation is not read: the profile's url is plain http to another host, and the key would cross the network in clear text (use https://)"
	}
	hc, err := l.Deps.HTTPClient()
	if err != nil {
		return time.Time{}, "the key's last rotation cannot be read: " + err.Error()
	}
	k, err := rotate.KeyRecord(ctx, rotate.NewServer(hc, l.Profile.URL), l.Key, l.Deps.Secret)
	if err != nil {
		return time.Time{}, "the key's last rotation cannot be read from the server: " + err.Error()
	}
	return k.Changed(), ""
}

// StateDir is zenv's folder for rotation records and recovery files.
func StateDir() string {
	if dir, err := os.UserConfigDir(); err == nil {
		return filepath.Join(dir, "zenv")
	}
	return filepath.Join(os.TempDir(), "zenv-"+fmt.Sprint(os.Getuid()))
}
