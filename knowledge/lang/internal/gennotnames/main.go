// Command gennotnames derives not-names.txt: the words gse's dictionary
// tags as names (nr, ns, nt, nz: 明白 nr, 福利 ns, 抗议 nz) that CC-CEDICT
// lists only as common words, every reading of the word in lower case
// (明白 [ming2 bai5]). CC-CEDICT writes the readings of names capitalised
// (黄山 [Huang2 shan1], 鲁迅 [Lu3 Xun4]); a word it has no reading for,
// or one reading capitalised, stays a name. Run by `go generate
// ./knowledge/lang` (again when gse's dictionary changes); the output is
// deterministic.
package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"

	"github.com/visitbot/visitbot/knowledge/analysis"
)

const (
	cedictPath = "../lexicon/cedict.u8.gz"
	outPath    = "not-names.txt"
)

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	lower, err := lowerOnly(cedictPath)
	if err != nil {
		return err
	}
	lex, err := analysis.LoadLexicon()
	if err != nil {
		return err
	}
	var words []string
	for _, e := range lex.Common(1) {
		// A word normalisation rewrites (二十世纪 -> 20世纪) is never
		// looked up as written.
		if nameTag(e.Pos) && lower[e.Word] && analysis.Normalize(e.Word) == e.Word {
			words = append(words, e.Word)
		}
	}
	slices.Sort(words)
	o, err := os.Create(outPath)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(o)
	fmt.Fprintln(bw, "# Words gse's dictionary tags as names (nr, ns, nt, nz) that CC-CEDICT")
	fmt.Fprintln(bw, "# (CC BY-SA 4.0, MDBG; knowledge/lexicon/cedict.u8.gz) lists only as common")
	fmt.Fprintln(bw, "# words, every reading in lower case: 明白, 福利, 荣誉 name no one thing.")
	fmt.Fprintln(bw, "# Derived by internal/gennotnames; do not edit by hand.")
	for _, w := range words {
		fmt.Fprintln(bw, w)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", outPath, err)
	}
	return o.Close()
}

// nameTag reports a gse part of speech of a name; nrt (transliterated,
// 阿里巴巴) is left out: CC-CEDICT's readings of those are no guide.
func nameTag(pos string) bool {
	return pos != "nrt" && (strings.HasPrefix(pos, "nr") || strings.HasPrefix(pos, "ns") ||
		strings.HasPrefix(pos, "nt") || strings.HasPrefix(pos, "nz"))
}

// lowerOnly reads CC-CEDICT (TRAD SIMP [pin1 yin1] /gloss/ lines) and
// returns the simplified headwords whose every reading begins in lower
// case.
func lowerOnly(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	lower := map[string]bool{}
	capital := map[string]bool{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.SplitN(line, " ", 3)
		if len(fields) < 3 || !strings.HasPrefix(fields[2], "[") || len(fields[2]) < 2 {
			continue
		}
		c := fields[2][1]
		if c >= 'A' && c <= 'Z' {
			capital[fields[1]] = true
		} else {
			lower[fields[1]] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	for w := range capital {
		delete(lower, w)
	}
	return lower, nil
}
