package profile

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/zenv-dev/zenv/internal/config"
	"github.com/zenv-dev/zenv/internal/fsutil"
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
		ReadFile:      config.Read,
		Stat:          os.Stat,
		UserConfigDir: os.UserConfigDir,
		Getwd:         os.Getwd,
	}
}

// Load resolves the profile: the named profile of the config file, with the
// flags in ov laid over it field by field, then validated. It returns
// warnings for the user, none of which holds the key. Another profile of
// the file that is broken does not stop this one: a warning names it.
func Load(src Source, ov Overrides) (*Profile, []string, error) {
	path, explicit := src.File()
	name := src.ProfileFlag
	if name == "" {
		name = src.Getenv("ZENV_PROFILE")
	}

	var warnings []string
	base := newLayer()
	p := &Profile{}
	var cf *config.File
	noProfile := "" // why there is no profile to start from, for the hint
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
			noProfile = "there is no config file at " + path
		case errors.Is(err, fs.ErrNotExist):
			return nil, nil, fmt.Errorf("config file %s does not exist; create it with %s, or pass the settings as flags", path, AddHint(src.ConfigFlag))
		case err != nil:
			return nil, nil, err
		default:
			if cf, err = parseFile(path, data); err != nil {
				return nil, nil, err
			}
			if name, err = pickProfile(cf, name); err != nil {
				return nil, nil, moreProblems(err, checkFile(cf, src, ov.AllowUnknown), path, explicit)
			}
			if name == "" {
				noProfile = path + " has no profiles"
			}
			if name != "" {
				fp, _ := cf.Lookup(name)
				var ps problems
				base, ps = layerOf(fp)
				ps = append(shapeProblems(cf, name), ps...)
				if len(ps) > 0 {
					return nil, nil, moreProblems(ps[0], checkFile(cf, src, ov.AllowUnknown), path, explicit)
				}
				p.Name, p.Path, p.Node = name, path, fp.Body
				warnings = append(warnings, brokenOthers(cf, name, src, ov.AllowUnknown, explicit)...)
			}
		}
	}
	if name != "" && p.Name == "" {
		return nil, nil, fmt.Errorf("profile %q was asked for, but there is no config file at %s; create it with zenv profile add %s --url URL ..., or drop -p/$ZENV_PROFILE", name, path, name)
	}

	flags, err := flagLayer(ov)
	if err != nil {
		return nil, nil, err
	}
	merged := merge(base, flags)
	if merged.key != nil && merged.key.Kind() == "value" && p.Path != "" {
		if fi, err := src.Stat(p.Path); err == nil && fsutil.OthersCanRead(fi) {
			warnings = append(warnings, fmt.Sprintf("%s: api_key.value holds the key in plain text in a file that group or others can read; run chmod 600 %s, or use api_key: {env: NAME}", merged.key.Origin(), p.Path))
		}
	}
	w, errs := fill(p, merged, ov.AllowUnknown, ov.ForUnset, src)
	if len(errs) > 0 && errors.Is(errs[0], errNoURL) && noProfile != "" && flags.key == nil && len(flags.fields) == 0 && len(flags.env) == 0 {
		return nil, nil, fmt.Errorf("no profile and no server url: %s; create a profile with zenv profile add NAME --url https://your-zenml-server --api-key-env VAR, or pass --url and an api key source", noProfile)
	}
	if len(errs) > 0 {
		if cf != nil {
			return nil, nil, moreProblems(errs[0], checkFile(cf, src, ov.AllowUnknown), path, explicit)
		}
		return nil, nil, errs[0] // flags: the one to fix first
	}
	return p, append(warnings, w...), nil
}

// parseFile parses a config file for reading: an empty one is a mistake.
func parseFile(path string, data []byte) (*config.File, error) {
	cf, err := config.Parse(path, data)
	if err != nil {
		return nil, err
	}
	if cf.Empty {
		return nil, fmt.Errorf("%s:1: the config file is empty; add a profile with zenv profile add NAME --url URL ..., or see 'zenv help config'", path)
	}
	if fp := cf.FileProblems(); len(fp) > 0 {
		all := make([]error, len(fp))
		for i, p := range fp {
			all[i] = p
		}
		return nil, moreProblems(fp[0], all, path, true)
	}
	return cf, nil
}

