package bot

import (
	"encoding/json"
	"sort"
	"sync"
	"time"
)

// State is where the bot keeps what must outlast a restart: the update
// offset, the outbox, uploaded sources, stats, remembered unanswered
// questions, feedback and admin-added aliases (the keys are listed in
// doc.go). The bot owns this interface; knowledge/botstate implements it
// in the knowledge base's bbolt file.
type State interface {
	// Get returns the value of key, or nil when there is none.
	Get(key string) ([]byte, error)
	// Write stores put and then removes del, in one durable transaction.
	Write(put map[string][]byte, del []string) error
	// Scan calls fn with each key that starts with prefix and its value,
	// in key order, until fn returns an error (which Scan returns).
	Scan(prefix string, fn func(key string, val []byte) error) error
}

// stats counts the questions answered and abstained, by chat type. The
// counts are stored in bbolt with every commit, so they last over restarts.
type stats struct {
	mu     sync.Mutex
	Since  time.Time          `json:"since"`
	Counts map[string]*counts `json:"counts"`
}

type counts struct {
	Answered  int64 `json:"answered"`
	Abstained int64 `json:"abstained"`
}

func newStats() *stats {
	return &stats{Since: time.Now().UTC().Truncate(time.Second), Counts: map[string]*counts{}}
}

func (s *stats) load(data []byte) {
	if len(data) == 0 {
		return
	}
	var st stats
	if json.Unmarshal(data, &st) != nil || st.Counts == nil {
		return
	}
	s.mu.Lock()
	s.Since, s.Counts = st.Since, st.Counts
	s.mu.Unlock()
}

func (s *stats) count(chatType string, answered bool) {
	s.mu.Lock()
	c := s.Counts[chatType]
	if c == nil {
		c = &counts{}
		s.Counts[chatType] = c
	}
	if answered {
		c.Answered++
	} else {
		c.Abstained++
	}
	s.mu.Unlock()
}

func (s *stats) marshal() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	data, _ := json.Marshal(s)
	return data
}

// snapshot returns a copy of the counts, chat types in a fixed order.
func (s *stats) snapshot() (since time.Time, types []string, out map[string]counts) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out = map[string]counts{}
	for k, v := range s.Counts {
		out[k] = *v
		types = append(types, k)
	}
	order := map[string]int{chatPrivate: 0, chatGroup: 1, chatSupergroup: 2, chatInline: 3}
	sort.Slice(types, func(i, j int) bool {
		oi, ok := order[types[i]]
		if !ok {
			oi = 9
		}
		oj, ok := order[types[j]]
		if !ok {
			oj = 9
		}
		if oi != oj {
			return oi < oj
		}
		return types[i] < types[j]
	})
	return s.Since, types, out
}

// contexts remembers, for the bot's recent messages, the question(s) each
// answered, so that a reply to one is read in that context. It forgets the
// oldest beyond its capacity; a message it forgot is read with its own text
// as the context.
type contexts struct {
	mu    sync.Mutex
	m     map[msgKey]string
	order []msgKey
	next  int
}

type msgKey struct {
	chat int64
	msg  int
}

func newContexts(capacity int) *contexts {
	return &contexts{m: make(map[msgKey]string, capacity), order: make([]msgKey, capacity)}
}

func (c *contexts) put(chat int64, msg int, question string) {
	if msg == 0 || question == "" {
		return
	}
	k := msgKey{chat, msg}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; !ok {
		if old := c.order[c.next]; old != (msgKey{}) {
			delete(c.m, old)
		}
		c.order[c.next] = k
		c.next = (c.next + 1) % len(c.order)
	}
	c.m[k] = question
}

func (c *contexts) get(chat int64, msg int) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[msgKey{chat, msg}]
}

// UserLimit is the incoming limit on one user's questions: a burst of
// Burst, then one every Every. A user over it is told once, politely, and
// then not answered until the limit allows again.
type UserLimit struct {
	Burst int           // 0: the default (6); negative: no limit
	Every time.Duration // 0: the default (3s, that is 20 a minute)
}

type userLimiter struct {
	mu    sync.Mutex
	burst float64
	every time.Duration
	off   bool
	users map[int64]*bucket
}

type bucket struct {
	tokens  float64
	last    time.Time
	noticed bool
}

func newUserLimiter(l UserLimit) *userLimiter {
	u := &userLimiter{burst: float64(l.Burst), every: l.Every, users: map[int64]*bucket{}}
	if l.Burst < 0 {
		u.off = true
	}
	if u.burst == 0 {
		u.burst = 6
	}
	if u.every <= 0 {
		u.every = 3 * time.Second
	}
	return u
}

// allow takes one question from user id's allowance. When it refuses, notice
// is true the first time since the user was last allowed, and wait is how
// long until the next question is allowed.
func (u *userLimiter) allow(id int64, now time.Time) (ok, notice bool, wait time.Duration) {
	if u.off || id == 0 {
		return true, false, 0
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	b := u.users[id]
	if b == nil {
		if len(u.users) >= 100_000 {
			u.prune(now)
		}
		b = &bucket{tokens: u.burst, last: now}
		u.users[id] = b
	}
	b.tokens = min(u.burst, b.tokens+float64(now.Sub(b.last))/float64(u.every))
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		b.noticed = false
		return true, false, 0
	}
	wait = time.Duration((1 - b.tokens) * float64(u.every))
	notice = !b.noticed
	b.noticed = true
	return false, notice, wait
}

// prune forgets the users whose allowance is full again.
func (u *userLimiter) prune(now time.Time) {
	for id, b := range u.users {
		if b.tokens+float64(now.Sub(b.last))/float64(u.every) >= u.burst {
			delete(u.users, id)
		}
	}
}

// batch is a set of updates handled together: the updates of one getUpdates
// reply, or the one update of a webhook request. Its messages are committed
// to the outbox together.
type batch struct {
	wg   sync.WaitGroup
	mu   sync.Mutex
	msgs []*outgoing
}

func (b *batch) add(msgs []*outgoing) {
	if len(msgs) == 0 {
		return
	}
	b.mu.Lock()
	b.msgs = append(b.msgs, msgs...)
	b.mu.Unlock()
}

// pool is a bounded set of workers. Updates of one chat go to one worker,
// in order, so that a chat's answers keep the order of its questions.
type pool struct {
	shards []chan job
	wg     sync.WaitGroup
}

type job struct {
	u *update
	b *batch
}

func newPool(workers, queue int, work func(job)) *pool {
	p := &pool{shards: make([]chan job, workers)}
	for i := range p.shards {
		ch := make(chan job, queue)
		p.shards[i] = ch
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for j := range ch {
				work(j)
			}
		}()
	}
	return p
}

// submit queues j on the worker for key; it blocks while that worker's
// queue is full.
func (p *pool) submit(key int64, j job) {
	h := uint64(key)
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	p.shards[h%uint64(len(p.shards))] <- j
}

// close lets the workers finish what is queued and waits for them.
func (p *pool) close() {
	for _, ch := range p.shards {
		close(ch)
	}
	p.wg.Wait()
}
