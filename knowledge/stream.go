package knowledge

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/lexicon"
	bolt "go.etcd.io/bbolt"
)

// StreamOptions are what BuildFile builds from.
type StreamOptions struct {
	// Sources yields the sources in order, each once (a non-nil error
	// ends the build with it); none means the default article.
	Sources iter.Seq2[Source, error]
	Aliases string // alias table text; DefaultAliases() when empty
	// Lexicon is gse's full dictionary; loaded (and dropped after) when nil.
	Lexicon *analysis.Lexicon
}

// BuildFile builds a knowledge base, as Build does, straight into a new
// store file at path (empty or missing, the caller's, such as one of
// CreateTemp: nobody else may know it yet; or a copy of a store that
// CopyForBuild made, to which it adds the next version, dropping those
// beyond KeepVersions first), holding one document at a time. The file gets what WriteFile of Build's base would give it, record
// for record (the build time aside).
//
// It reads the sources twice. The first pass parses each, surveys its
// words and terms (the analyzer's dictionary needs all of them) and stores
// it in the file's sources bucket. The second reads them back from the
// file one at a time and writes each document's sentences and its share
// of the documents record, while the postings grow in their compact
// stored encoding. Memory grows with the largest document, the dictionary,
// the postings (a few bytes a posting) and the documents record (one
// value, as the format has it), not with the sources' text. The file is
// written in transactions of bounded size (batch) and synced once; the
// version becomes current in the last.
func BuildFile(ctx context.Context, path string, opt StreamOptions) (info Info, err error) {
	start := time.Now()
	db, err := openBolt(path, false)
	if err != nil {
		return info, fmt.Errorf("build %s: %w", path, err)
	}
	defer func() {
		if cerr := db.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("build %s: %w", path, cerr)
		}
	}()
	db.NoSync = true
	sb, err := newStreamBuild(ctx, db, opt)
	if err != nil {
		return info, err
	}
	defer sb.w.rollback()
	tx, err := sb.w.Tx()
	if err != nil {
		return info, err
	}
	if err := prepareStore(tx); err != nil {
		return info, fmt.Errorf("build %s: %w", path, err)
	}
	if err := sb.w.commit(); err != nil { // the dropped versions' pages are free for the new one
		return info, err
	}
	v, err := addVersionBatched(sb.w, func(version [][]byte) error { return sb.run(version, start) })
	if err != nil {
		return info, err
	}
	if err := sb.w.commit(); err != nil {
		return info, err
	}
	if err := db.Sync(); err != nil {
		return info, err
	}
	sb.info.Version = v
	return sb.info, nil
}

// prepareStore gives an empty file the store's buckets; in a store of this
// schema (a copy of CopyForBuild's) it seals older state values and drops
// the versions that adding the next one drops.
func prepareStore(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return createBuckets(tx)
	}
	if schema, err := readMeta(meta); err != nil || schema != SchemaVersion {
		return fmt.Errorf("not a store of schema %d to add a version to (%d, %v)", SchemaVersion, schema, err)
	}
	kbs := tx.Bucket(bucketKB)
	if kbs == nil || tx.Bucket(bucketState) == nil {
		return errors.New("a bucket is missing")
	}
	if err := sealState(tx); err != nil {
		return err
	}
	return prune(kbs, kbs.Sequence()+1, nil)
}

// streamBuild is one BuildFile's state between its passes.
type streamBuild struct {
	ctx       context.Context
	db        *bolt.DB
	w         *batch
	opt       StreamOptions
	aliasText string
	aliases   Aliases
	lex       *analysis.Lexicon
	info      Info
	names     []string // the documents'

	// The second pass's, from the first.
	analyzer *analysis.Analyzer
	// subject finds the recurring subject of the document being indexed.
	subject subjectCounter
	dict    []analysis.Entry
	terms   []Term
	ff      *featureFinder
	short   *shortNames     // nil: no organisation has a short name
	places  map[string]bool // the text's places (placeSet)
	rare    *rareNames      // the names the text lacks, when the second pass is done
	// What the second pass gathers.
	words, grams postingMap
	lengths      []byte   // uvarints, by sentence ID
	features     []byte   // uint16s, by sentence ID
	docs         [][]byte // each document's JSON
	tables       *tablesBuilder
}

// testHookDocument, when set, is called with each document as a pass of
// BuildFile holds it (pass 1 or 2), after it has been used: tests check
// through it that no earlier document is still held.
var testHookDocument func(pass int, d *Document)

