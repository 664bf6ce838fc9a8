package profile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/zenv-dev/zenv/internal/keysource"
	"github.com/zenv-dev/zenv/internal/zenml"
	"github.com/zenv-dev/zenv/render"
)

// Source is where Load looks for a profile; tests replace the functions.
type Source struct {
	ConfigFlag    string // --config
	ProfileFlag   string // -p/--profile
	Getenv        func(string) string
	ReadFile      func(string) ([]byte, error)
	Stat          func(string) (os.FileInfo, error)
	UserConfigDir func() (string, error)
}

// OSSource is the Source of a real run.
func OSSource(configFlag, profileFlag string) Source {
	return Source{
		ConfigFlag:    configFlag,
		ProfileFlag:   profileFlag,
		Getenv:        os.Getenv,
		ReadFile:      os.ReadFile,
		Stat:          os.Stat,
		UserConfigDir: os.UserConfigDir,
	}
}

// Load resolves the profile: the named profile of the config file, with the
// flags in ov laid over it field by field, then validated. It returns
// warnings for the user, none of which holds the key.
func Load(src Source, ov Overrides) (*Profile, []string, error) {
	path, explicit := configPath(src)
	name := src.ProfileFlag
	if name == "" {
		name = src.Getenv("ZENV_PROFILE")
	}

	var warnings []string
	base := newLayer()
	p := &Profile{}
	if path != "" {
		data, err := src.ReadFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist) && !explicit && name == "":
			// No file and none asked for: flags alone.
		case errors.Is(err, fs.ErrNotExist):
			return nil, nil, fmt.Errorf("config file %s does not exist; create it (see 'zenv help config') or pass the settings as flags", path)
		case err != nil:
			return nil, nil, fmt.Errorf("cannot read config file: %w", err)
		default:
			cf, err := parseConfig(path, data)
			if err != nil {
				return nil, nil, err
			}
			if name, err = pickProfile(cf, name); err != nil {
				return nil, nil, err
			}
			if name != "" {
				base = cf.profiles[name]
				p.Name, p.Path = name, path
			}
		}
	}
	if name != "" && p.Name == "" {
		return nil, nil, fmt.Errorf("profile %q was asked for, but there is no config file at %s; create it or drop -p/$ZENV_PROFILE", name, path)
	}

	flags, err := flagLayer(ov)
	if err != nil {
		return nil, nil, err
	}
	merged := merge(base, flags)
	if merged.key != nil && merged.key.Kind() == "value" && p.Path != "" {
		if fi, err := src.Stat(p.Path); err == nil && keysource.GroupOrOtherReadable(fi) {
			warnings = append(warnings, fmt.Sprintf("%s: api_key.value holds the key in plain text in a file that group or others can read; run chmod 600 %s, or use api_key: {env: NAME}", merged.key.Origin(), p.Path))
		}
	}
	w, err := fill(p, merged, ov.AllowUnknown, ov.ForUnset)
	if err != nil {
		return nil, nil, err
	}
	return p, append(warnings, w...), nil
}

// ConfigPath returns the config file src points at (--config, then
// $ZENV_CONFIG, then the user config dir), "" when there is none, and
// whether the user named it. The profile commands edit this file.
func ConfigPath(src Source) (path string, explicit bool) { return configPath(src) }

// configPath returns the config file to read and whether the user named it.
func configPath(src Source) (string, bool) {
	if src.ConfigFlag != "" {
		return src.ConfigFlag, true
	}
	if p := src.Getenv("ZENV_CONFIG"); p != "" {
		return p, true
	}
	dir, err := src.UserConfigDir()
	if err != nil {
		return "", false
	}
	return filepath.Join(dir, "zenv", "config.yaml"), false
}

func pickProfile(cf *configFile, name string) (string, error) {
	switch {
	case name != "":
		if _, ok := cf.profiles[name]; !ok {
			names := append([]string(nil), cf.names...)
			sort.Strings(names)
			return "", fmt.Errorf("%s has no profile %q;%s profiles: %s", cf.path, name, didYouMean(name, names), strings.Join(names, ", "))
		}
		return name, nil
	case cf.def.set():
		return cf.def.Value, nil
	case len(cf.names) == 1:
		return cf.names[0], nil
	case len(cf.names) == 0:
		return "", nil
	}
	return "", fmt.Errorf("%s has several profiles (%s) and no default:; pick one with -p NAME or add default: NAME", cf.path, strings.Join(cf.names, ", "))
}

