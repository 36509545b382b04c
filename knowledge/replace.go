package knowledge

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Replace makes b the current knowledge base of the store at the lock's
// path without holding that file open for writing: it writes a new store
// beside it (the old one's state and kept versions, then b) and renames
// the new file over the old one. Readers that have the old file open keep
// reading it, whole; those that open it afterwards read the new one; no
// reader waits for the build. A missing file is created. A file that is
// not a store, or a damaged one, is left alone and is an error: build into
// a new file then. Replace sets b's Info.Version.
func (l *WriteLock) Replace(b *Base) (err error) {
	if l == nil || l.f == nil {
		return errors.New("replace: the writer's lock is not held")
	}
	v, err := l.replaceWith(func(tmp string) (uint64, error) { return writeStore(tmp, l.path, b) })
	if err == nil {
		b.Info.Version = v
	}
	return err
}

// ReplaceFrom is Replace with the base that the store file built holds
// (its current version, as WriteFile wrote it), copied record by record
// without being decoded: a process swaps in what its child built without
// loading it. Where there is no file yet, built is renamed there instead
// (nothing to carry over, nothing to copy). It returns the new base's
// Info, version included. The records are checked when the new file is
// opened, as always.
func (l *WriteLock) ReplaceFrom(built string) (info Info, err error) {
	if l == nil || l.f == nil {
		return info, errors.New("replace: the writer's lock is not held")
	}
	src, err := openBolt(built, true)
	if err != nil {
		return info, fmt.Errorf("replace %s from %s: %w", l.path, built, err)
	}
	defer src.Close()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverCorrupt(&err)
	if _, serr := os.Stat(l.path); errors.Is(serr, fs.ErrNotExist) {
		// Nothing to carry over: the built file becomes the store.
		return moveBuilt(src, built, l.path, 0o600)
	}
	err = src.View(func(stx *bolt.Tx) error {
		kb, err := currentBucket(stx)
		if err != nil {
			return damaged(built, err)
		}
		if err := jsonRecord(kb, keyInfo, &info); err != nil {
			return damaged(built, err)
		}
		info.Version, err = l.replaceWith(func(tmp string) (uint64, error) {
			return writeStoreWith(tmp, l.path, func(w *batch) (uint64, error) { return copyVersion(w, kb, built) })
		})
		return err
	})
	return info, err
}

// moveBuilt renames the store file built (open as src, which it closes) to
// path, with mode: the new store is the built one, whose current version
// keeps its number.
func moveBuilt(src *bolt.DB, built, path string, mode fs.FileMode) (info Info, err error) {
	err = src.View(func(stx *bolt.Tx) error {
		kb, err := currentBucket(stx)
		if err != nil {
			return damaged(built, err)
		}
		if err := jsonRecord(kb, keyInfo, &info); err != nil {
			return damaged(built, err)
		}
		info.Version, err = currentVersion(stx, false)
		return err
	})
	if err == nil {
		err = src.Close()
	}
	if err == nil {
		err = os.Chmod(built, mode)
	}
	if err == nil {
		err = os.Rename(built, path)
	}
	if err != nil {
		return info, fmt.Errorf("replace %s from %s: %w", path, built, err)
	}
	syncDir(filepath.Dir(path))
	return info, nil
}

// currentBucket returns the bucket of the current version of a store of
// this schema.
func currentBucket(tx *bolt.Tx) (*bolt.Bucket, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return nil, notVisitbot()
	}
	if schema, err := readMeta(meta); err != nil || schema != SchemaVersion {
		return nil, fmt.Errorf("schema %d: %v", schema, err)
	}
	v, err := currentVersion(tx, false)
	if err != nil || v == 0 {
		return nil, fmt.Errorf("no current version: %v", err)
	}
	kb := tx.Bucket(bucketKB).Bucket(versionKey(v))
	if kb == nil {
		return nil, fmt.Errorf("version %d is missing", v)
	}
	return kb, nil
}

// copyVersion adds a copy of the version bucket src, of the file from, as
// the next version in w's store and makes it current, in batches. Each
// record is checked against its checksum as it is copied.
func copyVersion(w *batch, src *bolt.Bucket, from string) (uint64, error) {
	w.checkFrom = from
	defer func() { w.checkFrom = "" }()
	return addVersionBatched(w, func(path [][]byte) error {
		// The info record last: a version bucket without it is a copy
		// that did not finish (unfinished).
		if err := w.copyInto(path, src, keyInfo); err != nil {
			return err
		}
		info := src.Get(keyInfo)
		if _, err := unseal(keyInfo, info); err != nil {
			return damaged(from, err)
		}
		return w.put(path, keyInfo, info)
	})
}

// unfinished reports a version bucket without its info record: a copy
// (copyVersion) cut short, by a failure or a kill, in a store written in
// several transactions. Versions does not list it and a writer's open
// removes it.
func unfinished(kb *bolt.Bucket) bool { return kb.Get(keyInfo) == nil }

