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
	if c, ok := classOf(n); ok {
		info.Class = c
		return info
	}
	if right, ok := mistakes[n]; ok {
		info.Class, info.Instead = Mistake, right
		return info
	}
	if ServerFamily(n) {
		info.Class = Server
		return info
	}
	// Every ZENML_STORE_ name is taken as a store field, and an unknown one
	// is dropped without a word (extra="ignore"): a misspelt field.
	if strings.HasPrefix(n, "ZENML_STORE_") || nearClientName(n) {
		info.Class, info.Instead = Mistake, suggest(n)
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

// ServerFamily reports whether n belongs to a family of names a ZenML
// server reads whole (ZENML_SERVER_*, ZENML_DATABASE_*, ...): in a
// server's own settings such a name is the server's business, even one a
// client user mistakes for a client name (ZENML_SERVER_URL).
func ServerFamily(n string) bool {
	for _, p := range serverPrefixes {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// suggest returns the client variable the user most likely meant by name.
func suggest(name string) string {
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

// The table of every ZENML_ name the pinned client (0.98.0) reads, by who
// reads it, each list sorted (for a binary search, and no start-up cost).
// The e2e suite scans the installed package and fails on a name missing
// here, or on a client name the client no longer reads. Sources:
// src/zenml/constants.py (ENV_*), config/global_config.py (ZENML_<field> of
// GlobalConfiguration, ZENML_STORE_<field> of the store configuration),
// login/pro/constants.py, and the orchestrators and integrations that pass
// run ids to their own pods.

// clientNames: a client reads them, and a user may set them: the REST
// store's fields, GlobalConfiguration's user-settable fields,
// ZENML_PRO_API_URL and ZENML_PRO_URL, and constants.py's client
// behaviour.
var clientNames = []string{
	"ZENML_ACTIVE_PROJECT_ID",
	"ZENML_ACTIVE_STACK_ID",
	"ZENML_ANALYTICS_OPT_IN",
	"ZENML_AUTO_OPEN_DASHBOARD",
	"ZENML_CAPTURE_PRINTS",
	"ZENML_CLI_COLUMN_WIDTH",
	"ZENML_CODE_REPOSITORY_IGNORE_UNTRACKED_FILES",
	"ZENML_CONFIG_PATH",
	"ZENML_CONSOLE_LOGGING_FORMAT",
	"ZENML_CONTAINER_ENGINE",
	"ZENML_CUSTOM_SOURCE_ROOT",
	"ZENML_DAG_RUNNER_WORKER_COUNT",
	"ZENML_DEBUG",
	"ZENML_DEFAULT_OUTPUT",
	"ZENML_DISABLE_CLIENT_SERVER_MISMATCH_WARNING",
	"ZENML_DISABLE_INTERACTIVE_INPUT",
	"ZENML_DISABLE_PATH_MATERIALIZER",
	"ZENML_DISABLE_PIPELINE_LOGS_STORAGE",
	"ZENML_DISABLE_STEP_LOGS_STORAGE",
	"ZENML_DISABLE_STEP_NAMES_IN_LOGS",
	"ZENML_DYNAMIC_PIPELINE_MONITORING_DELAY",
	"ZENML_DYNAMIC_PIPELINE_MONITORING_INTERVAL",
	"ZENML_DYNAMIC_PIPELINE_WORKER_COUNT",
	"ZENML_ENABLE_IMPLICIT_AUTH_METHODS",
	"ZENML_ENABLE_REPO_INIT_WARNINGS",
	"ZENML_ENABLE_RICH_TRACEBACK",
	"ZENML_ENFORCE_TYPE_ANNOTATIONS",
	"ZENML_EXECUTION_CONTEXT_STEP_RUN_CACHE_SIZE",
	"ZENML_FILEIO_COPY_CHUNK_SIZE",
	"ZENML_LOCAL_STORES_PATH",
	"ZENML_LOGGING_COLORS_DISABLED",
	"ZENML_LOGGING_FORMAT",
	"ZENML_LOGGING_VERBOSITY",
	"ZENML_LOGS_MAX_ENTRIES_PER_REQUEST",
	"ZENML_LOGS_MERGE_INTERVAL_SECONDS",
	"ZENML_LOGS_OTEL_EXPORT_TIMEOUT_MILLIS",
	"ZENML_LOGS_OTEL_MAX_EXPORT_BATCH_SIZE",
	"ZENML_LOGS_OTEL_MAX_QUEUE_SIZE",
	"ZENML_LOGS_OTEL_SCHEDULE_DELAY_MILLIS",
	"ZENML_LOGS_STORAGE_MAX_QUEUE_SIZE",
	"ZENML_LOGS_STORAGE_QUEUE_TIMEOUT",
	"ZENML_LOGS_WRITE_INTERVAL_SECONDS",
	"ZENML_MATERIALIZER_ALLOW_NON_ASCII_JSON_DUMPS",
	"ZENML_PAGINATION_DEFAULT_LIMIT",
	"ZENML_PANDAS_SAMPLE_ROWS",
	"ZENML_PARAMETER_SIZE_THRESHOLD",
	"ZENML_PIPELINE_API_TOKEN_EXPIRATION",
	"ZENML_PREVENT_CLIENT_SIDE_CACHING",
	"ZENML_PREVENT_EXECUTION_CONTEXT_CACHING",
	"ZENML_PRO_API_URL",
	"ZENML_PRO_URL",
	"ZENML_REPOSITORY_DIRECTORY_NAME",
	"ZENML_REPOSITORY_PATH",
	"ZENML_RUN_SINGLE_STEPS_WITHOUT_STACK",
	"ZENML_SECRET_VALIDATION_LEVEL",
	"ZENML_SKIP_IMAGE_BUILDER_DEFAULT",
	"ZENML_SKIP_STACK_VALIDATION",
	"ZENML_STEP_RUNS_FETCH_MAX_CHUNK_LENGTH",
	"ZENML_STORAGE_LOGGING_VERBOSITY",
	"ZENML_STORE_API_KEY",
	"ZENML_STORE_API_TOKEN",
	"ZENML_STORE_CONNECTION_POOL_SIZE",
	"ZENML_STORE_HTTP_TIMEOUT",
	"ZENML_STORE_PASSWORD",
	"ZENML_STORE_TYPE",
	"ZENML_STORE_URL",
	"ZENML_STORE_USERNAME",
	"ZENML_STORE_VERIFY_SSL",
	"ZENML_SUPPRESS_LOGS",
	"ZENML_TRACK_LIFECYCLE_HOOK_OUTPUTS",
	"ZENML_USER_EMAIL",
	"ZENML_USER_EMAIL_OPT_IN",
	"ZENML_WORKLOAD_TOKEN_EXPIRATION_LEEWAY",
}

// serverNames: only a server reads them, or a client working on the
// database directly (SqlZenStoreConfiguration's fields, which a REST client
// ignores); the defaults a server creates at its first start; its
// pipeline-execution runner (zen_server/pipeline_execution).
var serverNames = []string{
	"ZENML_DAEMON_SERVER_TIMEOUT",
	"ZENML_DEFAULT_ANALYTICS_SOURCE",
	"ZENML_DEFAULT_PROJECT_NAME",
	"ZENML_DEFAULT_USER_NAME",
	"ZENML_RUNNER_IMAGE_DISABLE_UV",
	"ZENML_RUNNER_PARENT_IMAGE",
	"ZENML_RUNNER_POD_TIMEOUT",
	"ZENML_STORE_AUTH_MODE",
	"ZENML_STORE_AWS_RDS_IAM_MAX_WAIT_SECONDS",
	"ZENML_STORE_AWS_RDS_IAM_ROLE_ARN",
	"ZENML_STORE_AWS_REGION",
	"ZENML_STORE_BACKUP_DATABASE",
	"ZENML_STORE_BACKUP_DIRECTORY",
	"ZENML_STORE_BACKUP_SECRETS_STORE",
	"ZENML_STORE_BACKUP_STRATEGY",
	"ZENML_STORE_CUSTOM_BACKUP_ENGINE",
	"ZENML_STORE_CUSTOM_BACKUP_ENGINE_CONFIG",
	"ZENML_STORE_DATABASE",
	"ZENML_STORE_DRIVER",
	"ZENML_STORE_MAX_OVERFLOW",
	"ZENML_STORE_MYDUMPER_COMPRESS",
	"ZENML_STORE_MYDUMPER_EXTRA_ARGS",
	"ZENML_STORE_MYDUMPER_THREADS",
	"ZENML_STORE_MYLOADER_EXTRA_ARGS",
	"ZENML_STORE_MYLOADER_THREADS",
	"ZENML_STORE_POOL_PRE_PING",
	"ZENML_STORE_POOL_SIZE",
	"ZENML_STORE_SECRETS_STORE",
	"ZENML_STORE_SSL",
	"ZENML_STORE_SSL_CA",
	"ZENML_STORE_SSL_CERT",
	"ZENML_STORE_SSL_KEY",
	"ZENML_STORE_SSL_VERIFY_SERVER_CERT",
	"ZENML_STREAM_PUBLISHER_BATCH_SIZE",
}

// internalNames: ZenML sets them for its own processes (orchestrator pods,
// step runners, the local daemon, deployed pipelines) or stores objects
// under them (ZENML_STORE, GlobalConfiguration.store); a user never should.
// ZENML_DEFAULT_USER_PASSWORD and ZENML_PREVENT_PIPELINE_EXECUTION are
// listed as issue 15 decided.
var internalNames = []string{
	"ZENML_AIRFLOW_RUN_ID",
	"ZENML_CONTAINER",
	"ZENML_CONTAINER_PYTHON_EXECUTABLE",
	"ZENML_DATABRICKS_ORCHESTRATOR_RUN_ID",
	"ZENML_DATABRICKS_WHEEL_PACKAGE",
	"ZENML_DEFAULT_USER_PASSWORD",
	"ZENML_DEPLOYMENT_ID",
	"ZENML_DOCKER_ORCHESTRATOR_RUN_ID",
	"ZENML_ENVIRONMENT",
	"ZENML_HYPERAI_ORCHESTRATOR_RUN_ID",
	"ZENML_KUBERNETES_MAIN_ADDRESS",
	"ZENML_KUBERNETES_MAIN_PORT",
	"ZENML_KUBERNETES_POD_COUNT",
	"ZENML_KUBERNETES_RUN_ID",
	"ZENML_LIGHTNING_ORCHESTRATOR_RUN_ID",
	"ZENML_LOG_FILE",
	"ZENML_MODAL_APP_NAME",
	"ZENML_MODAL_RUN_ID",
	"ZENML_PID_FILE",
	"ZENML_PREVENT_PIPELINE_EXECUTION",
	"ZENML_SAGEMAKER_RUN_ID",
	"ZENML_SERVER",
	"ZENML_SERVICE_CONTAINER",
	"ZENML_SKYPILOT_ORCHESTRATOR_RUN_ID",
	"ZENML_SSH_ORCHESTRATOR_RUN_ID",
	"ZENML_STEP_OPERATOR",
	"ZENML_STORE",
	"ZENML_TEKTON_RUN_ID",
	"ZENML_USER_ID",
	"ZENML_UVICORN_HOST",
	"ZENML_UVICORN_PORT",
	"ZENML_UVICORN_RELOAD",
	"ZENML_VERSION",
	"ZENML_VERTEX_RUN_ID",
}

// classOf looks name up in the three lists.
func classOf(name string) (Class, bool) {
	for _, t := range []struct {
		names []string
		class Class
	}{{clientNames, Client}, {serverNames, Server}, {internalNames, Internal}} {
		if _, ok := slices.BinarySearch(t.names, name); ok {
			return t.class, true
		}
	}
	return NotZenML, false
}
