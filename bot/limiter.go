package bot

import (
	"context"
	"errors"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"
)

// Limits are the outgoing rate limits and retry timings. The zero value of
// a field means Telegram's documented figure (DefaultLimits); tests scale
// them down.
type Limits struct {
	// ChatInterval is the least time between two messages to one chat
	// (Telegram: about one a second).
	ChatInterval time.Duration
	// GroupMessages per GroupWindow to one group (Telegram: 20 a minute).
	GroupMessages int
	GroupWindow   time.Duration
	// GlobalMessages per GlobalWindow to all chats (Telegram: 30 a second).
	GlobalMessages int
	GlobalWindow   time.Duration
	// RetryAfterUnit is what one unit of a 429's retry_after means (a second).
	RetryAfterUnit time.Duration
	// BackoffMin and BackoffMax bound the wait before retrying after a 5xx
	// or network error; it doubles with each failure in a row.
	BackoffMin, BackoffMax time.Duration
}

// DefaultLimits are Telegram's published limits.
var DefaultLimits = Limits{
	ChatInterval:   time.Second,
	GroupMessages:  20,
	GroupWindow:    time.Minute,
	GlobalMessages: 30,
	GlobalWindow:   time.Second,
	RetryAfterUnit: time.Second,
	BackoffMin:     500 * time.Millisecond,
	BackoffMax:     30 * time.Second,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	set := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&l.ChatInterval, d.ChatInterval)
	set(&l.GroupWindow, d.GroupWindow)
	set(&l.GlobalWindow, d.GlobalWindow)
	set(&l.RetryAfterUnit, d.RetryAfterUnit)
	set(&l.BackoffMin, d.BackoffMin)
	set(&l.BackoffMax, d.BackoffMax)
	if l.GroupMessages <= 0 {
		l.GroupMessages = d.GroupMessages
	}
	if l.GlobalMessages <= 0 {
		l.GlobalMessages = d.GlobalMessages
	}
	return l
}

func (l Limits) backoff(failures int) time.Duration {
	d := l.BackoffMin
	for i := 1; i < failures && d < l.BackoffMax; i++ {
		d *= 2
	}
	return min(d, l.BackoffMax)
}

// outgoing is one message to send. From the moment its update is committed
// it is also in the outbox in bbolt (as JSON), until Telegram accepts it or
// refuses it for good.
type outgoing struct {
	Seq      uint64   `json:"seq"`
	ChatID   int64    `json:"chat"`
	Group    bool     `json:"group,omitempty"`
	ReplyTo  int      `json:"reply_to,omitempty"`
	Text     string   `json:"text"`
	Plain    bool     `json:"plain,omitempty"`     // sent without parse mode
	Context  string   `json:"context,omitempty"`   // the question(s) it answers, for follow-ups
	UpdateID int      `json:"update_id,omitempty"` // the update it answers
	Thread   int      `json:"thread,omitempty"`    // the forum topic (message_thread_id)
	Buttons  []button `json:"buttons,omitempty"`   // an inline keyboard under it

	durable bool // in the outbox: it may be sent
}

// window is a sliding-window limit of n messages a period. Each message
// holds a slot from the moment it is sent until period after Telegram
// answered it, so that however the network delays requests, no period of
// time at the server sees more than n of them.
type window struct {
	period time.Duration
	free   []time.Time // when each slot is free again
	busy   []bool      // a request holding the slot is in flight
}

func newWindow(n int, period time.Duration) *window {
	return &window{period: period, free: make([]time.Time, n), busy: make([]bool, n)}
}

// next returns the time a slot is free (at or before now: one is free now);
// ok is false when every slot is held by a request in flight.
func (w *window) next() (at time.Time, ok bool) {
	for i, t := range w.free {
		if w.busy[i] {
			continue
		}
		if !ok || t.Before(at) {
			at, ok = t, true
		}
	}
	return at, ok
}

