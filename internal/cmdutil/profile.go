package cmdutil

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/spf13/pflag"

	"github.com/zenv-dev/zenv/internal/keysource"
	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/internal/zenml"
	"github.com/zenv-dev/zenv/render"
	"github.com/zenv-dev/zenv/render/names"
)

// ProfileOptions are the flags that pick and override a profile, shared by
// every command that needs one (env, run, doctor, profile add).
type ProfileOptions struct {
	Config     string
	Profile    string
	NoConfig   bool
	KeyTimeout time.Duration
	Overrides  profile.Overrides
	// AllowNames are variable names to write although the target treats
	// them specially (--allow-name, repeatable); see render.SpecialName.
	AllowNames []string
	// The flags whose set is known only at run time: key sources and
	// target settings, by kind name and config key.
	keyFlags     map[string]*string
	keyBools     map[string]*bool
	settingFlags map[string]*string
}

// AddProfileFlags registers the profile flags on fl: the profile and
// config file, every profile field and every key source that has a flag.
// A command whose output a target setting shapes adds AddSettingFlags.
func AddProfileFlags(fl *pflag.FlagSet, o *ProfileOptions) {
	ov := &o.Overrides
	AddProfilePickFlags(fl, o)
	fl.BoolVar(&o.NoConfig, "no-config", false, "read no config file: the flags are the whole profile")
	fl.StringVar(&ov.URL, "url", "", "ZenML server `URL` (https://...)")
	o.keyFlags, o.keyBools = map[string]*string{}, map[string]*bool{}
	for _, k := range keysource.Kinds() {
		if k.Flag == "" {
			continue // a literal key has no flag: it would show in ps and history
		}
		if k.Bool {
			o.keyBools[k.Name] = fl.Bool(k.Flag, false, k.Usage)
		} else {
			o.keyFlags[k.Name] = fl.String(k.Flag, "", k.Usage)
		}
	}
	fl.DurationVar(&o.KeyTimeout, "api-key-timeout", keysource.DefaultTimeout, "give up on --api-key-cmd after `DURATION`")
	fl.StringVar(&ov.VerifySSL, "verify-ssl", "", "true, false, or a CA bundle `PATH`")
	fl.StringVar(&ov.Project, "project", "", "active project `UUID`")
	fl.StringVar(&ov.Stack, "stack", "", "active stack `UUID`")
	fl.StringArrayVar(&ov.Set, "set", nil, "extra variable `NAME=VALUE` (repeatable)")
	fl.BoolVar(&ov.AllowUnknown, "allow-unknown", false, "allow ZENML_ names the ZenML client does not read")
	fl.StringArrayVar(&o.AllowNames, "allow-name", nil, "set variable `NAME` although the target treats it specially or it loads code (repeatable; warns)")
}

// AddProfilePickFlags registers only the flags that pick the profile (-p,
// --config), for commands that use a profile as the file says (push,
// rotate: a --api-key-env there would make rotate save the key elsewhere).
func AddProfilePickFlags(fl *pflag.FlagSet, o *ProfileOptions) {
	fl.StringVarP(&o.Profile, "profile", "p", "", "profile `NAME` from the config file (default: $ZENV_PROFILE, then the file's default)")
	fl.StringVar(&o.Config, "config", "", "config file `PATH` (default: $ZENV_CONFIG, then <user config dir>/zenv/config.yaml)")
}

// AddSettingFlags registers a flag for every target setting declared in
// the render registry (--github-secret, --k8s-secret, ...): only on the
// commands they shape, zenv env and zenv profile add.
func AddSettingFlags(fl *pflag.FlagSet, o *ProfileOptions) {
	o.settingFlags = map[string]*string{}
	for _, s := range render.Settings() {
		o.settingFlags[s.Key] = fl.String(s.Flag, "", s.Usage)
	}
}

// collect moves the flag values into Overrides, over any key sources and
// settings already there (a test sets them directly).
func (o *ProfileOptions) collect() profile.Overrides {
	ov := o.Overrides
	ov.Key = maps.Clone(o.Overrides.Key)
	if ov.Key == nil {
		ov.Key = map[string]string{}
	}
	for name, v := range o.keyFlags {
		if *v != "" {
			ov.Key[name] = *v
		}
	}
	for name, v := range o.keyBools {
		if *v {
			ov.Key[name] = "true"
		}
	}
	ov.Settings = maps.Clone(o.Overrides.Settings)
	if ov.Settings == nil {
		ov.Settings = map[string]string{}
	}
	for key, v := range o.settingFlags {
		if *v != "" {
			ov.Settings[key] = *v
		}
	}
	return ov
}

// Resolved returns the flags as profile overrides.
func (o *ProfileOptions) Resolved() profile.Overrides { return o.collect() }

// LoadProfile resolves the profile from the config file, the environment
// and the flags, and prints its warnings. forUnset: only names are needed.
func (f *Factory) LoadProfile(o *ProfileOptions, forUnset bool) (*profile.Profile, error) {
	for _, n := range o.AllowNames {
		if !names.IsVarName(n) {
			return nil, fmt.Errorf("--allow-name %q: a variable name is letters, digits and _, not starting with a digit", n)
		}
	}
	if o.KeyTimeout <= 0 {
		return nil, fmt.Errorf("--api-key-timeout %s: give a time above zero, such as 10s or 1m", o.KeyTimeout)
	}
	ov := o.collect()
	ov.ForUnset = forUnset
	src := f.ProfileSource(o.Config, o.Profile)
	src.NoConfig = o.NoConfig
	p, warnings, err := profile.Load(src, ov)
	if p != nil {
		for n, v := range p.Env {
			if zenml.Name(n).Secret {
				f.Redactor.Add(v) // ZENML_STORE_PASSWORD and the like
			}
		}
	}
	f.Warn(warnings...)
	return p, err
}

// ReadKeyWithin reads the profile's key within timeout (0: the default
// for key commands), prints its warnings, and adds it to the redactor, so
// no later message can show it.
func (f *Factory) ReadKeyWithin(ctx context.Context, p *profile.Profile, timeout time.Duration) (string, error) {
	if timeout <= 0 {
		timeout = keysource.DefaultTimeout
	}
	sys := keysource.System{
		Timeout:   timeout,
		Getenv:    f.Getenv,
		Stdin:     f.IOStreams.In,
		StdinTTY:  f.IOStreams.StdinTTY,
		StderrTTY: f.IOStreams.StderrTTY,
		Stderr:    f.IOStreams.ErrOut,
		Warn:      func(m string) { f.Warn(m) },
	}
	key, warnings, err := keysource.ReadKey(ctx, p.Key, sys)
	f.Redactor.Add(key)
	f.Warn(warnings...)
	return key, err
}
