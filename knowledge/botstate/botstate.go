// Package botstate keeps the Telegram bot's state in the knowledge base's
// bbolt file, beside the knowledge base: it implements bot.State on the
// knowledge store's state bucket (knowledge.Store.GetState, WriteState,
// ScanState), so that a reply committed to the outbox, the update offset
// and a new knowledge base live in one file and one backup.
//
// # Format
//
// The state bucket maps a key (UTF-8) to a value; the bot owns the keys:
//
//	update_offset             decimal: the next update id to ask getUpdates for
//	stats                     JSON: questions answered and abstained by chat type, since when
//	limiter                   JSON: the limiter's windows, stored at shutdown
//	outbox/<seq, 20 digits>   JSON: a reply committed and not yet delivered
//	upload/<document name>    JSON: a source an admin uploaded (knowledge.Source), by whom, when
//	unanswered/<question>     JSON: a declined question (normalised): count, chat types, last asked; no user ids
//	feedback/<question id>    JSON: 👍 and 👎 counts of a question's answers, and the question
//	aliases                   text: the alias groups admins added with /alias, one a line
//
// Every Write is one bbolt transaction, synced before it returns. The
// knowledge store seals each value with a CRC-32C checksum (knowledge/doc.go);
// a value whose checksum does not match is an error
// (knowledge.ErrStateDamaged) from Get and Scan, never its bytes.
package botstate

import "github.com/visitbot/visitbot/knowledge"

// Store is the bot's state in a knowledge store's file.
type Store struct{ kb *knowledge.Store }

// New returns the bot state kept in kb's file; kb stays the caller's to
// close.
func New(kb *knowledge.Store) *Store { return &Store{kb: kb} }

// Get returns the value of key, or nil when there is none.
func (s *Store) Get(key string) ([]byte, error) { return s.kb.GetState(key) }

// Write stores put and then removes del, in one durable transaction.
func (s *Store) Write(put map[string][]byte, del []string) error {
	return s.kb.WriteState(put, del)
}

// Scan calls fn with every key that starts with prefix and its value, in
// key order, until fn returns an error (which Scan returns).
func (s *Store) Scan(prefix string, fn func(key string, val []byte) error) error {
	return s.kb.ScanState(prefix, fn)
}
