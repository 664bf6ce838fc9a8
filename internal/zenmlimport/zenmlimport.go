// Package zenmlimport reads the ZenML client's own configuration, the
// config.yaml and credentials.yaml a `zenml login` leaves, and says which
// servers can become zenv profiles: those the client reaches with an API
// key. The shapes are those of ZenML 0.98 (src/zenml/config/global_config.py,
// src/zenml/login/credentials.py, credentials_store.py), checked against a
// directory a real `zenml login URL --api-key` wrote (testdata/real-*).
package zenmlimport

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/zenv-dev/zenv/internal/fsutil"
	"github.com/zenv-dev/zenv/internal/zenml"
	"gopkg.in/yaml.v3"
)

// MaxFileSize caps each file read; the client's files are a few KiB.
const MaxFileSize = 1 << 20

// proAPIURL is where ZenML keeps a ZenML Pro organization key
// (ZENPROKEY_...): login/pro/constants.py DEFAULT_ZENML_PRO_API_URL,
// overridden by $ZENML_PRO_API_URL.
const proAPIURL = "https://cloudapi.zenml.io"

// Key is an API key. It formats as a placeholder under every verb, so a
// Server printed by mistake shows no key; Reveal is the one way out.
type Key string

// Reveal returns the key itself.
func (k Key) Reveal() string { return string(k) }

// Format prints a placeholder for %v, %s, %q, %#v and the rest.
func (k Key) Format(f fmt.State, _ rune) { io.WriteString(f, "<api key>") }

// Server is one server the client reaches with an API key.
type Server struct {
	URL       string // as the client stores it, without a trailing /
	Name      string // the server's name, when the client recorded it
	VerifySSL string // "true", "false", a CA bundle path, or "" when unknown
	Project   string // active project id, when config.yaml's store is this server
	Stack     string // active stack id, likewise
	Key       Key
	// ProKey: the key is a ZenML Pro organization key, kept by the client
	// for the Pro API and used for this workspace.
	ProKey bool
}

// Skipped is a server that cannot become a profile, and why.
type Skipped struct {
	URL    string
	Reason string
}

// Result is what a config directory holds, sorted by URL.
type Result struct {
	Dir       string
	Servers   []Server
	Skipped   []Skipped
	ActiveURL string // config.yaml's server, "" when it uses a SQL store
}

// Dir returns the client's config directory as ZenML finds it
// (utils/io_utils.py get_global_config_directory): $ZENML_CONFIG_PATH,
// else click's app dir for "zenml", which is Go's user config dir plus
// "zenml" on Linux ($XDG_CONFIG_HOME or ~/.config), macOS (~/Library/
// Application Support) and Windows (%AppData%).
func Dir(getenv func(string) string, userConfigDir func() (string, error)) (string, error) {
	if d := getenv("ZENML_CONFIG_PATH"); d != "" {
		return filepath.Abs(d)
	}
	base, err := userConfigDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the ZenML client's config directory (%v); pass --zenml-config DIR", err)
	}
	return filepath.Join(base, "zenml"), nil
}

// config.yaml, the fields zenv uses.
type globalConfig struct {
	ActiveProjectID string `yaml:"active_project_id"`
	ActiveStackID   string `yaml:"active_stack_id"`
	Store           *struct {
		Type      string    `yaml:"type"`
		URL       string    `yaml:"url"`
		VerifySSL yaml.Node `yaml:"verify_ssl"`
		APIKey    string    `yaml:"api_key"` // clients before 0.60 kept it here
	} `yaml:"store"`
}

// credentials.yaml maps a server URL to this (login/credentials.py
// ServerCredentials).
type credentials struct {
	URL      string  `yaml:"url"`
	APIKey   string  `yaml:"api_key"`
	Username *string `yaml:"username"`
	Password *string `yaml:"password"`
	APIToken *struct {
		AccessToken string `yaml:"access_token"`
	} `yaml:"api_token"`
	DeploymentType string `yaml:"deployment_type"`
	ServerName     string `yaml:"server_name"`
	OrganizationID string `yaml:"organization_id"`
	WorkspaceID    string `yaml:"workspace_id"`
	ProAPIURL      string `yaml:"pro_api_url"`
}

// pro reports whether c is a ZenML Pro workspace (ServerCredentials.type).
func (c credentials) pro() bool {
	return c.DeploymentType == "cloud" || c.OrganizationID != "" || c.WorkspaceID != ""
}

