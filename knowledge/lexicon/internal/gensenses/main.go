// Command gensenses derives senses.txt.gz from cedict.u8.gz: each sense key
// (lexicon.SenseKey) of CC-CEDICT with the headwords that have it, so that
// a build reads senses in one pass instead of parsing glosses; and
// synsets.txt.gz from wn-data-cmn.tab.gz, the Chinese Open Wordnet: each
// synset with its Chinese lemmas (words of ideographs only; synsets of two
// words or more); and names.txt.gz from cedict.u8.gz again: its proper
// nouns (propers). Run by `go generate ./knowledge/lexicon`; the output is
// deterministic.
package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"log"
	"os"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/visitbot/visitbot/knowledge/lexicon"
)

func main() {
	if err := run("cedict.u8.gz", "senses.txt.gz"); err != nil {
		log.Fatal(err)
	}
	if err := synsets("wn-data-cmn.tab.gz", "synsets.txt.gz"); err != nil {
		log.Fatal(err)
	}
	if err := propers(classesFile, "cedict.u8.gz", "names.txt.gz"); err != nil {
		log.Fatal(err)
	}
}

// synsets reads the wordnet's SYNSET<TAB>cmn:lemma<TAB>WORD lines and
// writes each synset of two words or more with its words, sorted.
func synsets(in, out string) error {
	zr, closeIn, err := openGz(in)
	if err != nil {
		return err
	}
	defer closeIn()
	words := map[string][]string{}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 3 || strings.HasPrefix(fields[0], "#") || !strings.HasSuffix(fields[1], "lemma") {
			continue
		}
		w := strings.TrimSpace(fields[2])
		if allHan(w) && !slices.Contains(words[fields[0]], w) {
			words[fields[0]] = append(words[fields[0]], w)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", in, err)
	}
	return writeGroups(out, words, 2,
		"# Derived from the Chinese Open Wordnet (Copyright 2013, 2014 Francis Bond and Shan Wang;",
		"# licence in COW-LICENSE, source wn-data-cmn.tab.gz) by internal/gensenses:",
		"# SYNSET<TAB>WORD WORD ... (the synset's lemmas of ideographs only)")
}

// writeGroups writes a gzipped file of the header lines, then one line
// KEY<TAB>WORD WORD ... a group of at least least words, keys and words
// sorted.
func writeGroups(out string, groups map[string][]string, least int, header ...string) error {
	keys := make([]string, 0, len(groups))
	for k, ws := range groups {
		if len(ws) >= least {
			sort.Strings(ws)
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return writeGz(out, func(bw *bufio.Writer) {
		for _, h := range header {
			fmt.Fprintln(bw, h)
		}
		for _, k := range keys {
			fmt.Fprintf(bw, "%s\t%s\n", k, strings.Join(groups[k], " "))
		}
	})
}

// allHan reports a word of one to eight ideographs.
func allHan(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
		n++
	}
	return n >= 1 && n <= 8
}

// writeGz writes a gzipped file with what write writes.
func writeGz(out string, write func(*bufio.Writer)) error {
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(o, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	write(bw)
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return o.Close()
}

// openGz opens a gzipped file for reading; close closes it.
func openGz(in string) (r *gzip.Reader, close func() error, err error) {
	f, err := os.Open(in)
	if err != nil {
		return nil, nil, err
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("read %s: %w", in, err)
	}
	return zr, f.Close, nil
}

func run(in, out string) error {
	zr, closeIn, err := openGz(in)
	if err != nil {
		return err
	}
	defer closeIn()
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
	return writeGroups(out, byKey, 1,
		"# Derived from CC-CEDICT (CC BY-SA 4.0, MDBG; see cedict.u8.gz) by internal/gensenses:",
		"# SENSE KEY<TAB>WORD WORD ... (the headwords with a gloss of that lexicon.SenseKey)")
}
