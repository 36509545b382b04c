package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/qa"
)

// Config is what the bot needs. Token, Store and Reload come from the
// command; the rest has defaults.
type Config struct {
	Token       string // the bot token from @BotFather; never logged
	APIEndpoint string // "https://api.telegram.org/bot%s/%s" (the default), or a local Bot API server's
	Admins      []int64
	Store       *knowledge.Store
	// State keeps what must outlast a restart (knowledge/botstate keeps it
	// in Store's file); required.
	State  State
	Engine *qa.Engine // default: qa.New(Store)

	// Reload rebuilds the knowledge base from the configured sources and
	// the uploaded ones (UploadedSources), validates it, saves it and swaps
	// it in, returning the base now in use; on error the old base stays.
	// It returns the current base itself when the sources did not change.
	Reload func(ctx context.Context) (*knowledge.Base, error)

	// Webhook mode, when WebhookURL is set: the bot registers the URL
	// with a secret token and serves it on Listen (or Listener).
	WebhookURL    string
	Listen        string       // default ":8443"
	Listener      net.Listener // instead of Listen (tests)
	WebhookSecret string       // default: random at each start

	Logger     *slog.Logger
	HTTPClient *http.Client
	Metrics    Metrics // default: NoMetrics

	Limits    Limits    // outgoing; zero fields: Telegram's
	UserLimit UserLimit // incoming, per user

	Workers       int           // default: 4 × GOMAXPROCS
	UpdateTimeout time.Duration // deadline for handling one update; default 30s
	PollTimeout   time.Duration // long-poll timeout; default 30s
	PollLimit     int           // updates a getUpdates; default 100
	ShutdownGrace time.Duration // time to deliver queued replies at shutdown; default 10s
	// StartRetry is how long the start-up calls (getMe, deleteWebhook,
	// setWebhook, setMyCommands) keep retrying a Bot API that cannot be
	// reached; default 5 minutes. A rejected token fails at once.
	StartRetry     time.Duration
	MaxUploadBytes int64 // largest source an admin may upload; default 2 MB
}

