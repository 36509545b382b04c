package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestOutputsUpToDate regenerates the derived files from their sources
// and compares them with the files the repository holds: a change to the
// sense keys (the English stopwords, the stemmer) or to this command must
// come with `go generate ./knowledge/lexicon`, or the lexicon a build reads
// no longer matches the keys a question is read with.
func TestOutputsUpToDate(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []struct {
		name string
		gen  func(in, out string) error
		in   string
	}{
		{"senses.txt.gz", run, "cedict.u8.gz"},
		{"synsets.txt.gz", synsets, "wn-data-cmn.tab.gz"},
		{"names.txt.gz", func(in, out string) error { return propers(filepath.Join("..", "..", classesFile), in, out) }, "cedict.u8.gz"},
	} {
		out := filepath.Join(dir, f.name)
		if err := f.gen(filepath.Join("..", "..", f.in), out); err != nil {
			t.Fatalf("generate %s: %v", f.name, err)
		}
		got, want := gunzip(t, out), gunzip(t, filepath.Join("..", "..", f.name))
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go generate ./knowledge/lexicon (%d bytes generated, %d in the repository)", f.name, len(got), len(want))
		}
	}
}

func gunzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}
