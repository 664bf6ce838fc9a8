//go:build unix

package iostreams

import (
	"os"
	"os/signal"
	"syscall"
)

// catchSIGPIPE makes a write to a closed stdout return EPIPE. Notify, not
// Ignore: an ignored signal stays ignored in a program zenv run executes.
func catchSIGPIPE() {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
}
