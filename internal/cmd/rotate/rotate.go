// Package rotate is `zenv rotate`: rotate the profile's service-account
// key on its ZenML server, save the new key where the profile reads it,
// and push it to every destination, without an outage.
package rotate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	cmdpush "github.com/zenv-dev/zenv/internal/cmd/push"
	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/config"
	"github.com/zenv-dev/zenv/internal/fsutil"
	"github.com/zenv-dev/zenv/internal/iostreams"
	"github.com/zenv-dev/zenv/internal/keysource"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/push"
	"github.com/zenv-dev/zenv/internal/rotate"
)

// RotateOptions are what `zenv rotate` was asked to do.
type RotateOptions struct {
	IO      *iostreams.IOStreams
	Profile cmdutil.ProfileOptions

	Retain    time.Duration
	Strategy  string
	Resume    bool
	Now       bool
	Force     bool
	Format    string
	AdminUser string
	// adminFlags holds --admin-password-KIND by kind name.
	adminFlags map[string]*string
	adminBools map[string]*bool

	HTTPClient func() (push.Doer, error)
	Keyring    func() (push.KeyringStore, error)
	Sleep      func(context.Context, time.Duration) error
	Clock      func() time.Time // tests: the server's clock
	// StateDir holds rotation records and recovery files ("" : zenv's
	// config folder).
	StateDir string

	// Load resolves the profile and reads its key (push's Load).
	Load cmdpush.LoadFunc
	// ReadSecret reads the admin password (push's ReadSecret).
	ReadSecret func(ctx context.Context, src keysource.Source, timeout time.Duration, what string, allowEmpty bool) (string, error)
	// Secret adds a new key to the redactor; Redact is that redactor.
	Secret func(string)
	Redact func(string) string
	// Notice prints a line on stderr; FlushWarnings the queued warnings.
	Notice        func(string)
	FlushWarnings func()
}