// take holds a free slot and returns it; the caller checked next.
func (w *window) take(now time.Time) int {
	for i, t := range w.free {
		if !w.busy[i] && !t.After(now) {
			w.busy[i] = true
			return i
		}
	}
	panic("bot: window.take without a free slot")
}

func (w *window) release(i int, done time.Time) {
	w.busy[i] = false
	w.free[i] = done.Add(w.period)
}

// idleSince reports whether every slot has been free since before now.
func (w *window) idle(now time.Time) bool {
	for i, t := range w.free {
		if w.busy[i] || t.After(now) {
			return false
		}
	}
	return true
}

// chatQ is one chat's queue. One message of a chat is in flight at a time,
// so a chat's messages arrive in order.
type chatQ struct {
	id        int64
	queue     []*outgoing
	busy      bool
	notBefore time.Time // after a 429 or a failure
	failures  int       // transient failures in a row
	win       *window   // per chat
	grp       *window   // per group; nil for private chats
}

// limiter sends the outgoing messages within the limits, retrying what
// fails for a reason that can pass (429 after retry_after; 5xx and network
// errors with capped backoff). It drops a message only when Telegram
// refuses it for good (a 4xx other than 429), and says so in the log.
type limiter struct {
	lim  Limits
	log  *slog.Logger
	send func(ctx context.Context, m *outgoing) (int, error)
	// done is called once a message has left the queue: delivered with
	// Telegram's message id, or dropped with the error.
	done func(m *outgoing, id int, err error)

	mu       sync.Mutex
	chats    map[int64]*chatQ
	global   *window
	queued   int // messages in queues, in flight included
	inflight int
	changed  chan struct{} // closed and replaced on every change
	wake     chan struct{}
	wg       sync.WaitGroup // sends in flight

	// counters, for /stats and the tests
	sent, floods, retries, dropped int64
}

func newLimiter(lim Limits, log *slog.Logger, send func(context.Context, *outgoing) (int, error), done func(*outgoing, int, error)) *limiter {
	lim = lim.withDefaults()
	return &limiter{
		lim: lim, log: log, send: send, done: done,
		chats:   map[int64]*chatQ{},
		global:  newWindow(lim.GlobalMessages, lim.GlobalWindow),
		changed: make(chan struct{}),
		wake:    make(chan struct{}, 1),
	}
}

func (l *limiter) chat(id int64, group bool) *chatQ {
	q := l.chats[id]
	if q == nil {
		q = &chatQ{id: id, win: newWindow(1, l.lim.ChatInterval)}
		l.chats[id] = q
	}
	if group && q.grp == nil {
		q.grp = newWindow(l.lim.GroupMessages, l.lim.GroupWindow)
	}
	return q
}

// add queues messages in order; they wait until markDurable unless durable.
func (l *limiter) add(msgs []*outgoing, durable bool) {
	if len(msgs) == 0 {
		return
	}
	l.mu.Lock()
	for _, m := range msgs {
		if durable {
			m.durable = true
		}
		q := l.chat(m.ChatID, m.Group)
		q.queue = append(q.queue, m)
		l.queued++
	}
	l.notifyLocked()
	l.mu.Unlock()
}

// markDurable lets messages go: their outbox entries are committed.
func (l *limiter) markDurable(msgs []*outgoing) {
	if len(msgs) == 0 {
		return
	}
	l.mu.Lock()
	for _, m := range msgs {
		m.durable = true
	}
	l.notifyLocked()
	l.mu.Unlock()
}

// discard takes back messages that were never committed (their updates
// will be fetched and answered again).
func (l *limiter) discard(msgs []*outgoing) {
	drop := map[*outgoing]bool{}
	for _, m := range msgs {
		drop[m] = true
	}
	l.mu.Lock()
	for _, q := range l.chats {
		kept := q.queue[:0]
		for i, m := range q.queue {
			if drop[m] && !m.durable && !(i == 0 && q.busy) {
				l.queued--
				continue
			}
			kept = append(kept, m)
		}
		q.queue = kept
	}
	l.notifyLocked()
	l.mu.Unlock()
}

