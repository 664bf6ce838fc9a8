package keyring

import (
	"os"
	"testing"

	"github.com/zenv-dev/zenv/internal/testsupport/homeguard"
)

// TestMain keeps every test of this package out of the real home.
func TestMain(m *testing.M) { os.Exit(homeguard.Run(m)) }
