package rotate

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zenv-dev/zenv/internal/push"
	"github.com/zenv-dev/zenv/internal/testsupport/fakestores"
)

func TestAReplacementNameDoesNotGrowAcrossRuns(t *testing.T) {
	at := time.Date(2026, 12, 4, 23, 30, 0, 0, time.UTC)
	tests := []struct{ old, want string }{
		{"default", "default-20261204T233000Z"},
		{"default-20261204T232624Z-20261204T232627Z", "default-20261204T233000Z"},
		{"ci-2026", "ci-2026-20261204T233000Z"},
		{"x-99999999T999999Z", "x-99999999T999999Z-20261204T233000Z"},
		{"", "zenv-20261204T233000Z"},
		{strings.Repeat("é", 200), strings.Repeat("é", 119) + "-20261204T233000Z"},
	}
	for _, tt := range tests {
		got := replacementName(tt.old, at)
		if got != tt.want || len(got) > maxNameLen {
			t.Errorf("replacementName(%q) = %q (%d bytes), want %q", tt.old, got, len(got), tt.want)
		}
	}
	name := "default"
	for i := range 30 {
		name = replacementName(name, at.Add(time.Duration(i)*time.Second))
	}
	if len(name) != len("default-20261204T233029Z") {
		t.Errorf("after 30 runs: %q", name)
	}
}

// push --check logs in with the key to read its record: the session's
// token goes to the redactor before it is sent.
func TestKeyRecordGivesTheSessionTokenToTheRedactor(t *testing.T) {
	z, key := fakestores.NewZenML(t)
	hc, err := push.DefaultHTTPClient()
	if err != nil {
		t.Fatal(err)
	}
	var secrets []string
	if _, err := KeyRecord(context.Background(), NewServer(hc, z.URL), key, func(s string) { secrets = append(secrets, s) }); err != nil {
		t.Fatal(err)
	}
	if len(secrets) != 1 || secrets[0] == "" || secrets[0] == key {
		t.Fatalf("the redactor got %d values", len(secrets))
	}
}

// The rotation record decides which key --resume pushes: one that others
// may write is refused, and one over the bound is damaged, not read.
func TestARotationRecordOthersCanWriteOrTooLargeIsRefused(t *testing.T) {
	d := DirState{Dir: t.TempDir()}
	if err := d.Save(State{Profile: "prod", NewKey: "id:0123"}); err != nil {
		t.Fatal(err)
	}
	if s, found, err := d.Load("prod"); err != nil || !found || s.NewKey != "id:0123" {
		t.Fatalf("a saved record: %+v %v %v", s, found, err)
	}
	path := filepath.Join(d.Dir, "prod.json")
	if runtime.GOOS != "windows" { // no mode bits there
		os.Chmod(path, 0o666)
		if _, _, err := d.Load("prod"); err == nil {
			t.Errorf("a record others can write was read")
		}
	}
	os.WriteFile(path, []byte("{"+strings.Repeat(" ", maxStateSize)+"}"), 0o600)
	os.Chmod(path, 0o600)
	if _, _, err := d.Load("prod"); err == nil || !strings.Contains(err.Error(), "is damaged") {
		t.Errorf("a record over the bound: %v", err)
	}
}
