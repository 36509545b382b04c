package knowledge

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// keyStateSealed marks, in meta, a store whose state values are sealed
// records. Stores written before it have plain values: a writer seals them
// when it opens the file (sealState), a reader reads them plain.
var keyStateSealed = []byte("state_sealed")

// ErrStateDamaged is what a value of the bot's state whose checksum does
// not match gives; errors.Is finds it in a *StateDamagedError. The value
// is never returned.
var ErrStateDamaged = errors.New("damaged bot state")

// StateDamagedError names the file and the key of a damaged state value.
type StateDamagedError struct {
	Path, Key string
	Err       error
}

func (e *StateDamagedError) Error() string {
	return fmt.Sprintf("damaged bot state in %s: the value of %q does not match its checksum (%v) and is not used: restore a backup ('visitbot restore'), or start from a new file ('visitbot index --db NEW.db')", e.Path, e.Key, e.Err)
}

// Is makes errors.Is(err, ErrStateDamaged) true.
func (e *StateDamagedError) Is(target error) bool { return target == ErrStateDamaged }

// stateMarked reports whether meta says the state values are sealed.
func stateMarked(meta *bolt.Bucket) (bool, error) {
	raw := meta.Get(keyStateSealed)
	if raw == nil {
		return false, nil
	}
	if _, err := unseal(keyStateSealed, raw); err != nil {
		return false, &DamagedError{Detail: "meta: " + err.Error()}
	}
	return true, nil
}

// markState records in meta that the state values are sealed.
func markState(meta *bolt.Bucket) error { return put(meta, keyStateSealed, []byte("1")) }

// sealState seals the plain state values of a store written before they
// were sealed, and marks it; a marked store is left as it is.
func sealState(tx *bolt.Tx) error {
	meta, st := tx.Bucket(bucketMeta), tx.Bucket(bucketState)
	if marked, err := stateMarked(meta); err != nil || marked {
		return err
	}
	type kv struct{ k, v []byte }
	var plain []kv
	err := st.ForEach(func(k, v []byte) error {
		if v == nil {
			return fmt.Errorf("state: key %q is a bucket", k)
		}
		plain = append(plain, kv{k, seal(k, v)})
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range plain {
		if err := st.Put(p.k, p.v); err != nil {
			return err
		}
	}
	return markState(meta)
}

// stateValue returns the value of the state record rec stored under key,
// checked when the store's state is sealed.
func (s *Store) stateValue(key, rec []byte) ([]byte, error) {
	if !s.stateSealed {
		return rec, nil
	}
	val, err := unseal(key, rec)
	if err != nil {
		return nil, &StateDamagedError{Path: s.path, Key: string(key), Err: err}
	}
	return val, nil
}