// moreProblems adds to the one-line refusal how many more problems there
// are and the command that lists them all.
func moreProblems(first error, all []error, path string, explicit bool) error {
	more := 0
	for _, e := range all {
		if e.Error() != first.Error() {
			more++
		}
	}
	if more == 0 {
		return first
	}
	word := "problems"
	if more == 1 {
		word = "problem"
	}
	return fmt.Errorf("%w (and %d more %s: %s lists them all)", first, more, word, checkCommand(path, explicit))
}

// checkCommand is the command that lists the problems of the file at
// path; explicit: the user named the file, so the command names it too.
func checkCommand(path string, explicit bool) string {
	if explicit && path != "" {
		return "zenv profile check --config " + path
	}
	return "zenv profile check"
}

// shapeProblems are the problems config.Parse found in profile name.
func shapeProblems(cf *config.File, name string) problems {
	var ps problems
	for _, p := range cf.ProfileProblems(name) {
		ps = append(ps, p)
	}
	return ps
}

// brokenOthers warns about the profiles of the file, other than name, that
// would not load.
func brokenOthers(cf *config.File, name string, src Source, allowUnknown, explicit bool) []string {
	var warnings []string
	if cf.Default != nil {
		if _, ok := cf.Lookup(cf.Default.Value); !ok {
			warnings = append(warnings, defaultMissing(cf).Error()+"; fix it with zenv profile use NAME")
		}
	}
	for _, fp := range cf.Profiles {
		if fp.Name == name {
			continue
		}
		if ps := checkProfile(cf, &fp, src, allowUnknown); len(ps) > 0 {
			word := "problems"
			if len(ps) == 1 {
				word = "problem"
			}
			warnings = append(warnings, fmt.Sprintf("%s: profile %s does not load (%d %s; %s lists them)", fp.Pos, fp.Name, len(ps), word, checkCommand(cf.Path, explicit)))
		}
	}
	return warnings
}

// checkProfile lists every problem of a file profile, loaded alone as
// zenv env would load it.
func checkProfile(cf *config.File, fp *config.Profile, src Source, allowUnknown bool) []error {
	l, ps := layerOf(fp)
	all := append([]error(nil), shapeProblems(cf, fp.Name)...)
	all = append(all, ps...)
	// What could be read is checked too, so one run lists every problem;
	// a url that could not be read is not also missing.
	_, errs := fill(&Profile{Name: fp.Name, Path: cf.Path}, l, allowUnknown, false, src)
	for _, e := range errs {
		if errors.Is(e, errNoURL) && len(all) > 0 {
			continue
		}
		if errors.Is(e, errNoURL) {
			e = config.Problem{Pos: fp.Pos, Msg: fmt.Sprintf("profile %s has no url; add url: https://your-zenml-server", fp.Name)}
		}
		all = append(all, e)
	}
	return all
}

// mistakenKeyEnv warns when the key is read from a name ZenML does not
// read but one it does was meant (ZENML_API_KEY): the user likely exports
// it to the client too, which then runs without a key. "" when fine.
func mistakenKeyEnv(env keysource.Env) string {
	info := zenml.Name(env.Name)
	if info.Class != zenml.Mistake || info.Instead == "" {
		return ""
	}
	return fmt.Sprintf("%s names %s, which ZenML does not read (did you mean %s?); zenv passes the key on as %s, but a ZenML client given %s alone runs without it", KeyEnvSubject(env.From), env.Name, info.Instead, zenml.StoreAPIKey, env.Name)
}

// checkFile lists every problem of the file.
func checkFile(cf *config.File, src Source, allowUnknown bool) []error {
	var all []error
	for _, p := range cf.FileProblems() {
		all = append(all, p)
	}
	if cf.Default != nil {
		if _, ok := cf.Lookup(cf.Default.Value); !ok {
			all = append(all, defaultMissing(cf))
		}
	}
	for i := range cf.Profiles {
		all = append(all, checkProfile(cf, &cf.Profiles[i], src, allowUnknown)...)
	}
	return all
}

