package quote

import (
	"fmt"
	"strings"
)

// DockerEnvFile checks that s can stand as VALUE in a `docker run
// --env-file` line NAME=VALUE and returns it unchanged. The Docker CLI
// (github.com/docker/cli/pkg/kvfile) takes each line as it is, with no
// quoting or escapes: quotes, $, # and spaces (leading and trailing) are part
// of the value. So nothing can be escaped and what the format loses is
// refused:
//
//   - a newline ends the line;
//   - a carriage return at the end is read as part of the line end;
//   - bytes that are not UTF-8 make the CLI reject the file;
//   - NUL cannot be in an environment.
func DockerEnvFile(s string) (string, error) {
	if err := envText(s, "the docker CLI refuses an env-file that is not UTF-8"); err != nil {
		return "", err
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return "", refuse(s, i, "a docker env-file has one variable per line and no escapes")
	}
	if strings.HasSuffix(s, "\r") {
		return "", refuse(s, len(s)-1, "docker reads a carriage return before the line end as part of the line end")
	}
	return s, nil
}

// DockerEnvFileLineMax is the longest line the Docker CLI reads: it scans the
// file with a bufio.Scanner, whose buffer (64 KiB) must hold a line and its
// line end.
const DockerEnvFileLineMax = 64*1024 - 1

// DockerEnvFileLine refuses a NAME=VALUE line longer than the CLI reads.
func DockerEnvFileLine(name, text string) error {
	if n := len(name) + len("=") + len(text); n > DockerEnvFileLineMax {
		return fmt.Errorf("the line would be %d bytes; docker reads at most %d", n, DockerEnvFileLineMax)
	}
	return nil
}
