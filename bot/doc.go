// Package bot is visitbot's Telegram side: updates in, questions to qa,
// answers out as Telegram messages. It is the only package that imports the
// Telegram library (github.com/go-telegram-bot-api/telegram-bot-api/v5);
// none of its types leave the package.
//
// # Flow
//
//	getUpdates (poll.go) or webhook (webhook.go)
//	  -> convert (update.go): the library's update to the bot's own types
//	  -> pool (state.go): a chat's updates to one worker, in order
//	  -> process (bot.go): a deadline, a recovered panic
//	  -> routeMessage (router.go): addressed or not; a pure function
//	  -> handle (handle.go, admin.go): qa, commands, inline, admin jobs
//	  -> format (format.go): escaped HTML, split under 4096 UTF-16 units
//	  -> limiter (limiter.go): per chat, per group and global limits,
//	     429 retry_after, 5xx and network backoff
//	  -> sendMessage (api.go)
//
// # Exactly once
//
// Long polling takes one getUpdates reply as a batch: its updates are
// handled, then their replies (the outbox) and the next offset are written
// in one bbolt transaction, and only then is getUpdates called with that
// offset, which is what tells Telegram the batch is done. Replies are sent
// only once committed, and leave the outbox once Telegram accepts them. A
// restart thus neither loses an answer nor, after a clean shutdown, repeats
// one; a crash can repeat the one reply in flight (each delivered reply
// leaves the outbox in a transaction of its own). In webhook mode an update's replies are committed before the
// request is answered 200.
//
// # State
//
// The bot keeps what must outlast a restart behind State, an interface it
// owns; knowledge/botstate implements it in the knowledge base's bbolt file
// (its package comment lists the keys: offset, stats, limiter windows,
// outbox, uploads, unanswered questions, feedback, admin aliases). The
// unanswered questions and the feedback are held in memory (loop.go) and
// written with each commit.
//
// Admins reload through Config.Reload, which the command provides (reading
// the configured sources and UploadedSources, building, validating and
// saving); the engine reads the store's current base per question, so a
// reload or a rollback never interrupts answering.
package bot