// validSecret reports what Telegram accepts as a webhook's secret token:
// 1 to 256 characters of A-Z, a-z, 0-9, _ and -. (A regular expression
// with {1,256} compiles to a program of 256 copies at every start.)
func validSecret(s string) bool {
	if len(s) == 0 || len(s) > 256 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// sendTimeout bounds one sendMessage request.
const sendTimeout = 20 * time.Second

// Keys of the bot's state in the store (knowledge's state bucket).
const (
	keyOffset    = "update_offset" // decimal: the next update id to fetch
	keyStats     = "stats"         // JSON stats
	keyLimiter   = "limiter"       // JSON limiterState, stored at shutdown
	prefixOutbox = "outbox/"       // outbox/<seq, 20 digits> -> JSON outgoing
	prefixUpload = "upload/"       // upload/<document name> -> JSON knowledge.Source
)

// Bot is a running Telegram bot.
type Bot struct {
	cfg    Config
	log    *slog.Logger
	api    *api
	me     self
	store  *knowledge.Store
	state  State
	engine *qa.Engine
	admins map[int64]bool

	lim         *limiter
	pool        *pool
	users       *userLimiter
	inlineUsers *userLimiter
	inlineOnce  sync.Once
	inlineCtx   context.Context // inline answers; cancelled at shutdown
	stopInline  context.CancelFunc
	inlineWG    sync.WaitGroup
	inlineSem   chan struct{} // bounds the inline answers in flight
	stats       *stats
	loop        *loop // unanswered questions, feedback
	contexts    *contexts
	started     time.Time
	seq         atomic.Uint64

	workCtx    context.Context // handlers and jobs; ends only after the drain
	cancelWork context.CancelFunc
	jobs       sync.WaitGroup
	doneMu     sync.Mutex
	doneKeys   []string // outbox entries delivered, not yet removed
	activeJobs atomic.Int32
	adminMu    sync.Mutex // one reload, rollback or upload at a time
	seen       *seenSet   // webhook: update ids already handled
	// hookTimeouts, when set, replace defaultWebhookTimeouts (tests).
	hookTimeouts webhookTimeouts

	// observe, when set, is told when each update's replies were handed
	// to the limiter (the benchmark's latency).
	observe func(received time.Time)
	// beforeHandle, when set, runs before each update is handled (tests).
	beforeHandle func(*update)
	// deliver replaces sending (the benchmark excludes sending).
	deliver func(ctx context.Context, m *outgoing) (int, error)
}

// New checks the configuration and the token (getMe), and returns a bot
// ready to Run. A missing or rejected token fails here, with a message that
// says so.
func New(ctx context.Context, cfg Config) (*Bot, error) {
	if cfg.Store == nil {
		return nil, errors.New("bot: no knowledge store")
	}
	if cfg.State == nil {
		return nil, errors.New("bot: no state (knowledge/botstate.New keeps it in the knowledge base's file)")
	}
	a, err := newAPI(cfg.Token, cfg.APIEndpoint, cfg.HTTPClient)
	if err != nil {
		return nil, err
	}
	if cfg.WebhookURL != "" {
		u, err := url.Parse(cfg.WebhookURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, errors.New("webhook URL: not an http(s) URL (https://host/path)")
		}
	}
	if s := cfg.WebhookSecret; s != "" && !validSecret(s) {
		return nil, errors.New("webhook secret: Telegram allows 1 to 256 characters A-Z, a-z, 0-9, _ and - only")
	}
	setDefaults(&cfg)
	b := &Bot{
		cfg: cfg, log: cfg.Logger, api: a, store: cfg.Store, state: cfg.State, engine: cfg.Engine,
		admins: map[int64]bool{}, users: newUserLimiter(cfg.UserLimit), stats: newStats(),
		contexts: newContexts(8192), started: time.Now(), seen: newSeenSet(4096),
	}
	if b.engine == nil {
		b.engine = qa.New(cfg.Store)
	}
	for _, id := range cfg.Admins {
		b.admins[id] = true
	}
	b.lim = newLimiter(cfg.Limits, b.log, b.send, b.delivered)
	// The replies a previous run left, and its limiter's windows.
	if data, err := b.state.Get(keyLimiter); err == nil && len(data) > 0 {
		var ls limiterState
		if json.Unmarshal(data, &ls) == nil {
			b.lim.restore(ls)
		}
	}
	if err := b.loadOutbox(); err != nil {
		return nil, err
	}
	b.loop = newLoop()
	if err := b.loop.load(b.state); err != nil {
		return nil, err
	}
	me, err := b.connect(ctx)
	if err != nil {
		return nil, err
	}
	b.me = me
	if me.Username == "" {
		b.log.Warn("getMe gave no username: in groups only /ask and replies to the bot reach it, not @mentions")
	}
	b.log.Info("connected to the Bot API", "bot", "@"+me.Username, "bot_id", me.ID, "admins", len(b.admins))
	return b, nil
}

func setDefaults(c *Config) {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Metrics == nil {
		c.Metrics = NoMetrics{}
	}
	if c.Workers <= 0 {
		c.Workers = 4 * runtime.GOMAXPROCS(0)
	}
	if c.UpdateTimeout <= 0 {
		c.UpdateTimeout = 30 * time.Second
	}
	if c.PollTimeout <= 0 {
		c.PollTimeout = 30 * time.Second
	}
	if c.PollLimit <= 0 || c.PollLimit > 100 {
		c.PollLimit = 100
	}
	if c.ShutdownGrace <= 0 {
		c.ShutdownGrace = 10 * time.Second
	}
	if c.StartRetry <= 0 {
		c.StartRetry = defaultStartRetry
	}
	if c.MaxUploadBytes <= 0 {
		c.MaxUploadBytes = 2 << 20
	}
	c.MaxUploadBytes = min(c.MaxUploadBytes, knowledge.MaxSourceBytes)
	if c.Listen == "" {
		c.Listen = ":8443"
	}
	c.Limits = c.Limits.withDefaults()
}

// connect calls getMe, saying plainly what is wrong when it fails.
func (b *Bot) connect(ctx context.Context) (self, error) {
	var me self
	err := b.startCall(ctx, "getMe", func(ctx context.Context) error {
		var err error
		me, err = b.api.getMe(ctx)
		return err
	})
	if err == nil {
		return me, nil
	}
	host := "the Bot API"
	if u, perr := url.Parse(fmt.Sprintf(b.api.endpoint, "x", "getMe")); perr == nil {
		host = u.Host
	}
	var ae *apiError
	switch {
	case classify(err) == errUnauthorized:
		return self{}, fmt.Errorf("the Bot API at %s rejected the token (%v): check TELEGRAM_BOT_TOKEN (from @BotFather)", host, err)
	case errors.As(err, &ae) && ae.Code == http.StatusNotFound:
		return self{}, fmt.Errorf("the Bot API at %s answered 404 (%v): the token is malformed, or the endpoint is not a Bot API (--api-endpoint, in the form http://host:port/bot%%s/%%s)", host, err)
	case ctx.Err() != nil:
		return self{}, ctx.Err()
	}
	return self{}, fmt.Errorf("cannot reach the Bot API at %s: %v", host, err)
}

// Username is the bot's username, from getMe.
func (b *Bot) Username() string { return b.me.Username }

// Run receives and answers updates until ctx ends: by long polling, or by
// webhook when Config.WebhookURL is set. Then it stops taking updates,
// finishes those in hand, stores the offset, delivers what it can of the
// queued replies within ShutdownGrace (the rest stay in the outbox for the
// next start), and returns nil. It returns an error when the bot cannot go
// on (the token was revoked, the webhook cannot listen).
func (b *Bot) Run(ctx context.Context) error {
	if data, err := b.state.Get(keyStats); err == nil {
		b.stats.load(data)
	}
	b.workCtx, b.cancelWork = context.WithCancel(context.WithoutCancel(ctx))
	defer b.cancelWork()
	sendCtx, cancelSend := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelSend()
	flushCtx, stopFlush := context.WithCancel(context.WithoutCancel(ctx))
	flushDone := make(chan struct{})
	go func() { defer close(flushDone); b.flushLoop(flushCtx) }()
	limCtx, stopLim := context.WithCancel(context.WithoutCancel(ctx))
	limDone := make(chan struct{})
	go func() { defer close(limDone); b.lim.run(limCtx, sendCtx) }()
	b.inlineCtx, b.stopInline = context.WithCancel(b.workCtx)
	defer b.stopInline()
	b.inlineSem = make(chan struct{}, maxInlineInFlight)
	b.pool = newPool(b.cfg.Workers, 256, b.process)

	b.setCommands(ctx)
	var err error
	if b.cfg.WebhookURL != "" {
		err = b.serveWebhook(ctx)
	} else {
		err = b.poll(ctx)
	}
	// No more updates come in: finish those in hand, and the jobs. An
	// inline answer is of no use by the time the bot is back: cut short.
	b.pool.close()
	b.stopInline()
	b.inlineWG.Wait()
	graceCtx, cancelGrace := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.ShutdownGrace)
	defer cancelGrace()
	jobsDone := make(chan struct{})
	go func() { b.jobs.Wait(); close(jobsDone) }()
	select {
	case <-jobsDone:
	case <-graceCtx.Done():
		b.cancelWork()
		<-jobsDone
	}
	// Deliver the queue within the grace; what is left stays in the outbox.
	if werr := b.lim.waitIdle(graceCtx); werr != nil {
		b.log.Warn("shutdown: replies left in the outbox for the next start", "pending", b.lim.pending())
	}
	// Start no more sends, but let those in flight finish (each within
	// sendTimeout): cutting one short could leave a message delivered but
	// still in the outbox, to be sent again by the next start.
	stopLim()
	<-limDone
	cancelSend()
	stopFlush()
	<-flushDone
	b.flushDone()
	ls, _ := json.Marshal(b.lim.state())
	put, del := b.loop.takeDirty()
	if put == nil {
		put = map[string][]byte{}
	}
	put[keyStats], put[keyLimiter] = b.stats.marshal(), ls
	if serr := b.state.Write(put, del); serr != nil {
		b.log.Error("shutdown: storing the stats", "err", serr)
	}
	sent, _, _, dropped := b.lim.counters()
	b.log.Info("stopped", "sent", sent, "dropped", dropped, "pending", b.lim.pending())
	return err
}

