package run

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/zenv-dev/zenv/internal/zenml"
)

// Var is one variable the profile gives the command.
type Var struct {
	Name, Value string
}

// Environ returns the command's environment: current (os.Environ()), minus
// every ZenML connection variable (zenml.IsClientVar) and every variable
// vars names, plus vars in their order. A stale ZENML_STORE_API_TOKEN or a
// previous profile's project would otherwise win over, or mix with, the
// profile. Names are compared without case on Windows, as Windows and
// Python's os.environ there do. A value no environment can carry is refused;
// errors name the variable, never its value.
func Environ(current []string, vars []Var) ([]string, error) {
	return environ(current, vars, runtime.GOOS == "windows")
}

func environ(current []string, vars []Var, foldCase bool) ([]string, error) {
	key := func(name string) string {
		if foldCase {
			return strings.ToUpper(name)
		}
		return name
	}
	set := make(map[string]string, len(vars))
	for _, v := range vars {
		if v.Name == "" || strings.ContainsAny(v.Name, "=\x00") {
			return nil, fmt.Errorf("cannot pass variable %q to the command: a name cannot be empty or hold = or NUL", v.Name)
		}
		if strings.ContainsRune(v.Value, 0) {
			return nil, fmt.Errorf("cannot pass %s to the command: its value holds a NUL byte, which no environment can carry", v.Name)
		}
		if prev, dup := set[key(v.Name)]; dup {
			return nil, fmt.Errorf("%s and %s name the same variable here; keep one", prev, v.Name)
		}
		set[key(v.Name)] = v.Name
	}
	env := make([]string, 0, len(current)+len(vars))
	for _, kv := range current {
		k := key(envName(kv))
		if _, ours := set[k]; ours || zenml.IsClientVar(k) {
			continue
		}
		env = append(env, kv)
	}
	for _, v := range vars {
		env = append(env, v.Name+"="+v.Value)
	}
	return env, nil
}

// envName is the name of a NAME=value entry. Windows keeps per-drive
// directories as "=C:=C:\dir", so a leading = belongs to the name.
func envName(kv string) string {
	if i := strings.IndexByte(kv[min(1, len(kv)):], '='); i >= 0 {
		return kv[:i+min(1, len(kv))]
	}
	return kv
}
