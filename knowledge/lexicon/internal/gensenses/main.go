// Command gensenses derives senses.txt.gz from cedict.u8.gz: each sense key
// (lexicon.SenseKey) of CC-CEDICT with the headwords that have it, so that
// a build reads senses in one pass instead of parsing glosses. Run by
// `go generate ./knowledge/lexicon`; the output is deterministic.
package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"log"
	"os"
	"sort"
	"strings"

	"github.com/visitbot/visitbot/knowledge/lexicon"
)

func main() {
	if err := run("cedict.u8.gz", "senses.txt.gz"); err != nil {
		log.Fatal(err)
	}
}

func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", in, err)
	}
	senses, err := lexicon.ParseGlosses(zr)
	if err != nil {
		return fmt.Errorf("read %s: %w", in, err)
	}
	byKey := map[string][]string{}
	for w, keys := range senses {
		for _, k := range keys {
			byKey[k] = append(byKey[k], w)
		}
	}
	keys := make([]string, 0, len(byKey))
	for k, ws := range byKey {
		sort.Strings(ws)
		keys = append(keys, k)
	}
	sort.Strings(keys)
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(o, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	fmt.Fprintln(bw, "# Derived from CC-CEDICT (CC BY-SA 4.0, MDBG; see cedict.u8.gz) by internal/gensenses:")
	fmt.Fprintln(bw, "# SENSE KEY<TAB>WORD WORD ... (the headwords with a gloss of that lexicon.SenseKey)")
	for _, k := range keys {
		fmt.Fprintf(bw, "%s\t%s\n", k, strings.Join(byKey[k], " "))
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return o.Close()
}