// send sends one message, within sendTimeout.
func (b *Bot) send(ctx context.Context, m *outgoing) (int, error) {
	if b.deliver != nil {
		return b.deliver(ctx, m)
	}
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	start := time.Now()
	id, err := b.api.sendMessage(ctx, m)
	b.cfg.Metrics.Send("sendMessage", sendResult(err), time.Since(start))
	return id, err
}

// loadOutbox queues the replies a previous run committed but did not
// deliver, and sets the message sequence past them.
func (b *Bot) loadOutbox() error {
	var msgs []*outgoing
	var last uint64
	err := b.state.Scan(prefixOutbox, func(key string, val []byte) error {
		var m outgoing
		if err := json.Unmarshal(val, &m); err != nil {
			b.log.Error("outbox: unreadable entry dropped", "key", key, "err", err)
			return nil
		}
		msgs = append(msgs, &m)
		last = max(last, m.Seq)
		return nil
	})
	if err != nil {
		return err
	}
	b.seq.Store(max(last, uint64(time.Now().UnixNano())))
	if len(msgs) > 0 {
		b.log.Info("outbox: delivering replies left from the last run", "pending", len(msgs))
		b.lim.add(msgs, true)
	}
	return nil
}

// delivered is the limiter's report that m left the queue: its outbox
// entry goes, and the message is remembered for follow-ups.
//
// The entry is removed at once, in a transaction of its own: a disk sync a
// message, which Telegram's 30 messages a second allow. A crash can thus
// repeat only the replies in flight (sent, their answer not yet read or
// their removal not yet written). A removal that fails is kept and tried again
// with the next commit or by flushDone within doneFlushEvery.
func (b *Bot) delivered(m *outgoing, id int, err error) {
	if err == nil {
		b.contexts.put(m.ChatID, id, m.Context)
	}
	key := outboxKey(m.Seq)
	if werr := b.state.Write(nil, []string{key}); werr == nil {
		return
	}
	b.doneMu.Lock()
	b.doneKeys = append(b.doneKeys, key)
	b.doneMu.Unlock()
}

