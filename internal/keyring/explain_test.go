package keyring

import (
	"errors"
	"strings"
	"testing"
)

// TestAShortKeyDoesNotMangleTheBackendsMessage: `echo x | zenv key set t1`
// printed `e<api key>ec: "dbus-launch": e<api key>ecutable file not found`.
func TestAShortKeyDoesNotMangleTheBackendsMessage(t *testing.T) {
	err := (&Store{}).explain(errors.New(`exec: "dbus-launch": executable file not found in $PATH`), "t1", "x")
	if !strings.Contains(err.Error(), `exec: "dbus-launch": executable file not found`) {
		t.Errorf("got %q", err)
	}
	err = (&Store{}).explain(errors.New("refused secret ZENKEY_longer-secret-value-here and x"), "t1", "ZENKEY_longer-secret-value-here")
	if strings.Contains(err.Error(), "longer-secret") {
		t.Errorf("the key reached the message: %q", err)
	}
}