// unfinishedVersions lists the keys of a store's unfinished versions.
func unfinishedVersions(tx *bolt.Tx) (keys [][]byte) {
	kbs := tx.Bucket(bucketKB)
	kbs.ForEachBucket(func(k []byte) error {
		if unfinished(kbs.Bucket(k)) {
			keys = append(keys, append([]byte(nil), k...))
		}
		return nil
	})
	return keys
}

// dropUnfinished removes the unfinished versions of a store, in a write
// transaction only when there are any.
func dropUnfinished(db *bolt.DB) error {
	var keys [][]byte
	db.View(func(tx *bolt.Tx) error {
		keys = unfinishedVersions(tx)
		return nil
	})
	if len(keys) == 0 {
		return nil
	}
	return db.Update(func(tx *bolt.Tx) error {
		for _, k := range unfinishedVersions(tx) {
			if err := tx.Bucket(bucketKB).DeleteBucket(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// addVersionBatched is addVersion in a new store written in batches: fill
// writes the version's bucket at the path it is given, in as many
// transactions as it needs; the version becomes current in the last one.
func addVersionBatched(w *batch, fill func(path [][]byte) error) (uint64, error) {
	kbs, err := w.bucket(bucketKB)
	if err != nil {
		return 0, err
	}
	v, err := kbs.NextSequence()
	if err != nil {
		return 0, err
	}
	path := [][]byte{bucketKB, versionKey(v)}
	if err := fill(path); err != nil {
		return 0, err
	}
	tx, err := w.Tx()
	if err != nil {
		return 0, err
	}
	if err := put(tx.Bucket(bucketMeta), keyCurrent, versionKey(v)); err != nil {
		return 0, err
	}
	return v, prune(tx.Bucket(bucketKB), v, nil)
}

// replaceWith writes a new store beside the lock's file with write (given
// the temporary file's name; it returns the new version) and renames it
// over the file, keeping the file's mode.
func (l *WriteLock) replaceWith(write func(tmp string) (uint64, error)) (v uint64, err error) {
	tmp, err := CreateTemp(l.path)
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	mode := fs.FileMode(0o600)
	if info, err := os.Stat(l.path); err == nil {
		mode = info.Mode().Perm()
	}
	if v, err = write(tmp); err != nil {
		return 0, fmt.Errorf("replace %s: %w", l.path, err)
	}
	if err := os.Chmod(tmp, mode); err != nil {
		return 0, fmt.Errorf("replace %s: %w", l.path, err)
	}
	if err := os.Rename(tmp, l.path); err != nil {
		return 0, fmt.Errorf("replace %s: %w", l.path, err)
	}
	syncDir(filepath.Dir(l.path))
	return v, nil
}

// WriteFile writes a new store at path (an empty or missing file of the
// caller's, such as one of CreateTemp) holding b alone, as version 1. It
// takes no lock: nobody else may know the file yet. It leaves b as it was.
func WriteFile(path string, b *Base) error {
	if _, err := writeStore(path, "", b); err != nil {
		return fmt.Errorf("write knowledge base %s: %w", path, err)
	}
	return nil
}

// writeStore writes the store file path: the state and versions of the
// store at old (if old is not "" and exists), then b as a new version,
// which it returns.
func writeStore(path, old string, b *Base) (uint64, error) {
	return writeStoreWith(path, old, func(w *batch) (uint64, error) {
		tx, err := w.Tx()
		if err != nil {
			return 0, err
		}
		return saveVersion(tx, b, nil) // (a new file: no Reader of it)
	})
}

// writeStoreWith is writeStore with add adding the new version. The new
// file is written in batches (it is nobody's until renamed) and synced once.
func writeStoreWith(path, old string, add func(w *batch) (uint64, error)) (v uint64, err error) {
	db, err := openBolt(path, false)
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}()
	db.NoSync = true
	var src *bolt.DB
	if old != "" {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		src, err = openBolt(old, true)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			src = nil
		case errors.Is(err, berrors.ErrTimeout):
			return 0, (&Store{path: old, readOnly: true}).lockedBy()
		case err != nil:
			return 0, err
		default:
			defer src.Close()
		}
	}
	w := newBatch(db)
	defer w.rollback()
	tx, err := w.Tx()
	if err != nil {
		return 0, err
	}
	if err := createBuckets(tx); err != nil {
		return 0, err
	}
	if src != nil {
		if err := copyStore(w, src, old); err != nil {
			return 0, err
		}
	}
	if v, err = add(w); err != nil {
		return 0, err
	}
	if err := w.commit(); err != nil {
		return 0, err
	}
	return v, db.Sync()
}

// createBuckets gives a new store its buckets.
func createBuckets(tx *bolt.Tx) error {
	meta, err := tx.CreateBucket(bucketMeta)
	if err != nil {
		return err
	}
	if err := writeMeta(meta); err != nil {
		return err
	}
	if _, err := tx.CreateBucket(bucketKB); err != nil {
		return err
	}
	if _, err = tx.CreateBucket(bucketState); err != nil {
		return err
	}
	return markState(meta)
}

// copyStore copies into w's new store the bot's state of the store src,
// and its versions and their numbering when they are of this schema. A
// file that is not a store is an error; an empty one has nothing to copy.
func copyStore(w *batch, src *bolt.DB, path string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &DamagedError{Path: path, Detail: fmt.Sprint(r)}
		}
	}()
	return src.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return tx.ForEach(func([]byte, *bolt.Bucket) error { return damaged(path, notVisitbot()) })
		}
		schema, err := readMeta(meta)
		if err != nil {
			return damaged(path, err)
		}
		if st := tx.Bucket(bucketState); st != nil {
			if err := copyState(w, meta, st); err != nil {
				return damaged(path, fmt.Errorf("state: %w", err))
			}
		}
		kbs := tx.Bucket(bucketKB)
		if kbs == nil || schema != SchemaVersion {
			if kbs == nil {
				return nil
			}
			dst, err := w.bucket(bucketKB)
			if err != nil {
				return err
			}
			return dst.SetSequence(kbs.Sequence())
		}
		if err := copyVersions(w, kbs); err != nil {
			return damaged(path, fmt.Errorf("versions: %w", err))
		}
		if cur := meta.Get(keyCurrent); cur != nil {
			dst, err := w.bucket(bucketMeta)
			if err != nil {
				return err
			}
			return dst.Put(keyCurrent, cur)
		}
		return nil
	})
}