// doneFlushEvery bounds how long a delivered reply whose removal failed
// waits to be tried again.
const doneFlushEvery = 20 * time.Millisecond

// takeDone returns the outbox keys to remove, and forgets them.
func (b *Bot) takeDone() []string {
	b.doneMu.Lock()
	defer b.doneMu.Unlock()
	keys := b.doneKeys
	b.doneKeys = nil
	return keys
}

// flushDone removes the delivered replies from the outbox; on error they
// are kept to be tried again.
func (b *Bot) flushDone() {
	keys := b.takeDone()
	if len(keys) == 0 {
		return
	}
	if err := b.state.Write(nil, keys); err != nil {
		b.log.Error("outbox: removing delivered replies", "n", len(keys), "err", err)
		b.doneMu.Lock()
		b.doneKeys = append(b.doneKeys, keys...)
		b.doneMu.Unlock()
	}
}

// flushLoop runs flushDone every doneFlushEvery until ctx ends.
func (b *Bot) flushLoop(ctx context.Context) {
	t := time.NewTicker(doneFlushEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			b.flushDone()
		}
	}
}

func outboxKey(seq uint64) string { return fmt.Sprintf("%s%020d", prefixOutbox, seq) }

// commit stores messages in the outbox and, when offset > 0, the update
// offset, in one transaction; then the limiter may send the messages.
func (b *Bot) commit(msgs []*outgoing, offset int) error {
	put := map[string][]byte{keyStats: b.stats.marshal()}
	for _, m := range msgs {
		data, err := json.Marshal(m)
		if err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
		put[outboxKey(m.Seq)] = data
	}
	if offset > 0 {
		put[keyOffset] = []byte(strconv.Itoa(offset))
	}
	done := b.takeDone()
	lput, ldel := b.loop.takeDirty()
	for k, v := range lput {
		put[k] = v
	}
	if err := b.state.Write(put, append(done[:len(done):len(done)], ldel...)); err != nil {
		b.doneMu.Lock()
		b.doneKeys = append(b.doneKeys, done...)
		b.doneMu.Unlock()
		b.loop.markDirty(lput, ldel)
		return err
	}
	b.lim.markDurable(msgs)
	return nil
}