func newStreamBuild(ctx context.Context, db *bolt.DB, opt StreamOptions) (*streamBuild, error) {
	sb := &streamBuild{ctx: ctx, db: db, w: newBatch(db), opt: opt, aliasText: opt.Aliases,
		words: postingMap{}, grams: postingMap{}, tables: newTablesBuilder()}
	if strings.TrimSpace(sb.aliasText) == "" {
		sb.aliasText = DefaultAliases()
	}
	var err error
	if sb.aliases, err = ParseAliases(sb.aliasText); err != nil {
		return nil, err
	}
	if sb.lex = opt.Lexicon; sb.lex == nil {
		if sb.lex, err = analysis.LoadLexicon(); err != nil {
			return nil, err
		}
	}
	return sb, nil
}

// run writes the version's bucket (at version): sources and survey,
// analyzer, sentences and postings, then the records.
func (sb *streamBuild) run(version [][]byte, start time.Time) error {
	if err := sb.surveySources(version); err != nil {
		return err
	}
	sb.lex, sb.opt.Lexicon = nil, nil // the full dictionary is not needed past here
	if err := sb.indexDocuments(version); err != nil {
		return err
	}
	wordKeys := sb.words.keys()
	derived := deriveNames(sb.short, sb.aliases, sb.terms, sb.places) // adds them to sb.aliases too
	tables := sb.tables.encode(tableSources{terms: sb.terms, aliases: sb.aliases,
		words: func(yield func(string, int) bool) {
			for w, p := range sb.words {
				if !yield(w, int(p.n)) {
					return
				}
			}
		},
		df: func(w string) int {
			if p := sb.words[w]; p != nil {
				return int(p.n)
			}
			return 0
		}})
	sb.tables = nil
	if err := sb.writePostings(append(version, bucketWords), sb.words, wordKeys); err != nil {
		return err
	}
	if err := sb.writePostings(append(version, bucketGrams), sb.grams, sb.grams.keys()); err != nil {
		return err
	}
	lex, err := lexiconTable(wordKeys, sb.terms, sb.aliases, sb.rare.lacking())
	if err != nil {
		return err
	}
	sb.info.Words = len(wordKeys)
	sb.info.BuiltAt = time.Now().UTC().Truncate(time.Second)
	sb.info.BuildTime = time.Since(start).Round(time.Millisecond).String()
	return sb.writeRecords(version, derived, lex, tables)
}

// surveySources is the first pass: each source parsed, surveyed and
// stored; then the analyzer made.
func (sb *streamBuild) surveySources(version [][]byte) error {
	sv := newSurvey(sb.lex)
	var sum checksum
	srcs := sb.opt.Sources
	if srcs == nil {
		srcs = func(yield func(Source, error) bool) {}
	}
	one := func(src Source) error {
		if err := sb.ctx.Err(); err != nil {
			return err
		}
		doc, err := Parse(src)
		if err != nil {
			return err
		}
		sv.add(doc)
		sum.add(src)
		data, err := json.Marshal(src)
		if err != nil {
			return fmt.Errorf("source %s: %w", src.Path, err)
		}
		key := binary.BigEndian.AppendUint32(nil, uint32(len(sb.names)))
		if err := sb.w.putSealed(append(version, bucketSources), key, data); err != nil {
			return err
		}
		sb.names = append(sb.names, doc.Name)
		sb.info.Sources = append(sb.info.Sources, src.Path)
		if testHookDocument != nil {
			testHookDocument(1, &doc)
		}
		return nil
	}
	for src, err := range srcs {
		if err == nil {
			err = one(src)
		}
		if err != nil {
			return err
		}
	}
	if len(sb.names) == 0 {
		if err := one(DefaultSource()); err != nil {
			return err
		}
	}
	sb.info.Checksum = sum.sum(sb.aliasText)
	dict, terms := sv.result()
	sb.terms = terms
	var err error
	if sb.dict, sb.rare, err = analyzerDict(sb.lex, dict, terms); err != nil {
		return err
	}
	sb.ff = newFeatureFinder(terms)
	sb.places = placeSet(terms)
	sb.short = newShortNames(terms, sb.places, sb.aliases)
	if sb.analyzer, err = analysis.New(sb.dict); err != nil {
		return err
	}
	sb.analyzer.SetNames(ownNames(terms))
	return nil
}