func (l *limiter) notifyLocked() {
	close(l.changed)
	l.changed = make(chan struct{})
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// counters returns what the limiter has done so far.
func (l *limiter) counters() (sent, floods, retries, dropped int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sent, l.floods, l.retries, l.dropped
}

// pending is the number of messages not yet delivered.
func (l *limiter) pending() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.queued
}

// waitIdle waits until every queued durable message has left the queue,
// or ctx ends.
func (l *limiter) waitIdle(ctx context.Context) error {
	for {
		l.mu.Lock()
		busy := l.inflight > 0
		for _, q := range l.chats {
			if len(q.queue) > 0 && q.queue[0].durable {
				busy = true
				break
			}
		}
		ch := l.changed
		l.mu.Unlock()
		if !busy {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// run schedules sends until ctx ends; sends in flight then finish (or are
// cut short by sendCtx) before it returns.
func (l *limiter) run(ctx, sendCtx context.Context) {
	defer l.wg.Wait()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		next := l.schedule(sendCtx)
		if ctx.Err() != nil {
			return
		}
		var tc <-chan time.Time
		if !next.IsZero() {
			timer.Reset(max(time.Until(next), 0))
			tc = timer.C
		}
		select {
		case <-ctx.Done():
			return
		case <-l.wake:
		case <-tc:
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
	}
}

// schedule starts every send the limits allow now, oldest message first,
// and returns when it next may start one (zero: when something changes).
func (l *limiter) schedule(sendCtx context.Context) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	var ready []*chatQ
	var next time.Time
	later := func(t time.Time) {
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	for id, q := range l.chats {
		if len(q.queue) == 0 {
			// Forget a chat only once its windows are empty again:
			// a new message must still wait for them.
			if !q.busy && q.win.idle(now) && (q.grp == nil || q.grp.idle(now)) {
				delete(l.chats, id)
			}
			continue
		}
		if q.busy || !q.queue[0].durable {
			continue
		}
		t := q.notBefore
		for _, w := range []*window{q.win, q.grp} {
			if w == nil {
				continue
			}
			wt, ok := w.next()
			if !ok { // cannot be: q has no request in flight
				wt = now.Add(w.period)
			}
			if wt.After(t) {
				t = wt
			}
		}
		if t.After(now) {
			later(t)
			continue
		}
		ready = append(ready, q)
	}
	sort.Slice(ready, func(i, j int) bool { return ready[i].queue[0].Seq < ready[j].queue[0].Seq })
	for _, q := range ready {
		g, ok := l.global.next()
		if !ok {
			break // every global slot is in flight: a completion wakes us
		}
		if g.After(now) {
			later(g)
			break
		}
		slots := [3]int{l.global.take(now), q.win.take(now), -1}
		if q.grp != nil {
			slots[2] = q.grp.take(now)
		}
		q.busy = true
		l.inflight++
		m := q.queue[0]
		l.wg.Add(1)
		go l.sendOne(sendCtx, q, m, slots)
	}
	return next
}

// sendOne sends m, the head of q's queue, and decides what happens next.
func (l *limiter) sendOne(ctx context.Context, q *chatQ, m *outgoing, slots [3]int) {
	defer l.wg.Done()
	id, err := l.send(ctx, m)
	now := time.Now()
	l.mu.Lock()
	l.global.release(slots[0], now)
	q.win.release(slots[1], now)
	if slots[2] >= 0 {
		q.grp.release(slots[2], now)
	}
	q.busy = false
	l.inflight--
	finished := false
	class := errClass(255)
	if err != nil {
		class = classify(err)
		if ctx.Err() != nil {
			class = errCanceled
		}
	}
	var ae *apiError
	asAPIError(err, &ae)
	switch {
	case err == nil:
		finished = true
		l.sent++
		q.failures = 0
	case class == errCanceled:
		// Shutting down: the message stays in the outbox for the next start.
	case class == errFlood:
		l.floods++
		wait := time.Duration(max(ae.RetryAfter, 1)) * l.lim.RetryAfterUnit
		q.notBefore = now.Add(wait)
		l.log.Warn("flood limit: waiting before retrying", "chat_id", m.ChatID, "retry_after", ae.RetryAfter, "wait", wait)
	case class == errTransient || class == errUnauthorized || class == errConflict:
		// 401 too: a token revoked and given back should not lose
		// the queue (polling stops the bot on a 401 in any case).
		l.retries++
		q.failures++
		wait := l.lim.backoff(q.failures)
		q.notBefore = now.Add(wait)
		l.log.Warn("send failed; retrying", "chat_id", m.ChatID, "attempt", q.failures, "wait", wait, "err", err)
	case ae != nil && ae.MigrateTo != 0:
		// The group became a supergroup: the queue follows it.
		l.log.Info("group migrated to a supergroup", "chat_id", m.ChatID, "new_chat_id", ae.MigrateTo)
		// Reply ids and topics belonged to the old chat: the new one
		// has none of its messages.
		for _, qm := range q.queue {
			qm.ChatID, qm.ReplyTo, qm.Thread = ae.MigrateTo, 0, 0
		}
		nq := l.chat(ae.MigrateTo, true)
		nq.queue = append(nq.queue, q.queue...)
		q.queue = nil
	case !m.Plain && ae != nil && ae.Code == 400 && strings.Contains(strings.ToLower(ae.Desc), "parse entities"):
		// Should not happen (everything is escaped); send the text
		// without markup rather than not at all.
		l.log.Error("Telegram could not parse the HTML; sending as plain text", "chat_id", m.ChatID, "err", err)
		m.Text, m.Plain = htmlToText(m.Text), true
	default:
		finished = true
		l.dropped++
		level := slog.LevelError
		if ae != nil && ae.Code == 403 {
			level = slog.LevelWarn // the user blocked the bot, or it left the group
		}
		l.log.Log(context.Background(), level, "message refused for good; dropped", "chat_id", m.ChatID, "update_id", m.UpdateID, "err", err)
	}
	if finished {
		q.queue = q.queue[1:]
		l.queued--
	}
	l.notifyLocked()
	l.mu.Unlock()
	if finished {
		l.done(m, id, err)
	}
}

// limiterState is the limiter's windows, stored at shutdown so that a
// restart does not send a group its 21st message of the minute.
type limiterState struct {
	Global []time.Time           `json:"global,omitempty"`
	Chats  map[int64]chatWindows `json:"chats,omitempty"`
}

type chatWindows struct {
	Chat  []time.Time `json:"chat,omitempty"`
	Group []time.Time `json:"group,omitempty"`
}

// future keeps the times after now: the slots still held.
func future(ts []time.Time, now time.Time) []time.Time {
	var out []time.Time
	for _, t := range ts {
		if t.After(now) {
			out = append(out, t)
		}
	}
	return out
}

// state returns the windows' slots still held.
func (l *limiter) state() limiterState {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	st := limiterState{Global: future(l.global.free, now), Chats: map[int64]chatWindows{}}
	for id, q := range l.chats {
		cw := chatWindows{Chat: future(q.win.free, now)}
		if q.grp != nil {
			cw.Group = future(q.grp.free, now)
		}
		if len(cw.Chat)+len(cw.Group) > 0 {
			st.Chats[id] = cw
		}
	}
	return st
}

// restore loads windows a previous run stored.
func (l *limiter) restore(st limiterState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fill := func(w *window, ts []time.Time) {
		for i := 0; i < len(ts) && i < len(w.free); i++ {
			w.free[i] = ts[i]
		}
	}
	fill(l.global, st.Global)
	for id, cw := range st.Chats {
		q := l.chat(id, len(cw.Group) > 0)
		fill(q.win, cw.Chat)
		if q.grp != nil {
			fill(q.grp, cw.Group)
		}
	}
}

func asAPIError(err error, target **apiError) bool {
	return err != nil && errors.As(err, target)
}

// htmlToText undoes the markup of the bot's own HTML: tags out, entities
// back to characters.
func htmlToText(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&amp;", "&").Replace(b.String())
}