// commitRetry commits until it succeeds, ctx is done (the poll loop is
// stopping) or the bot must stop; on giving up the messages are taken back
// (their updates will be fetched again, as the offset was not stored).
func (b *Bot) commitRetry(ctx context.Context, msgs []*outgoing, offset int) error {
	for attempt := 1; ; attempt++ {
		err := b.commit(msgs, offset)
		if err == nil {
			return nil
		}
		// Counted before it is logged: whoever reads the log finds the
		// failure in the metrics too.
		b.cfg.Metrics.StoreError("commit")
		b.log.Error("commit failed; retrying", "attempt", attempt, "err", err)
		select {
		case <-ctx.Done():
			b.lim.discard(msgs)
			return err
		case <-b.workCtx.Done():
			b.lim.discard(msgs)
			return err
		case <-time.After(b.cfg.Limits.backoff(attempt)):
		}
	}
}

// process handles one update within its deadline, recovering from a panic,
// and hands its replies to the limiter (not yet sendable: they wait for
// their batch's commit).
func (b *Bot) process(j job) {
	defer j.b.wg.Done()
	u := j.u
	b.cfg.Metrics.Update(updateKind(u))
	if u.Inline != nil || u.Callback != nil {
		// An inline answer or a button press is not a chat message: it
		// has no place in the batch's commit, and must not hold it up
		// (a 429 or a hang of answerInlineQuery would delay everyone's
		// answers).
		b.goAside(u)
		if b.observe != nil {
			b.observe(u.Received)
		}
		return
	}
	ctx, cancel := context.WithTimeout(b.workCtx, b.cfg.UpdateTimeout)
	defer cancel()
	res := make(chan []*outgoing, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("panic handling an update", "update_id", u.ID, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				res <- b.apology(u, msgFailed)
			}
		}()
		if b.beforeHandle != nil {
			b.beforeHandle(u)
		}
		res <- b.handle(ctx, u)
	}()
	var out []*outgoing
	select {
	case out = <-res:
	case <-ctx.Done():
		// Past the deadline: the handler's context is cancelled (the
		// engine stops at it), and the handler is waited for, not left
		// running on its own; one that ignores the cancellation is
		// given up on after a grace, and said so.
		b.log.Warn("update handling timed out", "update_id", u.ID, "timeout", b.cfg.UpdateTimeout)
		out = b.apology(u, msgTimeout)
		grace := time.NewTimer(min(b.cfg.UpdateTimeout/4, 2*time.Second))
		select {
		case <-res:
		case <-grace.C:
			b.log.Error("update handler ignored its cancellation; left running", "update_id", u.ID)
		}
		grace.Stop()
	}
	b.lim.add(out, false)
	j.b.add(out)
	if b.observe != nil {
		b.observe(u.Received)
	}
}

