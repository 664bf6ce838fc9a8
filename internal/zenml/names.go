// Package zenml holds what zenv knows about the ZenML client: the
// environment variables it reads and the names people use instead, the
// server URL, the API key's shape and the values it accepts. Each concept
// has one function here, and every command (env, run, profile, key, lint,
// doctor) turns its verdict, a Problem with a Code, into its own output;
// Severity says how hard each command takes each code. Sources:
// REFERENCE.md section 2, checked against the installed client by the e2e
// suite (TestZenvClassifiesEveryNameZenMLReads).
package zenml

import (
	"slices"
	"strings"

	"github.com/zenv-dev/zenv/internal/fuzzy"
)

// The variables zenv sets from profile fields, and the other URLs a
// client reads.
const (
	StoreURL       = "ZENML_STORE_URL"
	StoreAPIKey    = "ZENML_STORE_API_KEY"
	StoreVerifySSL = "ZENML_STORE_VERIFY_SSL"
	ActiveProject  = "ZENML_ACTIVE_PROJECT_ID"
	ActiveStack    = "ZENML_ACTIVE_STACK_ID"
	// ProAPIURL points a client at a self-hosted ZenML Pro control plane
	// (src/zenml/login/pro/constants.py); ProURL at its dashboard.
	ProAPIURL = "ZENML_PRO_API_URL"
	ProURL    = "ZENML_PRO_URL"
)

// Class says who reads a variable.
type Class int

const (
	NotZenML Class = iota // outside ZENML_: not ZenML's business
	Client                // a client reads it; a user may set it
	Server                // only a ZenML server (or a client working on the database) reads it
	Internal              // ZenML sets it for its own processes; a user never should
	Mistake               // nobody reads it; Instead is the name meant
	Unknown               // a ZENML_ name nobody reads and no client name is close to
)

func (c Class) String() string {
	return [...]string{"not ZenML's", "client setting", "server-only", "internal", "mistake", "unknown"}[c]
}

// NameInfo is zenv's verdict on a variable name.
type NameInfo struct {
	Name    string
	Class   Class
	Instead string // for a Mistake: the name the client reads
	Secret  bool   // the client reads it as a credential: never shown, referenced by CI targets
	Field   string // the profile field that sets it, "" when none does
	URL     bool   // its value is a server URL, checked by ParseURL
}

// Name classifies a variable name. Names are case-sensitive, as on Unix
// (callers fold on Windows).
func Name(n string) NameInfo {
	info := NameInfo{Name: n, Field: fieldNames[n], Secret: secretNames[n], URL: urlNames[n]}
	if !strings.HasPrefix(n, "ZENML_") {
		return info
	}
	if c, ok := classes[n]; ok {
		info.Class = c
		return info
	}
	if right, ok := mistakes[n]; ok {
		info.Class, info.Instead = Mistake, right
		return info
	}
	for _, p := range serverPrefixes {
		if strings.HasPrefix(n, p) {
			info.Class = Server
			return info
		}
	}
	// Every ZENML_STORE_ name is taken as a store field, and an unknown one
	// is dropped without a word (extra="ignore"): a misspelt field.
	if strings.HasPrefix(n, "ZENML_STORE_") || nearClientName(n) {
		info.Class, info.Instead = Mistake, Suggest(n)
		return info
	}
	info.Class = Unknown
	return info
}

// Problem returns the problem with the name, nil for a name the client
// reads or one that is not ZenML's.
func (i NameInfo) Problem() *Problem {
	switch i.Class {
	case Mistake:
		return problem(CodeNameMistaken, "ZenML does not read "+i.Name, "did you mean "+i.Instead+"?")
	case Server:
		return problem(CodeNameServer, i.Name+" configures a ZenML server, not a client", "a client reads ZENML_STORE_*")
	case Internal:
		return problem(CodeNameInternal, i.Name+" is set by ZenML itself for its own processes", "remove it")
	case Unknown:
		return problem(CodeNameUnknown, "no ZenML client reads "+i.Name, "remove it, or check its spelling")
	}
	return nil
}

// Suggest returns the client variable the user most likely meant by name.
func Suggest(name string) string {
	if right, ok := mistakes[strings.ToUpper(name)]; ok {
		return right
	}
	return fuzzy.Nearest(strings.ToUpper(name), clientNames)
}

// nearClientName: within two edits of a client name, a typo.
func nearClientName(n string) bool {
	for _, k := range clientNames {
		// Names whose lengths differ by more than 2 are more than 2 edits
		// apart: skip the costly distance, which lint pays per name.
		if d := len(n) - len(k); -2 <= d && d <= 2 && fuzzy.Distance(n, k) <= 2 {
			return true
		}
	}
	return false
}

// ClientNames lists the names a client reads, sorted.
func ClientNames() []string { return slices.Clone(clientNames) }

