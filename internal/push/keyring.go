package push

import (
	"context"
	"errors"
	"fmt"

	oskeyring "github.com/zenv-dev/zenv/internal/keyring"
)

// KeyringStore is what the keyring destination needs of internal/keyring.
type KeyringStore interface {
	Get(name string) (string, error)
	Set(name, key string) error
}

// Keyring is an item of the OS keyring under zenv's service, as `zenv key
// set` stores it.
type Keyring struct {
	Store KeyringStore
	Item  string
}

func (k *Keyring) Name() string { return "keyring " + k.Item }

func (k *Keyring) get() (string, bool, error) {
	v, err := k.Store.Get(k.Item)
	if errors.Is(err, oskeyring.ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return v, true, nil
}

func (k *Keyring) Preflight(context.Context) error {
	_, _, err := k.get()
	return err
}

func (k *Keyring) Plan(Values) string { return "store the key as item " + k.Item }

func (k *Keyring) Push(_ context.Context, v Values) (Status, string, error) {
	cur, found, err := k.get()
	if err != nil {
		return Failed, "", err
	}
	if found && cur == v.Key {
		return Unchanged, "", nil
	}
	if err := k.Store.Set(k.Item, v.Key); err != nil {
		return Failed, "", err
	}
	got, found, err := k.get()
	switch {
	case err != nil:
		return Failed, "", fmt.Errorf("stored, but reading it back failed: %w", err)
	case !found || got != v.Key:
		return Failed, "", fmt.Errorf("stored, but reading it back gives another value")
	}
	return Verified, "", nil
}

func (k *Keyring) Check(_ context.Context, v Values) (Status, string, error) {
	cur, found, err := k.get()
	switch {
	case err != nil:
		return Failed, "", err
	case !found:
		return Drift, "the item does not exist", nil
	case cur != v.Key:
		return Drift, "the item holds another value", nil
	}
	return InSync, "", nil
}