// copyState copies the state bucket st of a store whose meta is meta into
// w's new store, sealing the values of a store written before they were.
func copyState(w *batch, meta, st *bolt.Bucket) error {
	marked, err := stateMarked(meta)
	if err != nil || marked {
		if err == nil {
			err = w.copyInto([][]byte{bucketState}, st)
		}
		return err
	}
	return st.ForEach(func(k, v []byte) error {
		if v == nil {
			return fmt.Errorf("key %q is a bucket", k)
		}
		return w.putSealed([][]byte{bucketState}, k, v)
	})
}

// copyVersions copies the versions of kbs into w's store, and their
// numbering, but not those that adding the next version drops (prune).
func copyVersions(w *batch, kbs *bolt.Bucket) error {
	dst, err := w.bucket(bucketKB)
	if err != nil {
		return err
	}
	if err := dst.SetSequence(kbs.Sequence()); err != nil {
		return err
	}
	next := kbs.Sequence() + 1
	return kbs.ForEach(func(k, v []byte) error {
		if v != nil {
			return w.put([][]byte{bucketKB}, k, v)
		}
		if len(k) == 8 && binary.BigEndian.Uint64(k)+KeepVersions <= next {
			return nil
		}
		return w.copyInto([][]byte{bucketKB, k}, kbs.Bucket(k))
	})
}

// syncDir makes a rename in dir durable, where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// CopyForBuild copies the store at path into tmp (an empty file of
// CreateTemp's) for BuildFile to add a version to, when path is a store of
// this schema; it reports whether it did. It reads the file, not bbolt's
// memory map (Tx.WriteTo): a process that copies a large store does not
// hold its pages. Anything else (no file, another schema, a file that does
// not open) is left to ReplaceFrom, which says what is wrong with it.
func CopyForBuild(path, tmp string) (ok bool, err error) {
	db, err := openBolt(path, true)
	if err != nil {
		return false, nil
	}
	defer db.Close()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			ok, err = false, nil
		}
	}()
	err = db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil || tx.Bucket(bucketKB) == nil || tx.Bucket(bucketState) == nil {
			return nil
		}
		if schema, err := readMeta(meta); err != nil || schema != SchemaVersion {
			return nil
		}
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		if _, err := tx.WriteTo(f); err != nil {
			f.Close()
			return err
		}
		ok = true
		return f.Close()
	})
	if err != nil {
		return false, fmt.Errorf("copy %s for a build: %w", path, err)
	}
	return ok, nil
}

// Install renames built, a store that CopyForBuild copied from the lock's
// file and BuildFile added a version to, over the lock's file (keeping its
// mode), and returns the new base's Info.
func (l *WriteLock) Install(built string) (Info, error) {
	if l == nil || l.f == nil {
		return Info{}, errors.New("install: the writer's lock is not held")
	}
	mode := fs.FileMode(0o600)
	if info, err := os.Stat(l.path); err == nil {
		mode = info.Mode().Perm()
	}
	src, err := openBolt(built, true)
	if err != nil {
		return Info{}, fmt.Errorf("install %s from %s: %w", l.path, built, err)
	}
	defer src.Close()
	return moveBuilt(src, built, l.path, mode)
}