func defaultMissing(cf *config.File) error {
	return config.Problem{Pos: cf.Default.Pos, Msg: fmt.Sprintf("default profile %q is not defined under profiles:%s", cf.Default.Value, didYouMean(cf.Default.Value, cf.Names()))}
}

// Check reads the config file src points at and lists every problem it
// has, each with its file:line, as zenv env would meet them: the file's
// own, then each profile's in file order; and the warnings zenv env would
// print for each profile (a plain http url...). err is for a file that
// cannot be read at all.
func Check(src Source) (path string, profiles int, all []error, warnings []string, err error) {
	path, _ = src.File()
	if path == "" {
		return "", 0, nil, nil, errors.New("cannot find the user config directory; pass --config PATH or set $ZENV_CONFIG")
	}
	data, err := src.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return path, 0, nil, nil, fmt.Errorf("config file %s does not exist; create it with %s", path, AddHint(src.ConfigFlag))
	}
	if err != nil {
		return path, 0, nil, nil, err
	}
	cf, err := config.Parse(path, data)
	if err != nil {
		return path, 0, []error{err}, nil, nil
	}
	if cf.Empty {
		return path, 0, []error{fmt.Errorf("%s:1: the config file is empty", path)}, nil, nil
	}
	all = checkFile(cf, src, false)
	// In line order, as an editor walks the file: within a profile, the
	// shape's problems and loading's would otherwise come in two runs.
	slices.SortStableFunc(all, func(a, b error) int { return cmp.Compare(lineOf(path, a), lineOf(path, b)) })
	for i := range cf.Profiles {
		fp := &cf.Profiles[i]
		l, _ := layerOf(fp)
		w, _ := fill(&Profile{Name: fp.Name, Path: cf.Path}, l, false, false, src)
		warnings = append(warnings, w...)
	}
	slices.SortStableFunc(warnings, func(a, b string) int { return cmp.Compare(lineOf(path, errors.New(a)), lineOf(path, errors.New(b))) })
	return path, len(cf.Profiles), all, warnings, nil
}

// lineOf is the line a problem "path:LINE: ..." names, 0 for one of the
// whole file.
func lineOf(path string, err error) int {
	rest, ok := strings.CutPrefix(err.Error(), path+":")
	if !ok {
		return 0
	}
	digits, _, _ := strings.Cut(rest, ":")
	n, _ := strconv.Atoi(digits)
	return n
}

// File returns the config file src points at (--config, then $ZENV_CONFIG,
// then the user config dir), "" when there is none, and whether the user
// named it.
func (src Source) File() (path string, explicit bool) {
	return config.Locate(src.ConfigFlag, src.Getenv, src.UserConfigDir)
}

