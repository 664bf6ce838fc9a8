// Command zenv-peers reads zenv's output with the consumers' own Go parsers,
// for the e2e suite: docker compose's .env parser (compose-go) and the
// Kubernetes API types a Secret manifest decodes into. It is a module of
// its own so that their dependency trees stay out of zenv's go.mod; make
// e2e builds it.
//
//	zenv-peers compose-dotenv FILE   the variables compose reads from FILE, as JSON
//	zenv-peers k8s-secret FILE       the Secret in FILE, decoded strictly, as JSON
//	zenv-peers version MODULE        the version of a module built in
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/compose-spec/compose-go/v2/dotenv"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
)

func main() {
	if len(os.Args) != 3 {
		fail(fmt.Errorf("usage: zenv-peers compose-dotenv|k8s-secret FILE, or zenv-peers version MODULE"))
	}
	var out any
	var err error
	switch os.Args[1] {
	case "compose-dotenv":
		out, err = composeDotenv(os.Args[2])
	case "k8s-secret":
		out, err = k8sSecret(os.Args[2])
	case "version":
		out, err = version(os.Args[2])
	default:
		err = fmt.Errorf("unknown reader %q", os.Args[1])
	}
	if err != nil {
		fail(err)
	}
	b, err := json.Marshal(out)
	if err != nil {
		fail(err)
	}
	os.Stdout.Write(append(b, '\n'))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "zenv-peers:", err)
	os.Exit(1)
}

// composeDotenv reads FILE as docker compose reads an env_file: or .env
// file, with no variables from the environment to interpolate.
func composeDotenv(path string) (map[string]string, error) {
	return dotenv.GetEnvFromFile(map[string]string{}, []string{path})
}

// k8sSecret decodes FILE into a core/v1 Secret with the API machinery's
// strict YAML decoder (unknown or duplicate fields are errors), as the API
// server would take it, and returns its name and stringData.
func k8sSecret(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	scheme := runtime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		return nil, err
	}
	codecs := serializer.NewCodecFactory(scheme, serializer.EnableStrict)
	obj, _, err := codecs.UniversalDeserializer().Decode(b, nil, nil)
	if err != nil {
		return nil, err
	}
	s, ok := obj.(*corev1.Secret)
	if !ok {
		return nil, fmt.Errorf("decoded a %T, not a Secret", obj)
	}
	return map[string]any{"name": s.Name, "type": string(s.Type), "stringData": s.StringData, "data": len(s.Data)}, nil
}

// version reports the version of a dependency, for the e2e summary.
func version(module string) (string, error) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "", fmt.Errorf("no build info")
	}
	for _, d := range info.Deps {
		if d.Path == module {
			return d.Version, nil
		}
	}
	return "", fmt.Errorf("module %s is not built in", module)
}
