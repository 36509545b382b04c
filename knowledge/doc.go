// Package knowledge holds what visitbot answers from: source files read into
// documents, paragraphs and sentences; the knowledge base's own terms; the
// alias table; a keyword index; and the bbolt file that stores them with the
// bot's state.
//
// # Sources
//
// A source is a UTF-8 text file: one paragraph a line, blank lines ignored.
// A short line of one sentence after the first paragraph is a heading that
// opens a section. Trailer lines 来源:, 编辑:, 校对:, 责编: are Meta
// paragraphs. Sentences end at 。！？!?；; and at the end of a line; a
// closing quote or bracket stays with its sentence. A citation is the
// document, paragraph and sentence number (1-based) and the verbatim text.
//
// # Building
//
// Build normalises every sentence (analysis.Normalize), finds the words of
// gse's full dictionary that occur in the text, the terms no dictionary knows
// (names after titles, runs of unknown characters, organisations by their
// suffixes, quoted phrases, numbers with units) and the short names of
// organisations, and makes from them the analyzer's dictionary: a few
// thousand words, so that loading a base costs milliseconds while the
// segmentation is the full dictionary's. The base's own names that gse
// does not know are not in it: the analyzer joins their pieces (from the
// terms at build, from the tables' kinds when answering), so that the
// dictionary grows with the vocabulary, not with the names of a large base. Every sentence is indexed by its
// content words and by its character unigrams and bigrams.
//
// Build does that in memory and returns the Base. BuildFile (what index
// and a reload run in their build child) streams it into a new store file
// and gives the same records, byte for byte: a first pass parses and
// surveys one source at a time (words found, terms) and stores it in the
// version's sources bucket; then the analyzer is made and the full
// dictionary dropped; a second pass reads the sources back one at a time
// and writes their sentences, while the postings grow in their stored
// encoding. Memory grows with the largest document, the dictionary, the
// postings and the docs record (one value), not with the sources' text.
// New store files are written in transactions of at most about 16 MB
// (bbolt holds a transaction's pages in memory until it commits), synced
// once at the end; the version becomes current in the last transaction.
//
// # Storage format
//
// One bbolt file, schema version SchemaVersion (9). Integers are
// big-endian unless they are uvarints (encoding/binary). Every value this
// package writes, the bot's state included, is a sealed record:
//
//	record  = value crc
//	crc     = uint32: CRC-32C (Castagnoli) of the record's key bytes, then of value
//
// so that a flipped bit in a value, or a value read under another key, is
// noticed. Opening a base lean (Options.Lean: ask, chat, eval, the serving
// bot) reads and checks the records every question needs (info, names,
// dict, segments, aliases, derived: a constant amount of work besides the
// dictionary); the lexicon and tables records are sorted.Parts, each block
// of 4 KiB of a part with a checksum of its own checked when a question
// first reads it (their record checksums are checked by a whole load); a question then reads and
// checks the postings and sentences it needs, through a Reader. Opening a base whole
// reads and checks every record of the version.
//
//	meta                      bucket
//	  magic                   record: "visitbot knowledge base" (23 bytes)
//	  schema                  record: "9" (decimal ASCII)
//	  current                 record: uint64, the version in use
//	  state_sealed            record: "1": the state values are sealed records (absent in files
//	                          written before they were: a writer seals them when it opens the file)
//	kb                        bucket; its sequence numbers the versions
//	  <version uint64>        bucket, one a version; the KeepVersions newest are kept
//	    info                  record: JSON Info: counts, build time, SHA-256 of the sources and aliases,
//	                          each document's sizes, recurring subject and the stops its lead lists (per_doc)
//	    docs                  record: JSON []Document: paragraphs and verbatim sentences (the citations)
//	    names                 record: JSON []string, the documents' names, by document index
//	    terms                 record: JSON []Term
//	    derived               record: JSON map[string][]string, the names derived from the text's names (short names, variants, place-prefixed)
//	    lexicon               record: lexicon.Table, read in place (binary search, nothing decoded
//	                          at open): the part of CC-CEDICT that reaches the text's words
//	                          (related word -> text words sharing a sense, with strengths;
//	                          English base form -> text words), pinyin -> name, and the
//	                          proper nouns of gse's dictionary the text lacks -> their class
//	                          (layout below)
//	    aliases               record: the alias table's text
//	    dict                  record: the analyzer's dictionary, "word freq [pos]" a line
//	    segments              record: that dictionary compiled for segmenting, read in place by
//	                          analysis.Load: a hash table of every word and every prefix of one
//	                          at a unit boundary, with the words' distances (layout below)
//	    lengths               record: n uvarints, the content-word count of each sentence, by ID
//	    features              record: n uint16s, the Features of each sentence, by ID
//	    tables                record: Tables (sorted.Parts), read in place: the runs of units of the text and
//	                          their sounds, rare words, names' parts, masks and kinds, the most
//	                          mentioned names, a row a sentence (paragraph, section, features,
//	                          length), the sections, the aliases, the runes names and alias
//	                          keys begin with, the runes alias keys end with, and the longest
//	                          alias key (layout in tables.go)
//	    sources               bucket: <uint32 index> -> record: JSON Source (name, path, raw text)
//	    sentences             bucket: <uint32 ID> -> record: sentence (below), for Reader
//	    words                 bucket: <word, UTF-8> -> record: postings
//	    grams                 bucket: <unigram or bigram, UTF-8> -> record: postings
//	state                     bucket: the bot's state (update offset, outbox, counters; knowledge/botstate
//	                          lists the keys), key -> record: the bot's bytes; a mismatch is a
//	                          *StateDamagedError (ErrStateDamaged) naming the key, and the value is not used
//
// n is the number of sentences; sentence IDs number the sentences of all
// documents in order, from 0. A postings value is one key's postings,
// sorted by sentence ID, so that one Get returns them all:
//
//	postings = count { gap tf }      one pair a sentence the key occurs in
//	count    = uvarint: the number of pairs (at least 1), so that a reader knows a key's
//	           frequency without decoding its postings
//	gap      = uvarint: the sentence ID for the first pair, else ID - previous ID (at least 1)
//	tf       = uvarint: occurrences in the sentence, 1 to 2^20
//
// For example 杜小刚 in sentences 0 (twice) and 7 is the bytes
// 02 00 02 07 01, then its four-byte CRC. A sentence value is nine uvarints
// and the verbatim text:
//
//	sentence = doc paragraph number kind section paraFirst paraEnd features length text
//	doc      = uvarint: index into names; paragraph, number: 1-based
//	kind     = uvarint: 0 body, 1 heading, 2 meta; section: the heading's paragraph, 0 if none
//	paraFirst, paraEnd = uvarint: the IDs of the paragraph's sentences are [paraFirst, paraEnd)
//	features = uvarint: Features bits; length: content words
//	text     = the rest of the value, UTF-8
//
// The lexicon record (lexicon.Table; integers big-endian; a section as
// package sorted writes it, looked up where it lies):
//
//	table    = sorted.Parts of "VBLX4": related english romanised names, a section each
//	section  = count:uint32 size:uint32 nslots:uint32 offsets entries slots
//	offsets  = count × uint32: where each entry starts, from the start of entries
//	entries  = size bytes: the entries, sorted by key (bytewise)
//	entry    = keylen:uvarint key value
//	slots    = nslots × uint32: the hash table of the entries (package sorted)
//	value    = n:uvarint n × (wordlen:uvarint word strength:float32 bits)   related, english
//	         | namelen:uvarint name                                          romanised (keys: pinyin, or a calque's words)
//	         | class:byte ('p' place, 'r' person, 'z' other, 'w' a common word, 'v' a less common verb) names
//
// The segments record (analysis's segmentation table; integers
// little-endian, as the table is read in place):
//
//	table    = "VSG1" words:uint32 maxUnits:uint32 slots:uint32 slot×slots pool
//	slot     = hash:uint32 offset:uint32 length:uint16 isWord:uint8 0:uint8 distance:float32 bits
//	           hash: FNV-1a (32-bit) of the key; offset, length: the key's bytes in pool
//	           (length 0: an empty slot); distance: log2(total frequency) - log2(the word's)
//	pool     = the keys' bytes, one after another
//
// slots is a power of two, at least twice the keys, probed linearly from
// hash mod slots; analysis.Load checks every slot's bounds.
//
// Loading checks every ID against n,
// the sentence count against info, the sources against info's checksum
// and the word count against info.
//
// Any mismatch, any record that does not decode, and any bbolt page that
// does not hold together (bbolt's panics and faults on the memory map are
// recovered) is a *DamagedError (ErrDamaged) naming the file and the way
// out: build a new file with 'visitbot index --db NEW.db'. It is never a
// quote. A file of schema 1 (the same buckets, plain values) opens Stale
// with only its info, aliases and sources: a writer rebuilds it from
// them, and its first Save drops the old versions and seals meta. So does
// a version whose info names another schema or analysis version (schema 2
// stored the lexicon as JSON): nothing of it but info, aliases and sources
// is decoded.
//
// # Readers and writers
//
// Readers (ask, chat, eval) open the file read-only with bbolt's shared
// lock, beside each other, on a read-only file too. The writer's lock is
// the sidecar PATH.lock (flock), whose text names the holder ("visitbot
// serve (pid 123)") and whether it keeps the lock while it runs. A serving
// bot keeps the file open for writing (bbolt's exclusive lock, readers
// wait or fail naming it); a new base is built in a child process into a
// temporary file beside it and copied from there record by record, each
// record checked, as a new version (Store.SaveFrom, in transactions of at
// most 16 MB; the info record is copied last and the version made current
// in the same transaction), then swapped in with an atomic pointer. A
// version bucket without its info record is a copy cut short: Versions
// does not list it and a writer's open removes it. Without a serving
// bot, index (and a reader that finds no base or a stale one) writes a
// new file beside the old one, .NAME.build-*, holding the old state and
// versions and the new base (copied record by record from the file its
// build child wrote, WriteLock.ReplaceFrom; the number of a version is its
// key, whatever its info record says; versions the new one would drop are
// not copied; where there is no file yet, the child's file is renamed into
// place instead), and renames it over the old one: readers
// that have the old file keep it, whole; none waits for a build. A writer
// that takes the lock removes the .NAME.build-* files that killed builds
// left.
package knowledge