func pickProfile(cf *config.File, name string) (string, error) {
	switch {
	case name != "":
		if _, ok := cf.Lookup(name); !ok {
			names := cf.Names()
			sort.Strings(names)
			return "", fmt.Errorf("%s has no profile %q;%s profiles: %s", cf.Path, name, didYouMean(name, names), strings.Join(names, ", "))
		}
		return name, nil
	case cf.Default != nil:
		if _, ok := cf.Lookup(cf.Default.Value); !ok {
			return "", defaultMissing(cf)
		}
		return cf.Default.Value, nil
	case len(cf.Profiles) == 1:
		return cf.Profiles[0].Name, nil
	case len(cf.Profiles) == 0:
		return "", nil
	}
	return "", fmt.Errorf("%s has several profiles (%s) and no default; pick one with -p NAME, or make one the default with zenv profile use NAME", cf.Path, strings.Join(cf.Names(), ", "))
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

// errNoURL is fill's problem for a profile without a server url.
var errNoURL = errors.New("no server url: pass --url https://your-zenml-server or set url in the profile")

// fill validates the merged layer into p. Every problem starts with where
// the bad setting came from; all of them are returned, in a fixed order
// (fields, then the extras by name), so the first is the same on every run.
func fill(p *Profile, l *layer, allowUnknown, forUnset bool, src Source) ([]string, []error) {
	var warnings []string
	var errs []error
	if err := refuseKeyShapedSettings(l); err != nil {
		// A key where a setting belongs must not be echoed by any other
		// message below.
		return nil, []error{err}
	}
	url, ok := l.fields["url"]
	switch {
	case ok:
		u, warns, err := checkURL(url.Value)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", url.Origin, err))
		}
		for _, w := range warns {
			warnings = append(warnings, url.Origin+": "+w)
		}
		p.URL = u
	case !forUnset:
		errs = append(errs, errNoURL)
	}
	if env, ok := l.key.(keysource.Env); ok {
		if err := CheckKeyEnvName(env.Name); err != nil {
			errs = append(errs, fmt.Errorf("%s %w", KeyEnvSubject(env.From), err))
		} else if w := mistakenKeyEnv(env); w != "" {
			warnings = append(warnings, w)
		}
	}
	p.Key = l.key
	if file, ok := l.key.(keysource.File); ok {
		// The setup script and a later run may start elsewhere: the path
		// is made absolute now, relative to the file that names it.
		abs, err := absPath(file.Path, file.From, p.Path, src)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: api key file: %w", file.From, err))
		}
		file.Path = abs
		p.Key = file
	}

	if f, ok := l.fields["verify_ssl"]; ok {
		v, warn, err := checkVerifySSL(f.Value, src.Getenv, src.Stat)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.Origin, err))
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
				errs = append(errs, fmt.Errorf("%s: %w", f.Origin, err))
			}
			*id.dst = strings.ToLower(f.Value)
		}
	}

	p.Settings = map[string]string{}
	for _, s := range render.Settings() {
		if f, ok := l.fields[s.Key]; ok {
			if err := s.Validate(f.Value); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", f.Origin, err))
			}
			p.Settings[s.Key] = f.Value
		}
	}

	w, err := fillPush(p, l.push, src)
	if err != nil {
		errs = append(errs, err)
	}
	warnings = append(warnings, w...)

	p.Env = make(map[string]string, len(l.env))
	// Sorted, so the first error is the same on every run.
	for _, n := range slices.Sorted(maps.Keys(l.env)) {
		f := l.env[n]
		if err := checkVarName(n); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.Origin, err))
			continue
		}
		info := zenml.Name(n)
		if info.Field != "" {
			errs = append(errs, fmt.Errorf("%s: %s is set from the profile field %q; set %s instead", f.Origin, n, info.Field, info.Field))
			continue
		}
		if p := info.Problem(); p != nil && !allowUnknown && zenml.Severity(p.Code, zenml.CmdEnv) == zenml.Fail {
			errs = append(errs, fmt.Errorf("%s: %s (pass --allow-unknown to set it anyway)", f.Origin, p.Error()))
			continue
		}
		subject := func(zenml.Problem) string { return fmt.Sprintf("%s=%q", n, f.Value) }
		if info.Secret {
			subject = func(zenml.Problem) string { return n }
		}
		values := zenml.CheckValue(n, f.Value)
		if err := refusal(values, subject); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.Origin, err))
			continue
		}
		for _, p := range values {
			if zenml.Severity(p.Code, zenml.CmdEnv) == zenml.Warn {
				warnings = append(warnings, f.Origin+": "+subject(p)+" "+p.Error())
			}
		}
		p.Env[n] = f.Value
	}
	return warnings, errs
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
		if l.key.Kind() == "env" {
			return fmt.Errorf("%s %w", KeyEnvSubject(l.key.Origin()), CheckKeyEnvName(strings.TrimPrefix(l.key.Describe(), "environment variable ")))
		}
		return fmt.Errorf("%s: the api key source names the key itself instead of where it lives; %s", l.key.Origin(), fix)
	}
	return nil
}

// absPath makes a path from the config file or a flag absolute: ~ is the
// home directory, and a relative path is relative to the config file's
// folder when the file named it, to the working directory for a flag.
func absPath(path, origin, configPath string, src Source) (string, error) {
	path = fsutil.ExpandHome(path, src.Getenv)
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

// AddHint is the command that creates a profile, with the --config the
// user gave (configFlag, "" for none) so that it writes the same file.
func AddHint(configFlag string) string {
	hint := "zenv profile add NAME --url URL ..."
	if configFlag != "" {
		hint += " --config " + shellQuote(configFlag)
	}
	return hint
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@%+=,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