// NamesOf lists the names the table classifies as c, sorted; prefixes that
// classify whole families (ZENML_SERVER_*) are in Prefixes.
func NamesOf(c Class) []string {
	var out []string
	for n, k := range classes {
		if k == c {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// ServerPrefixes lists the prefixes whose every name only a server reads.
func ServerPrefixes() []string { return slices.Clone(serverPrefixes) }

// fieldNames maps the variables set from a profile field to that field, so a
// user who puts one under env: is sent to the field instead.
var fieldNames = map[string]string{
	StoreURL:       "url",
	StoreAPIKey:    "api_key",
	StoreVerifySSL: "verify_ssl",
	ActiveProject:  "project",
	ActiveStack:    "stack",
}

// secretNames are the credentials the client reads.
var secretNames = map[string]bool{
	StoreAPIKey:             true,
	"ZENML_STORE_PASSWORD":  true,
	"ZENML_STORE_API_TOKEN": true,
}

// urlNames hold a server's URL.
var urlNames = map[string]bool{StoreURL: true, ProAPIURL: true, ProURL: true}

// serverPrefixes: whole families only a server reads (config/server_config.py
// reads every ZENML_SERVER_ and ZENML_SERVER_PRO_ name; global_config.py the
// secrets stores'; the event brokers theirs).
var serverPrefixes = []string{
	"ZENML_BACKUP_SECRETS_STORE_",
	"ZENML_CONSUMER_",
	"ZENML_DATABASE_",
	"ZENML_IN_MEMORY_BROKER_",
	"ZENML_PRODUCER_",
	"ZENML_REDIS_",
	"ZENML_SECRETS_STORE_",
	"ZENML_SERVER_",
}

// mistakes are names seen in the wild (ZenML issues #3652, #4650, the seed
// article), each with the name the client really reads.
var mistakes = map[string]string{
	"ZENML_URL":                 StoreURL,
	"ZENML_API_KEY":             StoreAPIKey,
	"ZENML_SERVER_URL":          StoreURL,
	"ZENML_SERVER_API_KEY":      StoreAPIKey,
	"ZENML_STORE_APIKEY":        StoreAPIKey,
	"ZENML_KEY":                 StoreAPIKey,
	"ZENML_HOST":                StoreURL,
	"ZENML_ACTIVE_WORKSPACE_ID": ActiveProject,
	"ZENML_PROJECT":             ActiveProject,
	"ZENML_PROJECT_ID":          ActiveProject,
	"ZENML_STACK":               ActiveStack,
	"ZENML_STACK_ID":            ActiveStack,
}

// clientNames is every name classes marks Client, sorted; built once.
var clientNames = NamesOf(Client)

// classes is the table of every ZENML_ name the pinned client (0.98.0)
// reads, by who reads it. The e2e suite scans the installed package and
// fails on a name missing here, or on a Client name the client no longer
// reads. Sources: src/zenml/constants.py (ENV_*), config/global_config.py
// (ZENML_<field> of GlobalConfiguration, ZENML_STORE_<field> of the store
// configuration), login/pro/constants.py, and the orchestrators and
// integrations that pass run ids to their own pods.
var classes = map[string]Class{
	// The store a client talks to (RestZenStoreConfiguration's fields).
	StoreURL:                           Client,
	StoreAPIKey:                        Client,
	StoreVerifySSL:                     Client,
	"ZENML_STORE_TYPE":                 Client,
	"ZENML_STORE_HTTP_TIMEOUT":         Client,
	"ZENML_STORE_API_TOKEN":            Client,
	"ZENML_STORE_USERNAME":             Client,
	"ZENML_STORE_PASSWORD":             Client,
	"ZENML_STORE_CONNECTION_POOL_SIZE": Client,
	ProAPIURL:                          Client,
	ProURL:                             Client,

	// GlobalConfiguration fields a user sets.
	ActiveProject:             Client,
	ActiveStack:               Client,
	"ZENML_ANALYTICS_OPT_IN":  Client,
	"ZENML_CONTAINER_ENGINE":  Client,
	"ZENML_USER_EMAIL":        Client,
	"ZENML_USER_EMAIL_OPT_IN": Client,

	// constants.py: client behaviour.
	"ZENML_AUTO_OPEN_DASHBOARD":                     Client,
	"ZENML_CAPTURE_PRINTS":                          Client,
	"ZENML_CLI_COLUMN_WIDTH":                        Client,
	"ZENML_CODE_REPOSITORY_IGNORE_UNTRACKED_FILES":  Client,
	"ZENML_CONFIG_PATH":                             Client,
	"ZENML_CONSOLE_LOGGING_FORMAT":                  Client,
	"ZENML_CUSTOM_SOURCE_ROOT":                      Client,
	"ZENML_DAG_RUNNER_WORKER_COUNT":                 Client,
	"ZENML_DEBUG":                                   Client,
	"ZENML_DEFAULT_OUTPUT":                          Client,
	"ZENML_DISABLE_CLIENT_SERVER_MISMATCH_WARNING":  Client,
	"ZENML_DISABLE_INTERACTIVE_INPUT":               Client,
	"ZENML_DISABLE_PATH_MATERIALIZER":               Client,
	"ZENML_DISABLE_PIPELINE_LOGS_STORAGE":           Client,
	"ZENML_DISABLE_STEP_LOGS_STORAGE":               Client,
	"ZENML_DISABLE_STEP_NAMES_IN_LOGS":              Client,
	"ZENML_DYNAMIC_PIPELINE_MONITORING_DELAY":       Client,
	"ZENML_DYNAMIC_PIPELINE_MONITORING_INTERVAL":    Client,
	"ZENML_DYNAMIC_PIPELINE_WORKER_COUNT":           Client,
	"ZENML_ENABLE_IMPLICIT_AUTH_METHODS":            Client,
	"ZENML_ENABLE_REPO_INIT_WARNINGS":               Client,
	"ZENML_ENABLE_RICH_TRACEBACK":                   Client,
	"ZENML_ENFORCE_TYPE_ANNOTATIONS":                Client,
	"ZENML_EXECUTION_CONTEXT_STEP_RUN_CACHE_SIZE":   Client,
	"ZENML_FILEIO_COPY_CHUNK_SIZE":                  Client,
	"ZENML_LOCAL_STORES_PATH":                       Client,
	"ZENML_LOGGING_COLORS_DISABLED":                 Client,
	"ZENML_LOGGING_FORMAT":                          Client,
	"ZENML_LOGGING_VERBOSITY":                       Client,
	"ZENML_LOGS_MAX_ENTRIES_PER_REQUEST":            Client,
	"ZENML_LOGS_MERGE_INTERVAL_SECONDS":             Client,
	"ZENML_LOGS_OTEL_EXPORT_TIMEOUT_MILLIS":         Client,
	"ZENML_LOGS_OTEL_MAX_EXPORT_BATCH_SIZE":         Client,
	"ZENML_LOGS_OTEL_MAX_QUEUE_SIZE":                Client,
	"ZENML_LOGS_OTEL_SCHEDULE_DELAY_MILLIS":         Client,
	"ZENML_LOGS_STORAGE_MAX_QUEUE_SIZE":             Client,
	"ZENML_LOGS_STORAGE_QUEUE_TIMEOUT":              Client,
	"ZENML_LOGS_WRITE_INTERVAL_SECONDS":             Client,
	"ZENML_MATERIALIZER_ALLOW_NON_ASCII_JSON_DUMPS": Client,
	"ZENML_PAGINATION_DEFAULT_LIMIT":                Client,
	"ZENML_PANDAS_SAMPLE_ROWS":                      Client,
	"ZENML_PARAMETER_SIZE_THRESHOLD":                Client,
	"ZENML_PIPELINE_API_TOKEN_EXPIRATION":           Client,
	"ZENML_PREVENT_CLIENT_SIDE_CACHING":             Client,
	"ZENML_PREVENT_EXECUTION_CONTEXT_CACHING":       Client,
	"ZENML_REPOSITORY_DIRECTORY_NAME":               Client,
	"ZENML_REPOSITORY_PATH":                         Client,
	"ZENML_RUN_SINGLE_STEPS_WITHOUT_STACK":          Client,
	"ZENML_SECRET_VALIDATION_LEVEL":                 Client,
	"ZENML_SKIP_IMAGE_BUILDER_DEFAULT":              Client,
	"ZENML_SKIP_STACK_VALIDATION":                   Client,
	"ZENML_STEP_RUNS_FETCH_MAX_CHUNK_LENGTH":        Client,
	"ZENML_STORAGE_LOGGING_VERBOSITY":               Client,
	"ZENML_SUPPRESS_LOGS":                           Client,
	"ZENML_TRACK_LIFECYCLE_HOOK_OUTPUTS":            Client,
	"ZENML_WORKLOAD_TOKEN_EXPIRATION_LEEWAY":        Client,

	// A server's, or a client's working on the database directly
	// (SqlZenStoreConfiguration's fields; a REST client ignores them).
	"ZENML_STORE_AUTH_MODE":                    Server,
	"ZENML_STORE_AWS_RDS_IAM_MAX_WAIT_SECONDS": Server,
	"ZENML_STORE_AWS_RDS_IAM_ROLE_ARN":         Server,
	"ZENML_STORE_AWS_REGION":                   Server,
	"ZENML_STORE_BACKUP_DATABASE":              Server,
	"ZENML_STORE_BACKUP_DIRECTORY":             Server,
	"ZENML_STORE_BACKUP_SECRETS_STORE":         Server,
	"ZENML_STORE_BACKUP_STRATEGY":              Server,
	"ZENML_STORE_CUSTOM_BACKUP_ENGINE":         Server,
	"ZENML_STORE_CUSTOM_BACKUP_ENGINE_CONFIG":  Server,
	"ZENML_STORE_DATABASE":                     Server,
	"ZENML_STORE_DRIVER":                       Server,
	"ZENML_STORE_MAX_OVERFLOW":                 Server,
	"ZENML_STORE_MYDUMPER_COMPRESS":            Server,
	"ZENML_STORE_MYDUMPER_EXTRA_ARGS":          Server,
	"ZENML_STORE_MYDUMPER_THREADS":             Server,
	"ZENML_STORE_MYLOADER_EXTRA_ARGS":          Server,
	"ZENML_STORE_MYLOADER_THREADS":             Server,
	"ZENML_STORE_POOL_PRE_PING":                Server,
	"ZENML_STORE_POOL_SIZE":                    Server,
	"ZENML_STORE_SECRETS_STORE":                Server,
	"ZENML_STORE_SSL":                          Server,
	"ZENML_STORE_SSL_CA":                       Server,
	"ZENML_STORE_SSL_CERT":                     Server,
	"ZENML_STORE_SSL_KEY":                      Server,
	"ZENML_STORE_SSL_VERIFY_SERVER_CERT":       Server,
	// A server creates these at its first start, and reads them there.
	"ZENML_DEFAULT_ANALYTICS_SOURCE": Server,
	"ZENML_DEFAULT_PROJECT_NAME":     Server,
	"ZENML_DEFAULT_USER_NAME":        Server,
	// The server's pipeline-execution runner (zen_server/pipeline_execution).
	"ZENML_RUNNER_IMAGE_DISABLE_UV":     Server,
	"ZENML_RUNNER_PARENT_IMAGE":         Server,
	"ZENML_RUNNER_POD_TIMEOUT":          Server,
	"ZENML_STREAM_PUBLISHER_BATCH_SIZE": Server,
	"ZENML_DAEMON_SERVER_TIMEOUT":       Server,

	// Set by ZenML for its own processes: orchestrator pods, step
	// runners, the local daemon and deployed pipelines.
	"ZENML_SERVER":                         Internal,
	"ZENML_DEFAULT_USER_PASSWORD":          Internal,
	"ZENML_PREVENT_PIPELINE_EXECUTION":     Internal,
	"ZENML_STORE":                          Internal, // GlobalConfiguration.store, an object
	"ZENML_USER_ID":                        Internal,
	"ZENML_VERSION":                        Internal,
	"ZENML_ENVIRONMENT":                    Internal,
	"ZENML_CONTAINER":                      Internal,
	"ZENML_CONTAINER_PYTHON_EXECUTABLE":    Internal,
	"ZENML_SERVICE_CONTAINER":              Internal,
	"ZENML_STEP_OPERATOR":                  Internal,
	"ZENML_DEPLOYMENT_ID":                  Internal,
	"ZENML_LOG_FILE":                       Internal,
	"ZENML_PID_FILE":                       Internal,
	"ZENML_UVICORN_HOST":                   Internal,
	"ZENML_UVICORN_PORT":                   Internal,
	"ZENML_UVICORN_RELOAD":                 Internal,
	"ZENML_AIRFLOW_RUN_ID":                 Internal,
	"ZENML_DATABRICKS_ORCHESTRATOR_RUN_ID": Internal,
	"ZENML_DATABRICKS_WHEEL_PACKAGE":       Internal,
	"ZENML_DOCKER_ORCHESTRATOR_RUN_ID":     Internal,
	"ZENML_HYPERAI_ORCHESTRATOR_RUN_ID":    Internal,
	"ZENML_KUBERNETES_MAIN_ADDRESS":        Internal,
	"ZENML_KUBERNETES_MAIN_PORT":           Internal,
	"ZENML_KUBERNETES_POD_COUNT":           Internal,
	"ZENML_KUBERNETES_RUN_ID":              Internal,
	"ZENML_LIGHTNING_ORCHESTRATOR_RUN_ID":  Internal,
	"ZENML_MODAL_APP_NAME":                 Internal,
	"ZENML_MODAL_RUN_ID":                   Internal,
	"ZENML_SAGEMAKER_RUN_ID":               Internal,
	"ZENML_SKYPILOT_ORCHESTRATOR_RUN_ID":   Internal,
	"ZENML_SSH_ORCHESTRATOR_RUN_ID":        Internal,
	"ZENML_TEKTON_RUN_ID":                  Internal,
	"ZENML_VERTEX_RUN_ID":                  Internal,
}