// apology is the reply to a message whose handling failed.
func (b *Bot) apology(u *update, text string) []*outgoing {
	if u.Message == nil {
		return nil
	}
	return b.reply(u, u.Message, formatText(text), "")
}

// reply makes the messages answering m: in groups, the first replies to
// the asker's message.
func (b *Bot) reply(u *update, m *message, texts []string, context string) []*outgoing {
	group := m.ChatType == chatGroup || m.ChatType == chatSupergroup
	out := make([]*outgoing, 0, len(texts))
	for i, t := range texts {
		o := &outgoing{Seq: b.seq.Add(1), ChatID: m.ChatID, Group: group, Text: t, Context: context, UpdateID: u.ID, Thread: m.ThreadID}
		if group && i == 0 {
			o.ReplyTo = m.ID
		}
		out = append(out, o)
	}
	return out
}

// goJob runs a long job (a reload, an upload) outside the update's
// deadline; its replies are committed and queued when it ends.
func (b *Bot) goJob(name string, fn func(ctx context.Context) []*outgoing) {
	b.jobs.Add(1)
	b.activeJobs.Add(1)
	go func() {
		defer b.jobs.Done()
		defer b.activeJobs.Add(-1)
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("panic in a job", "job", name, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			}
		}()
		out := fn(b.workCtx)
		if len(out) == 0 {
			return
		}
		b.lim.add(out, false)
		if err := b.commitRetry(b.workCtx, out, 0); err != nil {
			b.log.Error("job replies lost", "job", name, "err", err)
		}
	}()
}

// setCommands sets the command menu: one for everyone, one for groups, and
// one with the admin commands in each admin's private chat.
func (b *Bot) setCommands(ctx context.Context) {
	err := b.startCall(ctx, "setMyCommands", func(ctx context.Context) error {
		return b.api.setMyCommands(ctx, menuDefault, "", 0)
	})
	if err != nil {
		b.log.Warn("setMyCommands failed; the command menu may be out of date", "err", err)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, startCallTimeout)
	defer cancel()
	if err := b.api.setMyCommands(ctx, menuGroups, "all_group_chats", 0); err != nil {
		b.log.Warn("setMyCommands for groups failed", "err", err)
	}
	for id := range b.admins {
		if err := b.api.setMyCommands(ctx, menuAdmin, "chat", id); err != nil {
			// An admin who never opened a chat with the bot: no chat yet.
			b.log.Debug("setMyCommands for an admin's chat failed", "user_id", id, "err", err)
		}
	}
}

// seenSet remembers recent update ids (webhook mode: Telegram may deliver
// an update again when it did not see our answer).
type seenSet struct {
	mu    sync.Mutex
	m     map[int]bool
	order []int
	next  int
}

func newSeenSet(n int) *seenSet { return &seenSet{m: map[int]bool{}, order: make([]int, n)} }

// add reports false when id was already there.
func (s *seenSet) add(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m[id] {
		return false
	}
	delete(s.m, s.order[s.next])
	s.order[s.next] = id
	s.next = (s.next + 1) % len(s.order)
	s.m[id] = true
	return true
}

func (s *seenSet) remove(id int) {
	s.mu.Lock()
	delete(s.m, id)
	s.mu.Unlock()
}

// CheckToken asks the Bot API at endpoint whose token it is (getMe), and
// returns the bot's username, or why it cannot: a missing or rejected
// token, an endpoint that is not a Bot API, one that cannot be reached.
//
// A Bot API that cannot be reached is retried as at the bot's start
// (Config.StartRetry's default), logging to log (nil: no log).
func CheckToken(ctx context.Context, token, endpoint string, log *slog.Logger) (string, error) {
	a, err := newAPI(token, endpoint, nil)
	if err != nil {
		return "", err
	}
	cfg := Config{Logger: log}
	setDefaults(&cfg)
	me, err := (&Bot{api: a, cfg: cfg, log: cfg.Logger}).connect(ctx)
	return me.Username, err
}