// flagLayer turns the command-line overrides into a layer.
func flagLayer(ov Overrides) (*layer, error) {
	l := newLayer()
	for _, f := range []struct{ key, value, flag string }{
		{"url", ov.URL, "--url"},
		{"verify_ssl", ov.VerifySSL, "--verify-ssl"},
		{"project", ov.Project, "--project"},
		{"stack", ov.Stack, "--stack"},
	} {
		if f.value != "" {
			l.fields[f.key] = field{Value: f.value, Origin: f.flag}
		}
	}
	for _, s := range render.Settings() {
		if v := ov.Settings[s.Key]; v != "" {
			l.fields[s.Key] = field{Value: v, Origin: "--" + s.Flag}
		}
	}
	var sources []keysource.Source
	for _, k := range keysource.Kinds() {
		v, ok := ov.Key[k.Name]
		if !ok || v == "" || k.Flag == "" {
			continue
		}
		if k.Bool {
			v = ""
		}
		sources = append(sources, k.New(v, "--"+k.Flag))
	}
	if len(sources) > 1 {
		return nil, fmt.Errorf("%s and %s both set the api key source; keep one", sources[0].Origin(), sources[1].Origin())
	}
	if len(sources) == 1 {
		l.key = sources[0]
	}
	for _, kv := range ov.Set {
		name, value, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, fmt.Errorf("--set %q: expected NAME=VALUE", kv)
		}
		l.env[name] = field{Value: value, Origin: "--set " + name}
	}
	return l, nil
}

// merge lays top over base, field by field.
func merge(base, top *layer) *layer {
	m := newLayer()
	for k, f := range base.fields {
		m.fields[k] = f
	}
	for k, f := range top.fields {
		m.fields[k] = f
	}
	m.key = base.key
	if top.key != nil {
		m.key = top.key
	}
	for k, f := range base.env {
		m.env[k] = f
	}
	for k, f := range top.env {
		m.env[k] = f
	}
	return m
}

// fill validates the merged layer into p. Every error starts with where the
// bad setting came from.
func fill(p *Profile, l *layer, allowUnknown, forUnset bool) ([]string, error) {
	var warnings []string
	url, ok := l.fields["url"]
	switch {
	case ok:
		u, warn, err := checkURL(url.Value)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", url.Origin, err)
		}
		if warn != "" {
			warnings = append(warnings, url.Origin+": "+warn)
		}
		p.URL = u
	case !forUnset:
		return nil, errors.New("no server url: pass --url https://your-zenml-server or set url in the profile")
	}
	if env, ok := l.key.(keysource.Env); ok {
		if err := checkVarName(env.Name); err != nil {
			return nil, fmt.Errorf("%s: api key %w", env.From, err)
		}
	}
	p.Key = l.key

	if f, ok := l.fields["verify_ssl"]; ok {
		v, err := checkVerifySSL(f.Value)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Origin, err)
		}
		p.VerifySSL = v
	}
	for key, dst := range map[string]*string{"project": &p.Project, "stack": &p.Stack} {
		if f, ok := l.fields[key]; ok {
			if err := checkUUID(key, f.Value); err != nil {
				return nil, fmt.Errorf("%s: %w", f.Origin, err)
			}
			*dst = strings.ToLower(f.Value)
		}
	}

	p.Settings = map[string]string{}
	for _, s := range render.Settings() {
		if f, ok := l.fields[s.Key]; ok {
			if err := s.Validate(f.Value); err != nil {
				return nil, fmt.Errorf("%s: %w", f.Origin, err)
			}
			p.Settings[s.Key] = f.Value
		}
	}

	p.Env = make(map[string]string, len(l.env))
	names := make([]string, 0, len(l.env))
	for n := range l.env {
		names = append(names, n)
	}
	sort.Strings(names) // so the first error is the same on every run
	for _, n := range names {
		f := l.env[n]
		if err := checkVarName(n); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Origin, err)
		}
		if field := zenml.FieldFor(n); field != "" {
			return nil, fmt.Errorf("%s: %s is set from the profile field %q; set %s instead", f.Origin, n, field, field)
		}
		if !allowUnknown {
			if err := zenml.CheckName(n); err != nil {
				return nil, fmt.Errorf("%s: %w (pass --allow-unknown to set it anyway)", f.Origin, err)
			}
		}
		if err := zenml.CheckValue(n, f.Value); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Origin, err)
		}
		p.Env[n] = f.Value
	}
	return warnings, nil
}
