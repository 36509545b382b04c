package knowledge

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// reply is an outbox value: text that would reach a user.
const reply = `{"chat":42,"text":"文章第17段第1句写道:厦门大学无锡研究院预计4月底可入驻。"}`

// stateStore makes a store at path with an outbox reply and an offset in
// its state.
func stateStore(t *testing.T, path string) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.WriteState(map[string][]byte{"outbox/1": []byte(reply), "update_offset": []byte("42")}, nil); err != nil {
		t.Fatal(err)
	}
}

func openState(t *testing.T, path string, readOnly bool) *Store {
	t.Helper()
	s, err := OpenWith(path, Options{ReadOnly: readOnly, NoLoad: true, Lock: LockOptions{Holder: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestStateBitFlips flips one bit in each byte of a stored reply (and its
// checksum), and two bits at once: reading it, alone or by a scan, is the
// damaged-state error naming the key, never the altered text; the other
// values still read.
func TestStateBitFlips(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kb.db")
	stateStore(t, path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(data, []byte(reply))
	if at < 0 || bytes.Count(data, []byte(reply)) != 1 {
		t.Fatalf("the reply is stored %d times", bytes.Count(data, []byte(reply)))
	}
	var flips [][]int // bit offsets from the value's start
	for i := range len(reply) + crcSize {
		flips = append(flips, []int{8*i + i%8})
	}
	flips = append(flips, []int{3, 8*len(reply) + 5}, []int{100, 101})
	for _, bits := range flips {
		bad := bytes.Clone(data)
		for _, b := range bits {
			bad[at+b/8] ^= 1 << (b % 8)
		}
		p := filepath.Join(dir, "flipped.db")
		if err := os.WriteFile(p, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		s := openState(t, p, true)
		v, err := s.GetState("outbox/1")
		if !errors.Is(err, ErrStateDamaged) || v != nil || !strings.Contains(err.Error(), `"outbox/1"`) {
			t.Errorf("bits %v: GetState = %q, %v; want the damaged-state error", bits, v, err)
		}
		err = s.ScanState("outbox/", func(k string, v []byte) error {
			t.Errorf("bits %v: the scan returned %s = %q", bits, k, v)
			return nil
		})
		if !errors.Is(err, ErrStateDamaged) {
			t.Errorf("bits %v: ScanState = %v", bits, err)
		}
		if v, err := s.GetState("update_offset"); err != nil || string(v) != "42" {
			t.Errorf("bits %v: the offset reads %q, %v", bits, v, err)
		}
		s.Close()
	}
}

// unseal strips the state of the store at path back to how stores were
// written before state values were sealed: plain values, no mark.
func unsealState(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		st := tx.Bucket(bucketState)
		plain := map[string][]byte{}
		st.ForEach(func(k, v []byte) error {
			val, err := unseal(k, v)
			plain[string(k)] = bytes.Clone(val)
			return err
		})
		for k, v := range plain {
			if err := st.Put([]byte(k), v); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Delete(keyStateSealed)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// rawState returns the stored state value of key and whether meta marks
// the state sealed.
func rawState(t *testing.T, path, key string) (val []byte, marked bool) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		val = bytes.Clone(tx.Bucket(bucketState).Get([]byte(key)))
		marked = tx.Bucket(bucketMeta).Get(keyStateSealed) != nil
		return nil
	})
	return val, marked
}

// TestStateMigration opens a store whose state is plain (as written
// before state values were sealed): a reader reads it as it is, a writer
// seals it, and a build swapped in over it (ReplaceFrom) carries it over
// sealed.
func TestStateMigration(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name    string
		migrate func(t *testing.T, path string)
	}{
		{"opened for writing", func(t *testing.T, path string) { openState(t, path, false).Close() }},
		{"replaced", func(t *testing.T, path string) {
			built := path + ".built"
			if err := WriteFile(built, smallBase(t, "a", "甲句。")); err != nil {
				t.Fatal(err)
			}
			l, err := LockForWrite(context.Background(), path, LockOptions{Holder: "test"})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Unlock()
			if _, err := l.ReplaceFrom(built); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".db")
			stateStore(t, path)
			unsealState(t, path)
			if v, marked := rawState(t, path, "outbox/1"); string(v) != reply || marked {
				t.Fatalf("unsealing failed: %q, marked %v", v, marked)
			}
			r := openState(t, path, true)
			if v, err := r.GetState("outbox/1"); err != nil || string(v) != reply {
				t.Errorf("a reader of the plain state: %q, %v", v, err)
			}
			r.Close()
			c.migrate(t, path)
			if v, marked := rawState(t, path, "outbox/1"); !marked || !bytes.Equal(v, seal([]byte("outbox/1"), []byte(reply))) {
				t.Errorf("after: stored %q, marked %v; want the sealed reply", v, marked)
			}
			s := openState(t, path, true)
			for k, want := range map[string]string{"outbox/1": reply, "update_offset": "42"} {
				if v, err := s.GetState(k); err != nil || string(v) != want {
					t.Errorf("after: %s = %q, %v; want %q", k, v, err, want)
				}
			}
		})
	}
}
