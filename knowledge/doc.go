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
// segmentation is the full dictionary's. Every sentence is indexed by its
// content words and by its character unigrams and bigrams.
//
// # Storage format
//
// One bbolt file, schema version SchemaVersion. Integers are big-endian;
// postings are uvarint pairs (gap from the previous sentence ID, term
// frequency).
//
//	meta                      bucket
//	  magic                   "visitbot knowledge base"
//	  schema                  "1"
//	  current                 uint64: the version in use
//	kb                        bucket; its sequence numbers the versions
//	  <version uint64>        bucket, one a version; the KeepVersions newest are kept
//	    info                  JSON Info: counts, build time, checksum of the sources and aliases
//	    docs                  JSON []Document: paragraphs and verbatim sentences
//	    terms                 JSON []Term
//	    aliases               the alias table's text
//	    dict                  the analyzer's dictionary, "word freq [pos]" a line
//	    lengths               uvarint content-word count of each sentence, by ID
//	    features              uint16 Features of each sentence, by ID
//	    derived               JSON map: the short names derived from organisations' names
//	    lexicon               JSON lexicon.Filtered: the part of CC-CEDICT that reaches the
//	                          text's words: "related" word -> [{w, s}] (text words sharing a
//	                          sense, strength s), "english" base form -> [{w, s}],
//	                          "romanised" pinyin -> name
//	    sources               bucket: <uint32 index> -> JSON Source (name, path, raw text)
//	    words                 bucket: <word> -> postings
//	    grams                 bucket: <unigram or bigram> -> postings
//	state                     bucket: the bot's state (update offset, counters), key -> bytes
//
// Sentence IDs number the sentences of all documents in order. Loading a
// version checks the sources against the checksum, every posting against
// the sentence count and the word count against info; a damaged or foreign
// file is an error, never a guess.
//
// A new base is built aside, saved as a new version in one transaction and
// swapped in with an atomic pointer: readers hold either the old base or the
// new one, whole.
package knowledge
