package botstate

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/visitbot/visitbot/knowledge"
)

func TestStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	kb, err := knowledge.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s := New(kb)
	if v, err := s.Get("missing"); v != nil || err != nil {
		t.Errorf("Get(missing) = %q, %v", v, err)
	}
	if err := s.Write(map[string][]byte{"a/1": []byte("x"), "a/2": []byte("y"), "b": []byte("z")}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Write(map[string][]byte{"a/3": []byte("w")}, []string{"a/1"}); err != nil {
		t.Fatal(err)
	}
	kb.Close()
	// What was written outlasts a reopen.
	kb, err = knowledge.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer kb.Close()
	s = New(kb)
	var keys []string
	if err := s.Scan("a/", func(k string, v []byte) error { keys = append(keys, k+"="+string(v)); return nil }); err != nil {
		t.Fatal(err)
	}
	if got := len(keys); got != 2 || keys[0] != "a/2=y" || keys[1] != "a/3=w" {
		t.Errorf("Scan(a/) = %q, want [a/2=y a/3=w]", keys)
	}
	stop := errors.New("stop")
	n := 0
	if err := s.Scan("", func(string, []byte) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("Scan did not stop at fn's error: %v after %d", err, n)
	}
}
