package main

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/qa"
)

// TestAskWhileIndexRebuilds: readers are not blocked by a build of the
// same file; each gets the old base or the new one, whole.
func TestAskWhileIndexRebuilds(t *testing.T) {
	db := freshDB(t)
	src := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(src, []byte("杜小刚去了厦门大学。\n编辑:颜霖\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var indexing atomic.Bool
	indexing.Store(true)
	done := make(chan string, 1)
	go func() {
		defer indexing.Store(false)
		code, _, stderr := run(t, nil, "", "index", "--db", db, src)
		if code != 0 {
			done <- stderr
			return
		}
		done <- ""
	}()
	during := 0
	for indexing.Load() {
		code, stdout, stderr := run(t, nil, "", "ask", "--json", "--db", db, "颜霖是这篇文章的什么人?")
		if code != 0 {
			t.Fatalf("ask while index runs: exit %d: %s", code, stderr)
		}
		if !strings.Contains(stdout, `"answered":true`) {
			t.Fatalf("ask while index runs: not answered: %s", stdout)
		}
		if indexing.Load() {
			during++
		}
	}
	if msg := <-done; msg != "" {
		t.Fatalf("index: %s", msg)
	}
	if during == 0 {
		t.Fatal("no ask ran while index built")
	}
	code, stdout, stderr := run(t, nil, "", "ask", "--json", "--db", db, "杜小刚去了哪里?")
	if code != 0 || !strings.Contains(stdout, "notes") {
		t.Errorf("after index: exit %d, %s %s: want the new base's document", code, stdout, stderr)
	}
	t.Logf("%d asks answered while index built", during)
}

// TestAskReadOnlyFile: a read-only file in a read-only folder is answered
// from and left as it was, with nothing written beside it.
func TestAskReadOnlyFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "kb.db")
	data, err := os.ReadFile(freshDB(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, data, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	code, stdout, stderr := run(t, nil, "", "ask", "--json", "--db", db, "杜小刚带队去了哪些地方?")
	if code != 0 || !strings.Contains(stdout, `"answered":true`) {
		t.Fatalf("ask on a read-only file: exit %d: %s %s", code, stdout, stderr)
	}
	if after, _ := os.ReadFile(db); string(after) != string(data) {
		t.Error("ask changed the read-only file")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("ask left files beside the store: %v", entries)
	}
}

// TestAskBesideServingWriter: the message names the process that holds the
// file for writing.
func TestAskBesideServingWriter(t *testing.T) {
	db := freshDB(t)
	st, err := knowledge.OpenWith(db, knowledge.Options{Lock: knowledge.LockOptions{Holder: "visitbot serve (pid 4242)", Keep: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	code, _, stderr := run(t, nil, "", "ask", "--db", db, "杜小刚去了哪里?")
	if code == 0 || !strings.Contains(stderr, "visitbot serve (pid 4242)") || strings.Contains(stderr, "is the bot running") {
		t.Errorf("ask beside serve: exit %d: %s", code, stderr)
	}
	code, _, stderr = run(t, nil, "", "index", "--db", db)
	if code == 0 || !strings.Contains(stderr, "visitbot serve (pid 4242)") || !strings.Contains(stderr, "/reload") {
		t.Errorf("index beside serve: exit %d: %s", code, stderr)
	}
}

// bitFlipQuestions are asked of every base that opens after bits flipped.
var bitFlipQuestions = []string{
	"杜小刚带队去了哪些地方?", "颜霖是这篇文章的什么人?", "厦门大学无锡研究院什么时候可以入驻?",
}

// TestBitFlips flips 1 to 4 random bits of a built base, many times: every
// trial either fails to open with the damaged-base error, or answers with
// citations whose text is in the sources, verbatim.
func TestBitFlips(t *testing.T) {
	trials := 300
	if testing.Short() {
		trials = 100
	}
	good, err := os.ReadFile(freshDB(t))
	if err != nil {
		t.Fatal(err)
	}
	source := string(knowledge.DefaultSource().Text)
	path := filepath.Join(t.TempDir(), "flipped.db")
	rnd := rand.New(rand.NewPCG(7, uint64(time.Now().UnixNano())))
	ctx := context.Background()
	failed, opened, answered := 0, 0, 0
	deadline := time.Now().Add(45 * time.Second)
	for trial := 0; trial < trials && time.Now().Before(deadline); trial++ {
		data := append([]byte(nil), good...)
		var flips []int
		for range 1 + rnd.IntN(4) {
			bit := rnd.IntN(8 * len(data))
			data[bit/8] ^= 1 << (bit % 8)
			flips = append(flips, bit)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		checkDamaged := func(err error) {
			failed++
			if !errors.Is(err, knowledge.ErrDamaged) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "visitbot index --db") {
				t.Errorf("trial %d, bits %v: %v, want the damaged-base error naming the file and the way out", trial, flips, err)
			}
		}
		// Opened as ask opens it: questions read the file as they go.
		st, err := knowledge.OpenWith(path, knowledge.Options{ReadOnly: true, Lean: true})
		if err != nil {
			checkDamaged(err)
			continue
		}
		b := st.Current()
		if b == nil || b.Stale() {
			t.Errorf("trial %d, bits %v: opened with no current base (%v) and no error", trial, flips, b)
			st.Close()
			continue
		}
		opened++
		e := qa.New(st)
		for _, q := range bitFlipQuestions {
			a := e.Ask(ctx, q)
			if a.Err != nil {
				checkDamaged(a.Err)
				if len(a.Citations)+len(a.Related) > 0 {
					t.Errorf("trial %d, bits %v: %q failed (%v) but quoted %d sentences", trial, flips, q, a.Err, len(a.Citations)+len(a.Related))
				}
				break
			}
			for _, c := range append(a.Citations, a.Related...) {
				if !strings.Contains(source, c.Text) {
					t.Errorf("trial %d, bits %v: %q quoted %q, which is not in the source", trial, flips, q, c.Text)
				}
			}
			if a.Answered {
				answered++
			}
		}
		st.Close()
	}
	if trials := failed + opened; trials < 300 && !testing.Short() {
		t.Logf("only %d trials within the time bound", trials)
	}
	t.Logf("%d trials failed with the damaged-base error; the others gave %d answers, all quoting the source", failed, answered)
}