// Read reads dir's config.yaml and credentials.yaml. getenv supplies
// $ZENML_PRO_API_URL.
func Read(dir string, getenv func(string) string) (*Result, error) {
	res := &Result{Dir: dir}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("no ZenML client configuration in %s; log in first (zenml login URL --api-key) or pass --zenml-config DIR", dir)
	}
	var gc globalConfig
	if err := readYAML(filepath.Join(dir, "config.yaml"), &gc); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	creds := map[string]credentials{}
	credPath := filepath.Join(dir, "credentials.yaml")
	if err := readYAML(credPath, &creds); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}

	proURL := proAPIURL
	if u := getenv("ZENML_PRO_API_URL"); u != "" {
		proURL = u
	}
	// The Pro API's own entries: the default one, and any a workspace
	// names. A plain login stores pro_api_url equal to its own url
	// (credentials_store.py set_api_key), so only a workspace's counts.
	proAPIs := map[string]bool{norm(proURL): true}
	for _, c := range creds {
		if c.pro() && c.ProAPIURL != "" {
			proAPIs[norm(c.ProAPIURL)] = true
		}
	}

	active := ""
	if s := gc.Store; s != nil && s.Type == "rest" && s.URL != "" {
		active = norm(s.URL)
		res.ActiveURL = active
		if _, ok := lookup(creds, active); !ok {
			// Clients before 0.60 kept the key in config.yaml itself.
			creds[active] = credentials{URL: active, APIKey: s.APIKey}
		}
	}

	for key, c := range creds {
		url := c.URL
		if url == "" {
			url = key
		}
		url = norm(url)
		srv := Server{URL: url, Name: c.ServerName, Key: Key(c.APIKey)}
		if url == active {
			s := gc.Store
			srv.VerifySSL = verifySSL(&s.VerifySSL)
			srv.Project, srv.Stack = gc.ActiveProjectID, gc.ActiveStackID
		}
		if srv.Key == "" && c.pro() {
			pu := norm(c.ProAPIURL)
			if pu == "" {
				pu = norm(proURL)
			}
			if pc, ok := lookup(creds, pu); ok && strings.HasPrefix(pc.APIKey, zenml.ProKeyPrefix) {
				srv.Key, srv.ProKey = Key(pc.APIKey), true
			}
		}
		switch reason := skipReason(url, c, srv, proAPIs); reason {
		case "":
			res.Servers = append(res.Servers, srv)
		default:
			res.Skipped = append(res.Skipped, Skipped{url, reason})
		}
	}
	sort.Slice(res.Servers, func(i, j int) bool { return res.Servers[i].URL < res.Servers[j].URL })
	sort.Slice(res.Skipped, func(i, j int) bool { return res.Skipped[i].URL < res.Skipped[j].URL })
	return res, nil
}

const howToGetAKey = "create a service account (zenml service-account create NAME) and log in with zenml login URL --api-key"

func skipReason(url string, c credentials, srv Server, proAPIs map[string]bool) string {
	switch {
	case !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://"):
		return "not a server url"
	case proAPIs[url] && !c.pro():
		return "the ZenML Pro management API, not a workspace; import the workspace url instead"
	case srv.Key != "":
		return ""
	case c.Username != nil && c.Password != nil:
		return "logged in with a username and password, which zenv does not store; " + howToGetAKey
	case c.APIToken != nil:
		return "holds only a session token, which expires; " + howToGetAKey
	}
	return "no credentials saved (was DISABLE_CREDENTIALS_DISK_CACHING set?); " + howToGetAKey
}

func lookup(creds map[string]credentials, url string) (credentials, bool) {
	for k, c := range creds {
		if norm(k) == url {
			return c, true
		}
	}
	return credentials{}, false
}

// verifySSL gives config.yaml's store.verify_ssl as a profile holds it: a
// bool as true/false, a string (a CA bundle the client copied under its
// local_stores) as it is.
func verifySSL(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		return ""
	}
	if n.ShortTag() == "!!bool" {
		var b bool
		if n.Decode(&b) == nil {
			return fmt.Sprint(b)
		}
	}
	return n.Value
}

// norm is a URL as ZenML compares it: without a trailing /.
func norm(u string) string { return strings.TrimRight(u, "/") }

// readYAML decodes the file at path, at most MaxFileSize bytes, into v.
func readYAML(path string, v any) error {
	// Opened once without blocking, then checked: a FIFO would block.
	f, err := fsutil.OpenRegular(path)
	var nr *fsutil.NotRegularError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return err
	case errors.As(err, &nr):
		return fmt.Errorf("%s is not a regular file", path)
	case err != nil:
		return fmt.Errorf("cannot read %s: %w", path, fsutil.BareError(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", path, fsutil.BareError(err))
	}
	if len(data) > MaxFileSize {
		return fmt.Errorf("%s is larger than %d KiB; that is not a ZenML client file", path, MaxFileSize>>10)
	}
	// yaml.v3's type errors quote the offending value, which in
	// credentials.yaml may be a key or a token: name the file only.
	if err := yaml.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s is not the YAML the ZenML client writes; run zenml login again or pass --zenml-config DIR", path)
	}
	return nil
}
