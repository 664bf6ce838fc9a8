package zenml

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// loggingLevels are the values ZENML_LOGGING_VERBOSITY accepts once
// upper-cased, in every client version. ZenML 0.98 also takes WARNING (the
// e2e suite saw it), but older clients raise on it, so zenv asks for WARN.
var loggingLevels = []string{"NOTSET", "ERROR", "WARN", "INFO", "DEBUG", "CRITICAL"}

// debugValues are the values ZENML_DEBUG accepts, case-sensitively; the
// client silently ignores anything else.
var debugValues = []string{"1", "y", "yes", "True", "true", "0", "n", "no", "False", "false"}

// boolValues are pydantic's case-insensitive booleans.
var boolValues = []string{"0", "off", "f", "false", "n", "no", "1", "on", "t", "true", "y", "yes"}

// CheckValue returns an error when the client would reject value for name or
// ignore it without a word. Unknown names pass: they are checked by name.
func CheckValue(name, value string) error {
	switch name {
	case "ZENML_LOGGING_VERBOSITY":
		up := strings.ToUpper(value)
		if up == "WARNING" {
			return fmt.Errorf("%s=%q: use WARN, which every ZenML version reads (older clients raise on WARNING)", name, value)
		}
		if !slices.Contains(loggingLevels, up) {
			return fmt.Errorf("%s=%q is not a ZenML level; use one of %s", name, value, strings.Join(loggingLevels, ", "))
		}
	case "ZENML_DEBUG":
		if !slices.Contains(debugValues, value) {
			return fmt.Errorf("%s=%q is ignored by ZenML; use true or false", name, value)
		}
	case "ZENML_ANALYTICS_OPT_IN", "ZENML_LOGGING_COLORS_DISABLED",
		"ZENML_DISABLE_CLIENT_SERVER_MISMATCH_WARNING", "ZENML_ENABLE_RICH_TRACEBACK":
		if !slices.Contains(boolValues, strings.ToLower(value)) {
			return fmt.Errorf("%s=%q is not a boolean; use true or false", name, value)
		}
	case "ZENML_STORE_HTTP_TIMEOUT":
		if n, err := strconv.Atoi(value); err != nil || n <= 0 {
			return fmt.Errorf("%s=%q is not a whole number of seconds", name, value)
		}
	case "ZENML_STORE_TYPE":
		if value != "rest" && value != "sql" {
			return fmt.Errorf("%s=%q is not a store type; use rest or sql", name, value)
		}
	}
	return nil
}
