package knowledge

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// batchBytes bounds what one transaction of a batch writes before it is
// committed: bbolt keeps a transaction's new pages in memory until then,
// so a base written in one transaction costs its whole size in memory.
var batchBytes = 16 << 20 // a variable for tests, which write in tiny batches

// batch writes a new store file in a run of transactions of at most about
// batchBytes each (a value larger than that has one of its own). Only a
// file nobody else knows yet may be written so: a reader could see it half
// written. The caller makes it readable last (keyCurrent) and syncs the
// file once at the end (the db is opened NoSync for the batches).
type batch struct {
	db      *bolt.DB
	tx      *bolt.Tx
	size    int
	buckets map[string]*bolt.Bucket // resolved in tx, by path
	commits int
	// checkFrom, when set, names the file copyInto copies from: each value
	// it copies is checked against its checksum (every value of a
	// version is sealed), a mismatch the damaged-base error naming it.
	checkFrom string
}

func newBatch(db *bolt.DB) *batch { return &batch{db: db} }

// Tx returns the open transaction, beginning one if none is.
func (w *batch) Tx() (*bolt.Tx, error) {
	if w.tx == nil {
		tx, err := w.db.Begin(true)
		if err != nil {
			return nil, err
		}
		w.tx, w.size, w.buckets = tx, 0, map[string]*bolt.Bucket{}
	}
	return w.tx, nil
}

// bucket returns the bucket at path (names from the root) in the open
// transaction, creating it and those above it if need be. Buckets below the
// root are packed full (FillPercent 1): they are written in key order.
func (w *batch) bucket(path ...[]byte) (*bolt.Bucket, error) {
	tx, err := w.Tx()
	if err != nil {
		return nil, err
	}
	var key strings.Builder
	for _, p := range path {
		key.Write(p)
		key.WriteByte(0)
	}
	if b := w.buckets[key.String()]; b != nil {
		return b, nil
	}
	b, err := tx.CreateBucketIfNotExists(path[0])
	if err != nil {
		return nil, err
	}
	for _, p := range path[1:] {
		if b, err = b.CreateBucketIfNotExists(p); err != nil {
			return nil, fmt.Errorf("bucket %q: %w", p, err)
		}
		b.FillPercent = 1
	}
	w.buckets[key.String()] = b
	return b, nil
}

// put stores val (as it is: sealed or not is the caller's) under key in the
// bucket at path. val must stay unchanged until the batch commits.
func (w *batch) put(path [][]byte, key, val []byte) error {
	if w.tx != nil && w.size > 0 && w.size+len(val) > batchBytes {
		if err := w.commit(); err != nil {
			return err
		}
	}
	b, err := w.bucket(path...)
	if err != nil {
		return err
	}
	if err := b.Put(key, val); err != nil {
		return err
	}
	w.size += len(key) + len(val)
	return nil
}

// putSealed is put of the sealed record of val.
func (w *batch) putSealed(path [][]byte, key, val []byte) error {
	return w.put(path, key, seal(key, val))
}

// commit commits the open transaction, if any.
func (w *batch) commit() error {
	if w.tx == nil {
		return nil
	}
	tx := w.tx
	w.tx, w.buckets = nil, nil
	w.commits++
	return tx.Commit()
}

// rollback ends the open transaction, if any, without committing it.
func (w *batch) rollback() {
	if w.tx != nil {
		w.tx.Rollback()
		w.tx, w.buckets = nil, nil
	}
}

// copyInto copies src's keys (but skip, at its top level), values, nested
// buckets and sequence into the bucket at path, in w's batches.
func (w *batch) copyInto(path [][]byte, src *bolt.Bucket, skip ...[]byte) error {
	dst, err := w.bucket(path...)
	if err != nil {
		return err
	}
	if err := dst.SetSequence(src.Sequence()); err != nil {
		return err
	}
	return src.ForEach(func(k, v []byte) error {
		if slices.ContainsFunc(skip, func(s []byte) bool { return bytes.Equal(s, k) }) {
			return nil
		}
		if v != nil {
			if w.checkFrom != "" {
				if _, err := unseal(k, v); err != nil {
					return damaged(w.checkFrom, err)
				}
			}
			return w.put(path, k, v)
		}
		sub := src.Bucket(k)
		if sub == nil {
			return fmt.Errorf("key %q: neither a value nor a bucket", k)
		}
		return w.copyInto(append(path[:len(path):len(path)], k), sub)
	})
}
