package rotate

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/zenv-dev/zenv/internal/fsutil"
	"github.com/zenv-dev/zenv/internal/zenml"
)

// State records a rotation in progress, for --resume: which account and
// keys, never a key.
type State struct {
	Profile   string    `json:"profile"`
	Strategy  string    `json:"strategy"`
	Account   string    `json:"account_id"`
	OldKeyID  string    `json:"old_key_id"`
	NewKeyID  string    `json:"new_key_id"`
	At        time.Time `json:"rotated_at"`
	WindowEnd time.Time `json:"window_end,omitempty"`
	// NewKey is the new key's Fingerprint, never the key: --resume pushes
	// only that key.
	NewKey string `json:"new_key_fingerprint,omitempty"`
	// Recovery is the file holding a new key that could not be saved.
	Recovery string `json:"recovery_file,omitempty"`
}

// Fingerprint names a key without holding it: its id and the first 16
// hex digits of the SHA-256 of its secret.
func Fingerprint(key string) string {
	dk, _ := zenml.ParseKey(key)
	secret := dk.Secret
	if secret == "" {
		secret = dk.Clean
	}
	sum := sha256.Sum256([]byte(secret))
	return dk.ID + ":" + hex.EncodeToString(sum[:8])
}

// maxStateSize bounds a rotation record; one is a few hundred bytes.
const maxStateSize = 64 << 10

// StateStore keeps the records.
type StateStore interface {
	Save(State) error
	Load(profile string) (State, bool, error)
	Remove(profile string) error
}

// DirState keeps one JSON file per profile in a folder (zenv's config
// folder, rotate/).
type DirState struct{ Dir string }

func (d DirState) path(profile string) string {
	return filepath.Join(d.Dir, profile+".json")
}

func (d DirState) Save(s State) error {
	if err := os.MkdirAll(d.Dir, 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return fsutil.ReplaceFile(d.path(s.Profile), append(b, '\n'))
}

func (d DirState) Load(profile string) (State, bool, error) {
	var s State
	// Bounded, and only from a file and folders others cannot write: the
	// record decides which key --resume pushes.
	b, err := fsutil.ReadTrusted(d.path(profile), maxStateSize)
	var tooLarge *fsutil.TooLargeError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return s, false, nil
	case err != nil && !errors.As(err, &tooLarge):
		return s, false, fmt.Errorf("cannot read the rotation record: %w", fsutil.BareError(err))
	}
	if err != nil || json.Unmarshal(b, &s) != nil {
		return s, false, fmt.Errorf("the rotation record %s is damaged; delete it and run zenv rotate -p %s --resume again", d.path(profile), profile)
	}
	return s, true, nil
}

func (d DirState) Remove(profile string) error {
	err := os.Remove(d.path(profile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