// source reads source i back from the file, in a read transaction of its
// own (the batch's writes go on between them). What it returns shares no
// memory with the file.
func (sb *streamBuild) source(version [][]byte, i int) (src Source, err error) {
	if err := sb.w.commit(); err != nil { // the sources must be readable
		return src, err
	}
	err = sb.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(version[0]).Bucket(version[1]).Bucket(bucketSources)
		key := binary.BigEndian.AppendUint32(nil, uint32(i))
		data, err := unseal(key, b.Get(key))
		if err != nil {
			return err
		}
		return json.Unmarshal(data, &src)
	})
	if err != nil {
		return src, fmt.Errorf("source %d, as stored: %w", i, err)
	}
	return src, nil
}

// indexDocuments is the second pass: each document's sentences normalised,
// cut, indexed and written.
func (sb *streamBuild) indexDocuments(version [][]byte) error {
	sentences := append(version, bucketSentences)
	for i := range sb.names {
		if err := sb.ctx.Err(); err != nil {
			return err
		}
		src, err := sb.source(version, i)
		if err != nil {
			return err
		}
		doc, err := Parse(src)
		if err != nil {
			return err
		}
		src = Source{}
		before := DocCount{Paragraphs: sb.info.Paragraphs, Sentences: sb.info.Sentences}
		sb.subject = subjectCounter{a: sb.analyzer}
		if err := sb.indexDocument(sentences, i, doc.Paragraphs); err != nil {
			return err
		}
		lead := sb.subject.lead
		sb.info.PerDoc = append(sb.info.PerDoc, DocCount{Paragraphs: sb.info.Paragraphs - before.Paragraphs, Sentences: sb.info.Sentences - before.Sentences,
			Subject: sb.subject.subject(), Stops: leadStops(lead, sb.analyzer.Tokens(lead), sb.ff.kinds)})
		data, err := json.Marshal(doc)
		if err != nil {
			return fmt.Errorf("document %s: %w", doc.Name, err)
		}
		sb.docs = append(sb.docs, data)
		sb.info.Documents++
		if testHookDocument != nil {
			testHookDocument(2, &doc)
		}
	}
	if sb.info.Sentences == 0 {
		return fmt.Errorf("knowledge base: %w", ErrEmpty)
	}
	return nil
}

// chunkParagraphs is how many paragraphs the workers analyse while the
// previous ones are indexed and written.
const chunkParagraphs = 256

// analysed is what the workers find in one paragraph, for the indexing,
// which must take the sentences in order.
type analysed struct {
	norms    []string
	toks     [][]analysis.Token
	features []Features
	free     []string // short names found on their own
	rare     []string // rare names found (rareNames.in)
}

// indexDocument indexes and writes the paragraphs ps of document doc, as
// finish does for a whole base: the sentences are normalised, cut and
// their features found by GOMAXPROCS workers a chunk ahead of this
// goroutine, which adds them to the postings and writes them in order.
func (sb *streamBuild) indexDocument(sentences [][]byte, doc int, ps []Paragraph) error {
	workers := max(runtime.GOMAXPROCS(0), 1)
	start := func(chunk []Paragraph) func() []analysed {
		out := make([]analysed, len(chunk))
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := w; i < len(chunk); i += workers {
					out[i] = sb.analyse(chunk[i])
				}
			})
		}
		return func() []analysed { wg.Wait(); return out }
	}
	var next func() []analysed
	for lo := 0; lo < len(ps); lo += chunkParagraphs {
		if next == nil {
			next = start(ps[lo:min(lo+chunkParagraphs, len(ps))])
		}
		res := next()
		next = nil
		if hi := lo + chunkParagraphs; hi < len(ps) {
			next = start(ps[hi:min(hi+chunkParagraphs, len(ps))])
		}
		for i, a := range res {
			if err := sb.indexParagraph(sentences, doc, ps[lo+i], a); err != nil {
				if next != nil {
					next()
				}
				return err
			}
		}
	}
	return nil
}

// analyse normalises and cuts the sentences of p and finds their features,
// the short names and the rare names in them. It changes nothing of sb's.
func (sb *streamBuild) analyse(p Paragraph) analysed {
	a := analysed{norms: make([]string, len(p.Sentences)), toks: make([][]analysis.Token, len(p.Sentences)),
		features: make([]Features, len(p.Sentences))}
	for j, s := range p.Sentences {
		a.norms[j] = analysis.Normalize(s.Text)
		a.toks[j] = sb.analyzer.Tokens(a.norms[j])
		a.features[j] = sb.ff.features(a.norms[j], a.toks[j])
	}
	line := strings.Join(a.norms, " ")
	if sb.short != nil {
		a.free = sb.short.freeIn(line)
	}
	a.rare = sb.rare.in(line)
	return a
}