// NewCmdRotate builds `zenv rotate`.
func NewCmdRotate(f *cmdutil.Factory, runF func(*RotateOptions) error) *cobra.Command {
	opts := &RotateOptions{
		IO:   f.IOStreams,
		Load: cmdpush.Loader(f),
		ReadSecret: func(ctx context.Context, src keysource.Source, timeout time.Duration, what string, allowEmpty bool) (string, error) {
			return cmdpush.ReadSecret(ctx, f, src, timeout, what, allowEmpty)
		},
		Secret:        func(s string) { f.Redactor.Add(s) },
		Redact:        cmdpush.Redactor(f),
		Notice:        f.Notice,
		FlushWarnings: f.FlushWarnings,
	}
	cmd := &cobra.Command{
		Use:   "rotate",
		Short: "Rotate the profile's service-account key and push the new one everywhere",
		Long: `Rotate the profile's service-account key on its ZenML server and push the
new key to every destination of the profile's push: list, without an outage.

First a preflight that changes nothing: the server's info (a ZenML Pro
workspace is refused: its keys are managed in ZenML Pro), a login with the
key, its service account and key id (read from the key itself), the key's
record (a rotation inside an open retention window is refused: it would end
the previous key at once; --now does it anyway, for a leaked key), that
every destination can be written, and a warning about active schedules the
account owns.

Then the rotation (PUT .../api_keys/KEY/rotate with --retain, never retried
blindly: when its answer is lost, the key's last_rotated says whether it
happened), the new key saved at once where the profile reads it (the OS
keyring item, the key file, or the config file's api_key value; a key from
{env:} or {cmd:} is refused up front with the line that moves it to the
keyring), a login with the new key as the same account, and the push. The
old key keeps working for --retain, then stops.

--strategy replace creates a second key instead, pushes and verifies it,
then deactivates the old key. --resume finishes an interrupted rotation
from the saved key: push, verify, and for replace deactivate the old key.

On a server without RBAC only an admin user may rotate: pass --admin-user
NAME and a password source. Exit 0 when done, 1 when something failed after
the server changed the key (the message says how to finish), 2 when nothing
was changed.`,
		Example: `  zenv rotate -p prod                           # rotate, old key works 60 more minutes
  zenv rotate -p prod --admin-user admin --admin-password-keyring zenml-admin
  zenv rotate -p prod --retain 0 --now          # a leaked key: end it at once
  zenv rotate -p prod --strategy replace        # a second key, then the old one off
  zenv rotate -p prod --resume                  # push the saved key again`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return rotateRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	cmdpush.AddProfileFlags(cmd, &opts.Profile)
	fl.DurationVar(&opts.Retain, "retain", time.Hour, "keep the old key working for `DURATION` after the rotation (whole minutes; 0 ends it at once)")
	fl.StringVar(&opts.Strategy, "strategy", rotate.StrategyRotate, "`STRATEGY`: rotate (one key, a retention window) or replace (a second key, then the old one deactivated)")
	fl.BoolVar(&opts.Resume, "resume", false, "finish an interrupted rotation from the saved key: push, verify, deactivate the old key (replace)")
	fl.BoolVar(&opts.Now, "now", false, "rotate even inside an open retention window (the previous key ends at once)")
	fl.StringVar(&opts.AdminUser, "admin-user", "", "log in as admin user `NAME` to rotate (servers without RBAC)")
	opts.adminFlags, opts.adminBools = map[string]*string{}, map[string]*bool{}
	for _, k := range keysource.Kinds() {
		if k.Flag == "" {
			continue
		}
		name := "admin-password-" + k.Name
		if k.Bool {
			opts.adminBools[k.Name] = fl.Bool(name, false, "read the admin password from standard input")
		} else {
			opts.adminFlags[k.Name] = fl.String(name, "", "read the admin password from "+adminUsage(k))
		}
	}
	fl.BoolVar(&opts.Force, "force", false, "write a keyring destination that another profile reads its key from")
	cmdutil.EnumFlag(cmd, &opts.Format, "format", "text", cmdpush.Formats, "output `FORMAT` of the push lines: "+strings.Join(cmdpush.Formats, ", "))
	fl.SortFlags = false
	return cmd
}

func adminUsage(k keysource.Kind) string {
	switch k.Name {
	case "env":
		return "environment variable `NAME`"
	case "file":
		return "file `PATH`"
	case "cmd":
		return "the output of `COMMAND`"
	case "keyring":
		return "OS keyring item `NAME` (zenv key set NAME)"
	}
	return k.Name
}

func (o *RotateOptions) validate() error {
	switch {
	case o.Strategy != rotate.StrategyRotate && o.Strategy != rotate.StrategyReplace:
		return fmt.Errorf("unknown strategy %q; use rotate or replace", o.Strategy)
	case o.Retain < 0 || o.Retain%time.Minute != 0:
		return fmt.Errorf("--retain %s: give whole minutes, such as 60m, or 0", o.Retain)
	case o.Now && o.Strategy != rotate.StrategyRotate:
		return errors.New("--now applies to --strategy rotate; replace ends no key before the new one is pushed")
	case o.Now && o.Resume:
		return errors.New("--resume rotates nothing, so --now has no meaning with it")
	}
	n := 0
	for _, v := range o.adminFlags {
		if *v != "" {
			n++
		}
	}
	for _, v := range o.adminBools {
		if *v {
			n++
		}
	}
	switch {
	case n > 1:
		return errors.New("more than one --admin-password-* flag; keep one")
	case n == 1 && o.AdminUser == "":
		return errors.New("an admin password was given without --admin-user NAME")
	case n == 0 && o.AdminUser != "":
		return errors.New("--admin-user needs a password source: --admin-password-env NAME, -file PATH, -cmd COMMAND, -stdin or -keyring NAME")
	}
	return nil
}

// adminSource is the password's key source, nil without --admin-user.
func (o *RotateOptions) adminSource() keysource.Source {
	for _, k := range keysource.Kinds() {
		if v, ok := o.adminFlags[k.Name]; ok && *v != "" {
			return k.New(*v, "--admin-password-"+k.Name)
		}
		if v, ok := o.adminBools[k.Name]; ok && *v {
			return k.New("", "--admin-password-"+k.Name)
		}
	}
	return nil
}

// saver returns how to save a new key where p reads it, or the refusal
// that says how to move the key somewhere zenv can write. reload loads
// the profile again and reads its key: a literal key is verified by what
// the profile reads after the config file's edit.
func saver(p *profile.Profile, kr func() (push.KeyringStore, error), reload func() (string, error)) (func(string) error, error) {
	switch src := p.Key.(type) {
	case keysource.Keyring:
		return func(key string) error {
			ks, err := kr()
			if err != nil {
				return err
			}
			// The keyring destination's write: set, then read back.
			if _, _, err := (&push.Keyring{Store: ks, Item: src.Name}).Push(context.Background(), push.Values{Key: key}); err != nil {
				return fmt.Errorf("OS keyring item %s: %w", src.Name, err)
			}
			return nil
		}, nil
	case keysource.File:
		return func(key string) error {
			if err := cmdutil.WriteOutput(src.Path, []byte(key+"\n"), nil); err != nil {
				return err
			}
			if b, err := os.ReadFile(src.Path); err != nil || strings.TrimRight(string(b), "\r\n") != key {
				return fmt.Errorf("key file %s does not read back the new key", src.Path)
			}
			return nil
		}, nil
	case keysource.Value:
		if p.Path == "" || p.Name == "" {
			break
		}
		return func(key string) error {
			if err := config.Edit(p.Path, func(c *config.Doc) error { return c.SetKeyValue(p.Name, key) }, nil); err != nil {
				return err
			}
			got, err := reload()
			if err != nil {
				return fmt.Errorf("config file %s was edited, but loading profile %s again failed: %w", p.Path, p.Name, err)
			}
			if got != key {
				return fmt.Errorf("config file %s was edited, but profile %s does not read the new key from it", p.Path, p.Name)
			}
			return nil
		}, nil
	}
	name := p.Name
	if name == "" {
		name = "NAME"
	}
	move := "zenv key set " + name
	if cmd, err := p.Key.ShellCommand(); err == nil && cmd != "" {
		move = cmd + " | " + move
	}
	file := "write it to PATH with mode 0600"
	if cmd, err := p.Key.ShellCommand(); err == nil && cmd != "" {
		file = "(umask 077; " + cmd + " > PATH)"
	}
	return nil, fmt.Errorf("the key comes from %s, which zenv cannot write, so a rotated key could not be saved; move it to the OS keyring first: %s, then set api_key: {keyring: %s} in the profile; or, without a keyring (a headless machine), to a file only you can read: %s, then set api_key: {file: PATH}", p.Key.Describe(), move, name, file)
}

func rotateRun(ctx context.Context, o *RotateOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	l, err := o.Load(ctx, &o.Profile, cmdpush.LoadOptions{HTTPClient: o.HTTPClient, Keyring: o.Keyring, Sleep: o.Sleep, Force: o.Force})
	if err != nil {
		return err
	}
	p := l.Profile
	// The key and the admin password go to the server: a warning is not
	// enough, as for a destination without allow_http.
	if rotate.PlainHTTP(p.URL) {
		// Name what would be sent: without --admin-user, the profile's key
		// alone logs in.
		what := "the profile's key"
		if o.AdminUser != "" {
			what = "the key and the admin password"
		}
		return fmt.Errorf("profile %s's url is plain http to another host, so rotating would send %s in clear text; nothing was sent: use https:// (plain http is allowed only to this machine)", p.Name, what)
	}
	kr := l.Deps.Keyring
	reload := func() (string, error) {
		l, err := o.Load(ctx, &o.Profile, cmdpush.LoadOptions{HTTPClient: o.HTTPClient, Keyring: o.Keyring, Sleep: o.Sleep, Force: o.Force})
		if err != nil {
			return "", err
		}
		return l.Key, nil
	}
	save, err := saver(p, kr, reload)
	if err != nil && !o.Resume {
		return err
	}
	var admin *rotate.Admin
	if src := o.adminSource(); src != nil {
		pw, err := o.ReadSecret(ctx, src, o.Profile.KeyTimeout, "admin password", true)
		if err != nil {
			return err
		}
		admin = &rotate.Admin{User: o.AdminUser, Password: pw}
	}
	hc, err := l.Deps.HTTPClient()
	if err != nil {
		return err
	}
	dir := o.StateDir
	if dir == "" {
		dir = cmdpush.StateDir()
	}
	targets := push.Targets(p, l.Deps)
	ro := &rotate.Options{
		Profile: p.Name, Key: l.Key, URL: p.URL,
		Server:   rotate.NewServer(hc, p.URL),
		Strategy: o.Strategy, Retain: o.Retain, Now: o.Now, Resume: o.Resume, Admin: admin,
		// Built once: each token is read once (a {stdin: true} token could
		// not be read twice), and a store takes the key per call.
		Targets: func(string) []push.Target { return targets },
		Save:    save,
		Recover: func(key string) (string, error) { return recoveryFile(dir, p.Name, key) },
		State:   rotate.DirState{Dir: filepath.Join(dir, "rotate")},
		Secret:  o.Secret,
		Notice:  func(m string) { o.FlushWarnings(); o.Notice(m) },
		Clock:   o.Clock,
	}
	results, err := rotate.Run(ctx, ro)
	o.FlushWarnings()
	if results != nil {
		if perr := cmdpush.Print(o.IO.Out, o.Redact, o.Format, results); perr != nil && err == nil {
			return perr
		}
	}
	var ac *rotate.AfterChangeError
	if errors.As(err, &ac) {
		return &cmdutil.ExitError{Code: cmdutil.ExitFailure, Err: err}
	}
	return err
}

// recoveryFile writes a key that could not be saved to a new 0600 file in
// dir/recovery and returns its path.
func recoveryFile(dir, profileName, key string) (string, error) {
	rdir := filepath.Join(dir, "recovery")
	if err := os.MkdirAll(rdir, 0o700); err != nil {
		return "", err
	}
	if profileName == "" {
		profileName = "key"
	}
	path := filepath.Join(rdir, profileName+"-"+time.Now().UTC().Format("20060102T150405Z")+".key")
	if err := fsutil.ReplaceFile(path, []byte(key+"\n")); err != nil {
		return "", err
	}
	return path, nil
}
