package quote

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/docker/cli/pkg/kvfile"
)

// dockerRead reads the env-file text with the Docker CLI's own parser (what
// opts.ParseEnvFile and so `docker run --env-file` call) and returns K's
// value.
func dockerRead(text string) (string, error) {
	lines, err := kvfile.ParseFromReader(strings.NewReader(text), nil)
	if err != nil {
		return "", err
	}
	if len(lines) != 1 {
		return "", fmt.Errorf("%d variables, want 1", len(lines))
	}
	v, ok := strings.CutPrefix(lines[0], "K=")
	if !ok {
		return "", fmt.Errorf("read %q, not K", lines[0])
	}
	return v, nil
}

func FuzzDockerEnvFile(f *testing.F) {
	addSeeds(f)
	f.Add("ends in cr\r")
	f.Add("# not a comment")
	f.Fuzz(func(t *testing.T, s string) {
		q, err := DockerEnvFile(s)
		if err != nil {
			if strings.Contains(s, "\x00") || !utf8.ValidString(s) {
				return
			}
			if got, rerr := dockerRead("K=" + s + "\n"); rerr == nil && got == s {
				t.Fatalf("DockerEnvFile refused %q (%v), which docker reads back", s, err)
			}
			return
		}
		if q != s {
			t.Fatalf("DockerEnvFile changed %q to %q: the format has no escapes", s, q)
		}
		if got, err := dockerRead("K=" + q + "\n"); err != nil || got != s {
			t.Fatalf("docker reads K=%s as %q (%v), want %q", q, got, err, s)
		}
	})
}

func TestDockerEnvFileLineLimitIsTheCLIs(t *testing.T) {
	// The longest line DockerEnvFileLine accepts is read back; one more
	// byte makes the CLI fail.
	name := "K"
	longest := strings.Repeat("x", DockerEnvFileLineMax-len("K="))
	if err := DockerEnvFileLine(name, longest); err != nil {
		t.Fatalf("refused the longest line: %v", err)
	}
	if got, err := dockerRead("K=" + longest + "\n"); err != nil || got != longest {
		t.Fatalf("docker cannot read the longest accepted line: %v", err)
	}
	if err := DockerEnvFileLine(name, longest+"x"); err == nil {
		t.Fatal("accepted a line one byte too long")
	}
	if _, err := dockerRead("K=" + longest + "x\n"); err == nil {
		t.Fatal("docker read a line one byte longer than the limit: the limit is wrong")
	}
}

func TestDockerEnvFileKeepsQuotesAndBlanks(t *testing.T) {
	for _, s := range []string{"  leading", "trailing  ", `"quoted"`, "'single'", "$HOME", "a # b", "mid\rcr", ""} {
		got, err := dockerRead("K=" + s + "\n")
		if q, qerr := DockerEnvFile(s); qerr != nil || q != s || err != nil || got != s {
			t.Errorf("DockerEnvFile(%q) = %q, %v; docker reads %q, %v", s, q, qerr, got, err)
		}
	}
}
