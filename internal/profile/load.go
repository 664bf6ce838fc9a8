package profile

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/zenv-dev/zenv/internal/keysource"
	"github.com/zenv-dev/zenv/internal/redact"
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
	// NoConfig: read no config file at all (--no-config).
	NoConfig bool
	// Getwd resolves a relative path given on the command line.
	Getwd func() (string, error)
}

// OSSource is the Source of a real run.
func OSSource(configFlag, profileFlag string) Source {
	return Source{
		ConfigFlag:    configFlag,
		ProfileFlag:   profileFlag,
		Getenv:        os.Getenv,
		ReadFile:      ReadConfigFile,
		Stat:          os.Stat,
		UserConfigDir: os.UserConfigDir,
		Getwd:         os.Getwd,
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
	switch {
	case src.NoConfig && name != "":
		return nil, nil, fmt.Errorf("--no-config reads no profile, but profile %q was asked for (-p or $ZENV_PROFILE); drop one", name)
	case src.NoConfig:
		path = ""
	case ov.URL != "" && name == "":
		// Flags that name a server describe the whole setup: the default
		// profile's project, stack or CA bundle must not creep in. Name a
		// profile with -p or $ZENV_PROFILE to lay flags over it.
		path = ""
	}
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
	if err := refuseKeyShapedSettings(merged); err != nil {
		return nil, nil, err
	}
	w, err := fill(p, merged, ov.AllowUnknown, ov.ForUnset, src)
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
		return keysource.ExpandHome(src.ConfigFlag, src.Getenv), true
	}
	if p := src.Getenv("ZENV_CONFIG"); p != "" {
		return keysource.ExpandHome(p, src.Getenv), true
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
		if prev, dup := l.env[name]; dup {
			return nil, fmt.Errorf("%s is given twice; keep one", prev.Origin)
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
	m.push = base.push
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
func fill(p *Profile, l *layer, allowUnknown, forUnset bool, src Source) ([]string, error) {
	var warnings []string
	url, ok := l.fields["url"]
	switch {
	case ok:
		u, warns, err := checkURL(url.Value)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", url.Origin, err)
		}
		for _, w := range warns {
			warnings = append(warnings, url.Origin+": "+w)
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
	if file, ok := l.key.(keysource.File); ok {
		// The setup script and a later run may start elsewhere: the path
		// is made absolute now, relative to the file that names it.
		abs, err := absPath(file.Path, file.From, p.Path, src)
		if err != nil {
			return nil, fmt.Errorf("%s: api key file: %w", file.From, err)
		}
		file.Path = abs
		p.Key = file
	}

	if f, ok := l.fields["verify_ssl"]; ok {
		v, warn, err := checkVerifySSL(f.Value, src.Getenv, src.Stat)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Origin, err)
		}
		if warn != "" {
			warnings = append(warnings, f.Origin+": "+warn)
		}
		p.VerifySSL = v
	}
	for _, id := range []struct {
		key string
		dst *string
	}{{"project", &p.Project}, {"stack", &p.Stack}} { // in this order, so the same error comes first
		if f, ok := l.fields[id.key]; ok {
			if err := checkUUID(id.key, f.Value); err != nil {
				return nil, fmt.Errorf("%s: %w", f.Origin, err)
			}
			*id.dst = strings.ToLower(f.Value)
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

	w, err := fillPush(p, l.push, src)
	if err != nil {
		return nil, err
	}
	warnings = append(warnings, w...)

	p.Env = make(map[string]string, len(l.env))
	// Sorted, so the first error is the same on every run.
	for _, n := range slices.Sorted(maps.Keys(l.env)) {
		f := l.env[n]
		if err := checkVarName(n); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Origin, err)
		}
		info := zenml.Name(n)
		if info.Field != "" {
			return nil, fmt.Errorf("%s: %s is set from the profile field %q; set %s instead", f.Origin, n, info.Field, info.Field)
		}
		if p := info.Problem(); p != nil && !allowUnknown && zenml.Severity(p.Code, zenml.CmdEnv) == zenml.Fail {
			return nil, fmt.Errorf("%s: %s (pass --allow-unknown to set it anyway)", f.Origin, p.Error())
		}
		subject := func(zenml.Problem) string { return fmt.Sprintf("%s=%q", n, f.Value) }
		if info.Secret {
			subject = func(zenml.Problem) string { return n }
		}
		values := zenml.CheckValue(n, f.Value)
		if err := refusal(values, subject); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Origin, err)
		}
		for _, p := range values {
			if zenml.Severity(p.Code, zenml.CmdEnv) == zenml.Warn {
				warnings = append(warnings, f.Origin+": "+subject(p)+" "+p.Error())
			}
		}
		p.Env[n] = f.Value
	}
	return warnings, nil
}

// refuseKeyShapedSettings refuses a ZenML key given anywhere but as the
// key: a --url, --project, --set, secret name or key file path holding it
// would be echoed in a message or written into a committed file. The
// message says where, never what.
func refuseKeyShapedSettings(l *layer) error {
	const fix = "give the key only through an api key source (--api-key-env, --api-key-file, --api-key-stdin, --api-key-cmd or api_key: in the profile), and rotate it if it reached shell history or a file"
	for _, k := range slices.Sorted(maps.Keys(l.fields)) {
		if f := l.fields[k]; redact.LooksLikeKey(f.Value) {
			return fmt.Errorf("%s: %s holds something shaped like a ZenML api key; %s", f.Origin, k, fix)
		}
	}
	for _, n := range slices.Sorted(maps.Keys(l.env)) {
		f := l.env[n]
		if redact.LooksLikeKey(n) {
			return fmt.Errorf("%s: a variable name holds something shaped like a ZenML api key; %s", redact.KeyShaped(f.Origin), fix)
		}
		if redact.LooksLikeKey(f.Value) {
			return fmt.Errorf("%s: the value of %s is shaped like a ZenML api key, and extras are written in plain text; %s", f.Origin, n, fix)
		}
	}
	if l.key != nil && l.key.Kind() != "value" && redact.LooksLikeKey(l.key.Describe()) {
		return fmt.Errorf("%s: the api key source names the key itself instead of where it lives; %s", l.key.Origin(), fix)
	}
	return nil
}

// absPath makes a path from the config file or a flag absolute: ~ is the
// home directory, and a relative path is relative to the config file's
// folder when the file named it, to the working directory for a flag.
func absPath(path, origin, configPath string, src Source) (string, error) {
	path = keysource.ExpandHome(path, src.Getenv)
	if filepath.IsAbs(path) {
		return path, nil
	}
	if !strings.HasPrefix(origin, "--") && configPath != "" {
		// The folder of the config file as named (a symlinked config finds
		// keys beside the link), made absolute so the error and the setup
		// script say where.
		dir, err := filepath.Abs(filepath.Dir(configPath))
		if err != nil {
			return "", fmt.Errorf("cannot resolve %s: %w", path, err)
		}
		return filepath.Join(dir, path), nil
	}
	if src.Getwd == nil {
		return path, nil
	}
	wd, err := src.Getwd()
	if err != nil {
		return "", fmt.Errorf("cannot resolve %s: %w", path, err)
	}
	return filepath.Join(wd, path), nil
}
