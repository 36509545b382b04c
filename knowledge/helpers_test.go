package knowledge

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/visitbot/visitbot/knowledge/analysis"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update if the change is intended):\n%s", path, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	wl, gl := bytes.Split([]byte(want), []byte("\n")), bytes.Split([]byte(got), []byte("\n"))
	var out bytes.Buffer
	shown := 0
	for i := 0; i < max(len(wl), len(gl)) && shown < 10; i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			out.WriteString("line " + strconv.Itoa(i+1) + ":\n  want " + string(w) + "\n   got " + string(g) + "\n")
			shown++
		}
	}
	return out.String()
}

// gse's full dictionary costs over a second to load, so one test binary
// loads it once and builds the default base once; the tests share both and
// must not change them (clone a base before saving it: Save sets its
// Info.Version).
var (
	lexOnce sync.Once
	lex     *analysis.Lexicon
	lexErr  error
	lexMu   sync.Mutex // a Lexicon is for one goroutine at a time

	baseOnce sync.Once
	base     *Base
	baseErr  error
)

func testLexicon(t testing.TB) *analysis.Lexicon {
	t.Helper()
	lexOnce.Do(func() { lex, lexErr = analysis.LoadLexicon() })
	if lexErr != nil {
		t.Fatal(lexErr)
	}
	return lex
}

// buildTest builds a base with the shared lexicon.
func buildTest(t testing.TB, opt BuildOptions) *Base {
	t.Helper()
	opt.Lexicon = testLexicon(t)
	lexMu.Lock()
	defer lexMu.Unlock()
	b, err := Build(context.Background(), opt)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return b
}

// defaultBase is the base built from the embedded article, shared.
func defaultBase(t testing.TB) *Base {
	t.Helper()
	lx := testLexicon(t)
	baseOnce.Do(func() {
		lexMu.Lock()
		defer lexMu.Unlock()
		base, baseErr = Build(context.Background(), BuildOptions{Lexicon: lx})
	})
	if baseErr != nil {
		t.Fatalf("Build: %v", baseErr)
	}
	return base
}

// clone returns a copy of b that Save may change (it sets Info.Version);
// the slices and maps are shared and read only.
func clone(b *Base) *Base {
	c := *b
	c.Info.Sources = append([]string(nil), b.Info.Sources...)
	return &c
}

// smallBase builds a base from one small text: cheap, for store tests that
// need several distinct versions.
func smallBase(t testing.TB, name, text string) *Base {
	t.Helper()
	return buildTest(t, BuildOptions{Sources: []Source{{Name: name, Path: name + ".txt", Text: []byte(text)}}})
}
