package knowledge

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// WriteTo writes a consistent copy of the whole store to w (bbolt's
// Tx.WriteTo, in a read transaction): the bot keeps serving and writing
// while it runs. The copy is a store file that Open and Check read.
func (s *Store) WriteTo(w io.Writer) (n int64, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// CheckReport is what Check found in a store file that is sound.
type CheckReport struct {
	Current  uint64 // the version in use (0: no knowledge base yet)
	Versions []Info // every stored version, oldest first
}

// Check verifies the store file at path without changing it: bbolt's
// consistency check of every page, then the store's own checks on every
// stored knowledge base version (the same as loading it: the sources
// against their checksum, the postings against the sentence count). A
// file another process holds open (a running bot) is ErrLocked: check a
// backup of it instead. The error names what is damaged.
func Check(path string) (rep CheckReport, err error) {
	if _, err := os.Stat(path); err != nil {
		return rep, err
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverCorrupt(&err)
	db, err := bolt.Open(path, 0, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			return rep, ErrLocked
		}
		return rep, err
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		var errs []error
		for e := range tx.Check() {
			errs = append(errs, e)
		}
		if len(errs) > 0 {
			return fmt.Errorf("damaged database: %w", errors.Join(errs...))
		}
		return checkBases(tx, &rep)
	})
	return rep, err
}

// checkBases checks the layout and loads every stored version.
func checkBases(tx *bolt.Tx, rep *CheckReport) error {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return notVisitbot()
	}
	schema, err := readMeta(meta)
	if err != nil {
		return err
	}
	if schema != SchemaVersion {
		return fmt.Errorf("knowledge base schema %d, this program reads %d: it is rebuilt from its sources on first use", schema, SchemaVersion)
	}
	kbs := tx.Bucket(bucketKB)
	if kbs == nil || tx.Bucket(bucketState) == nil {
		return errors.New("damaged database: the kb or state bucket is missing")
	}
	cur, err := currentVersion(tx, false)
	if err != nil {
		return fmt.Errorf("damaged knowledge base: %w", err)
	}
	if cur != 0 {
		rep.Current = cur
		if kbs.Bucket(versionKey(cur)) == nil {
			return fmt.Errorf("damaged knowledge base: the current version %d is missing", rep.Current)
		}
	}
	return kbs.ForEachBucket(func(k []byte) error {
		if len(k) != 8 {
			return fmt.Errorf("damaged knowledge base: bad version key %x", k)
		}
		b, err := loadVersion(tx, binary.BigEndian.Uint64(k))
		if err != nil {
			return fmt.Errorf("damaged knowledge base: %w", err)
		}
		if err := validateBase(b); err != nil {
			return fmt.Errorf("damaged knowledge base version %d: %w", b.Info.Version, err)
		}
		rep.Versions = append(rep.Versions, b.Info)
		return nil
	})
}

// validateBase checks a loaded base against its own sources: each stored
// document must be what its source parses to, and the counts in Info must
// be the documents'.
func validateBase(b *Base) error {
	srcs := b.Sources()
	if len(srcs) != len(b.Docs) || b.Info.Documents != len(b.Docs) {
		return fmt.Errorf("%d sources, %d documents, info says %d", len(srcs), len(b.Docs), b.Info.Documents)
	}
	paras, sents := 0, 0
	for i, src := range srcs {
		want, err := Parse(src)
		if err != nil {
			return fmt.Errorf("source %s: %w", src.Name, err)
		}
		if err := sameDocument(b.Docs[i], want); err != nil {
			return fmt.Errorf("document %s: %w", src.Name, err)
		}
		paras += len(want.Paragraphs)
		for _, p := range want.Paragraphs {
			sents += len(p.Sentences)
		}
	}
	if paras != b.Info.Paragraphs || sents != b.Info.Sentences || sents != len(b.Sentences) {
		return fmt.Errorf("info says %d paragraphs and %d sentences; the documents hold %d and %d", b.Info.Paragraphs, b.Info.Sentences, paras, sents)
	}
	return nil
}

// sameDocument says where a stored document differs from its source's parse.
func sameDocument(got, want Document) error {
	if got.Name != want.Name || len(got.Paragraphs) != len(want.Paragraphs) {
		return fmt.Errorf("stored with %d paragraphs, its source has %d", len(got.Paragraphs), len(want.Paragraphs))
	}
	for i, gp := range got.Paragraphs {
		wp := want.Paragraphs[i]
		if gp.Number != wp.Number || gp.Kind != wp.Kind || gp.Section != wp.Section || len(gp.Sentences) != len(wp.Sentences) {
			return fmt.Errorf("paragraph %d differs from its source", wp.Number)
		}
		for j, gs := range gp.Sentences {
			if gs != wp.Sentences[j] {
				return fmt.Errorf("paragraph %d sentence %d differs from its source", wp.Number, gs.Number)
			}
		}
	}
	return nil
}
