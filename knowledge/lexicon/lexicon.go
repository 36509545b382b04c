// Package lexicon holds general lexical knowledge from CC-CEDICT, the
// community Chinese-English dictionary (CC BY-SA 4.0, credited in the
// README and in cedict.u8.gz's header), and from the Chinese Open Wordnet
// (Francis Bond and Shan Wang; its licence in COW-LICENSE): which words
// share a sense, and which Chinese words an English word stands for.
//
// The whole dictionary (about 124,000 entries) is read only when a
// knowledge base is built (Load); Filter keeps the part that reaches the
// base's own words, and that small part is stored with the base and is all
// the serving path loads.
//
// Two words are related when they are lemmas of one synset of the wordnet
// (创办 and 创立, 名气 and 声誉), or have a sense in common: the same bag of
// English content words, after function words are dropped and words are
// reduced to a base form ("leader of a group" and "group leader"). A sense
// many words share ("to go") relates them weakly or not at all. Roles and
// attributes stay apart because their senses differ: 老大 (boss; leader of
// a group) relates to 带队 (group leader), 创始人 (founder) to neither.
package lexicon

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"strings"
	"sync"
)

//go:generate go run ./internal/gensenses

// senses.txt.gz is CC-CEDICT's sense keys, each with the headwords that
// have it (see internal/gensenses); cedict.u8.gz, the dictionary itself, is kept
// beside it as the source, and is not compiled in.
//
//go:embed senses.txt.gz
var sensesGz []byte

// synsets.txt.gz is the Chinese Open Wordnet's synsets, each with its
// Chinese lemmas (see internal/gensenses).
//
//go:embed synsets.txt.gz
var synsetsGz []byte

// names.txt.gz is CC-CEDICT's proper nouns, each with its class (see
// internal/gensenses).
//
//go:embed names.txt.gz
var namesGz []byte

//go:embed english-stopwords.txt
var stopwordsText string

//go:embed english-ask.txt
var askWordsText string

//go:embed english-hedges.txt
var hedgeWordsText string

//go:embed english-irregular.txt
var irregularText string

//go:embed english-plurals.txt
var pluralsText string

//go:embed english-clippings.txt
var clippingsText string

//go:embed english-abbreviations.txt
var abbreviationsText string

var (
	stopwords = wordSet(stopwordsText)
	// questionOnly are the words dropped from questions only, never from
	// glosses: those that ask what a thing is (english-ask.txt: known for)
	// and the hedges that say how exact an answer is wanted
	// (english-hedges.txt: exactly, according to).
	questionOnly = wordSet(askWordsText + "\n" + hedgeWordsText)
	// pastForms are the irregular verbs' past forms (led: lead).
	pastForms = wordPairs(irregularText)
	// irregular are those, the irregular plurals (people: person) and
	// the clipped words (uni: university).
	irregular = mergePairs(mergePairs(pastForms, wordPairs(pluralsText)), wordPairs(clippingsText))
	// abbreviations are english-abbreviations.txt's: an abbreviation's
	// words (ev: electric, vehicle).
	abbreviations = wordLists(abbreviationsText)
)

// Related is a word and how strongly it relates to another, in (0, 1].
type Related struct {
	Word     string  `json:"w"`
	Strength float32 `json:"s"`
}

// ParseGlosses reads a dictionary in CC-CEDICT's line format
// (TRADITIONAL SIMPLIFIED [PINYIN] /sense/sense/; # starts a comment) into
// the sense keys of each simplified headword.
func ParseGlosses(r io.Reader) (map[string][]string, error) {
	out := map[string][]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		word, senses, ok := parseLine(line)
		if !ok {
			return nil, fmt.Errorf("line %d: not TRADITIONAL SIMPLIFIED [PINYIN] /SENSES/", n)
		}
		for _, s := range senses {
			if key := SenseKey(s); key != "" && !slices.Contains(out[word], key) {
				out[word] = append(out[word], key)
			}
		}
	}
	return out, sc.Err()
}

// parseLine splits one entry into its simplified headword and its senses
// (the glosses between slashes, and the parts of a gloss between
// semicolons).
func parseLine(line string) (string, []string, bool) {
	sp := strings.IndexByte(line, ' ')
	if sp < 0 {
		return "", nil, false
	}
	rest := line[sp+1:]
	sp = strings.IndexByte(rest, ' ')
	if sp < 0 {
		return "", nil, false
	}
	word := rest[:sp]
	open := strings.IndexByte(rest, '/')
	if open < 0 || !strings.HasSuffix(rest, "/") {
		return "", nil, false
	}
	var senses []string
	for _, g := range strings.Split(rest[open+1:len(rest)-1], "/") {
		for _, s := range strings.Split(g, ";") {
			if s = strings.TrimSpace(s); s != "" {
				senses = append(senses, s)
			}
		}
	}
	return word, senses, true
}

// eachSense calls fn with every sense key of the embedded senses file and
// its headwords (a space-separated string).
func eachSense(fn func(key, words string)) error {
	return eachLine(sensesGz, "CC-CEDICT senses", fn)
}

// eachSynset calls fn with every synset of the Chinese Open Wordnet and
// its lemmas (a space-separated string).
func eachSynset(fn func(id, words string)) error {
	return eachLine(synsetsGz, "Chinese Open Wordnet synsets", fn)
}

// EachName calls fn with every proper noun of CC-CEDICT (names.txt.gz: a
// headword every entry of which writes its pinyin capitalised, 深圳, 大疆)
// and its class: 'p' a place, 'r' a person, 'z' an organisation or
// another name, as Table.Name reports them.
func EachName(fn func(word string, class byte)) error {
	return eachLine(namesGz, "CC-CEDICT names", func(w, class string) {
		if class != "" {
			fn(w, class[0])
		}
	})
}

// eachLine calls fn with the two fields of every line of a gzipped file of
// KEY<TAB>WORDS lines (# starts a comment line).
func eachLine(gz []byte, what string, fn func(key, words string)) error {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		if tab := strings.IndexByte(line, '\t'); tab > 0 {
			fn(line[:tab], line[tab+1:])
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	return nil
}

// The CRC-32C of the embedded generated files, kept here so that DataSum
// need not read them (1.7 MB: 15 ms of page faults at every open);
// TestGeneratedSums checks them against the files and reports the new
// sums after `go generate ./knowledge/lexicon`.
const (
	sensesCRC  = 0x453873d2
	synsetsCRC = 0x10984cd3
	namesCRC   = 0x5e85dac5
)

// DataSum is a checksum of the embedded data: the generated files' sums
// (sensesCRC, synsetsCRC, namesCRC) and the word lists' CRC-32C. A knowledge base
// whose lexicon table was derived from other data than this program's is
// stale (knowledge.Base.Stale).
var DataSum = sync.OnceValue(func() uint32 {
	h := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	fmt.Fprintf(h, "%08x %08x %08x\x00", sensesCRC, synsetsCRC, namesCRC)
	for _, part := range []string{stopwordsText, askWordsText, hedgeWordsText, irregularText, pluralsText, clippingsText} {
		fmt.Fprintf(h, "%d\x00", len(part))
		io.WriteString(h, part)
	}
	return h.Sum32()
})