// indexParagraph adds paragraph p of document doc, analysed, to the
// postings and writes its sentences.
func (sb *streamBuild) indexParagraph(sentences [][]byte, doc int, p Paragraph, a analysed) error {
	sb.info.Paragraphs++
	first := uint32(sb.info.Sentences)
	end := first + uint32(len(p.Sentences))
	for j, s := range p.Sentences {
		id := first + uint32(j)
		length := indexSentence(a.norms[j], a.toks[j],
			func(w string) { sb.words.add(w, id) },
			func(g string) { sb.grams.add(g, id) })
		si := SentenceInfo{Doc: doc, Paragraph: p.Number, Number: s.Number, Kind: p.Kind, Section: p.Section,
			Text: s.Text, ParaFirst: first, ParaEnd: end, Features: a.features[j]}
		sb.lengths = binary.AppendUvarint(sb.lengths, uint64(length))
		sb.features = binary.BigEndian.AppendUint16(sb.features, uint16(si.Features))
		sb.info.ContentWords += int(length)
		si.Norm = a.norms[j]
		sb.subject.add(p.Kind, si.Norm)
		sb.tables.add(id, &si, length)
		key := binary.BigEndian.AppendUint32(nil, id)
		if err := sb.w.putSealed(sentences, key, encodeSentence(si, length)); err != nil {
			return err
		}
	}
	sb.info.Sentences = int(end)
	if sb.short != nil {
		sb.short.markFree(a.free)
	}
	sb.rare.drop(a.rare)
	return nil
}

// writePostings writes the posting lists of m under keys (sorted), each
// list's memory given up as it is written.
func (sb *streamBuild) writePostings(bucket [][]byte, m postingMap, keys []string) error {
	for _, k := range keys {
		key := []byte(k)
		val := m[k].bytes()
		val = binary.BigEndian.AppendUint32(val, recordCRC(key, val))
		if err := sb.w.put(bucket, key, val); err != nil {
			return err
		}
		delete(m, k)
	}
	return nil
}

// writeRecords writes the version's records besides its buckets; the
// layout is in doc.go and matches writeVersion's.
func (sb *streamBuild) writeRecords(version [][]byte, derived Aliases, lex lexicon.Table, tables []byte) error {
	sb.info.Schema = SchemaVersion
	sb.info.Analysis, sb.info.Data = analysis.Version, DataSum()
	sb.info.Terms = len(sb.terms)
	kbs, err := sb.w.bucket(bucketKB)
	if err != nil {
		return err
	}
	info := sb.info
	info.Version = kbs.Sequence()
	records := []struct {
		key []byte
		val []byte
	}{{keyAliases, []byte(sb.aliasText)}, {keyDict, []byte(analysis.Dictionary(sb.dict))}, {keySegments, sb.analyzer.Table()},
		{keyLengths, sb.lengths}, {keyFeatures, sb.features}, {keyLexicon, []byte(lex.Data())}, {keyTables, tables}}
	for _, r := range []struct {
		key []byte
		v   any
	}{{keyInfo, info}, {keyTerms, sb.terms}, {keyDerived, derived}, {keyNames, sb.names}} {
		data, err := json.Marshal(r.v)
		if err != nil {
			return fmt.Errorf("record %s: %w", r.key, err)
		}
		records = append(records, struct{ key, val []byte }{r.key, data})
	}
	for _, r := range records {
		if err := sb.w.putSealed(version, r.key, r.val); err != nil {
			return err
		}
	}
	docs := sb.docsRecord()
	return sb.w.put(version, keyDocs, binary.BigEndian.AppendUint32(docs, recordCRC(keyDocs, docs)))
}

// docsRecord joins the documents' JSON into that of the list, as
// json.Marshal of []Document writes it, giving the parts up.
func (sb *streamBuild) docsRecord() []byte {
	n := 2 + len(sb.docs)
	for _, d := range sb.docs {
		n += len(d)
	}
	out := make([]byte, 0, n+crcSize)
	out = append(out, '[')
	for i, d := range sb.docs {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, d...)
		sb.docs[i] = nil
	}
	return append(out, ']')
}

// SourceSeq yields srcs, for StreamOptions.Sources.
func SourceSeq(srcs []Source) iter.Seq2[Source, error] {
	return func(yield func(Source, error) bool) {
		for _, s := range srcs {
			if !yield(s, nil) {
				return
			}
		}
	}
}
