package bot

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/visitbot/visitbot/bot/telegramtest"
	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/analysis"
	"github.com/visitbot/visitbot/knowledge/botstate"
	"github.com/visitbot/visitbot/qa"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

// The knowledge base is built once (gse's dictionary costs seconds) into a
// template file that each test copies.
var (
	templateDB string
	lexicon    *analysis.Lexicon
	lexOnce    sync.Once
)

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "visitbot-bot-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	templateDB = filepath.Join(dir, "template.db")
	st, err := knowledge.Open(templateDB)
	if err == nil {
		var b *knowledge.Base
		if b, err = knowledge.Build(context.Background(), knowledge.BuildOptions{Lexicon: testLexicon()}); err == nil {
			err = st.Save(b)
		}
		st.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "building the test knowledge base:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func testLexicon() *analysis.Lexicon {
	lexOnce.Do(func() {
		var err error
		if lexicon, err = analysis.LoadLexicon(); err != nil {
			panic(err)
		}
	})
	return lexicon
}

// copyDB gives a test its own copy of the template knowledge base.
func copyDB(t testing.TB) string {
	data, err := os.ReadFile(templateDB)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "visitbot.db")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// testReload is what cmd's reload does: the default article and the
// uploaded sources, rebuilt only when they changed.
func testReload(st *knowledge.Store) func(ctx context.Context) (*knowledge.Base, error) {
	return func(ctx context.Context) (*knowledge.Base, error) {
		srcs := []knowledge.Source{knowledge.DefaultSource()}
		up, err := UploadedSources(botstate.New(st))
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, up...)
		added, err := AdminAliases(botstate.New(st))
		if err != nil {
			return nil, err
		}
		aliases := knowledge.DefaultAliases()
		if added != "" {
			aliases += "\n" + added
		}
		if cur := st.Current(); cur != nil && knowledge.Checksum(srcs, aliases) == cur.Info.Checksum {
			return cur, nil
		}
		b, err := knowledge.Build(ctx, knowledge.BuildOptions{Sources: srcs, Aliases: aliases, Lexicon: testLexicon()})
		if err != nil {
			return nil, err
		}
		if err := st.Save(b); err != nil {
			return nil, err
		}
		return b, nil
	}
}

// openLean opens a store as the serving bot does: for writing, its base
// lean (questions, "more" and /sources read it from the file).
func openLean(path string) (*knowledge.Store, error) {
	return knowledge.OpenWith(path, knowledge.Options{Lean: true, Lock: knowledge.LockOptions{Holder: "the bot's tests", Wait: time.Second}})
}

func openTestStore(t testing.TB) *knowledge.Store {
	st, err := openLean(copyDB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// syncBuffer is a log sink the bot writes to from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fastLimits are Telegram's limits scaled down 50 times, so that tests
// exercise them in milliseconds.
var fastLimits = Limits{
	ChatInterval:   20 * time.Millisecond,
	GroupMessages:  20,
	GroupWindow:    1200 * time.Millisecond,
	GlobalMessages: 30,
	GlobalWindow:   20 * time.Millisecond,
	RetryAfterUnit: 20 * time.Millisecond,
	BackoffMin:     5 * time.Millisecond,
	BackoffMax:     40 * time.Millisecond,
}

// serverLimits are the same limits, enforced by the fake server.
func serverLimits() *telegramtest.Limits {
	return &telegramtest.Limits{
		ChatInterval: fastLimits.ChatInterval, GroupMessages: fastLimits.GroupMessages, GroupWindow: fastLimits.GroupWindow,
		GlobalMessages: fastLimits.GlobalMessages, GlobalWindow: fastLimits.GlobalWindow, RetryAfter: 1,
	}
}

// harness is a bot running against the fake server.
type harness struct {
	t      testing.TB
	srv    *telegramtest.Server
	dbPath string
	store  *knowledge.Store
	logs   *syncBuffer
	bot    *Bot
	cancel context.CancelFunc
	done   chan error
	// configure adjusts each bot's Config before New.
	configure func(*Config)
	// beforeHandle is set on each bot before it runs.
	beforeHandle func(*update)
	// prepare adjusts each bot after New, before Run.
	prepare func(*Bot)
}

const adminID = 1001

var (
	alice = telegramtest.User{ID: 2001, FirstName: "Alice", Username: "alice"}
	bob   = telegramtest.User{ID: 2002, FirstName: "Bob", Username: "bob"}
	admin = telegramtest.User{ID: adminID, FirstName: "Admin", Username: "admin"}
	group = telegramtest.Group(-5001, "Visit fans")
)

func newHarness(t testing.TB, opt telegramtest.Options) *harness {
	h := &harness{t: t, srv: telegramtest.New(t, opt), dbPath: copyDB(t), logs: &syncBuffer{}}
	return h
}

func (h *harness) config() Config {
	cfg := Config{
		Token: h.srv.Token, APIEndpoint: h.srv.Endpoint(), Admins: []int64{adminID},
		Store: h.store, State: botstate.New(h.store), Reload: testReload(h.store),
		Logger:      slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Limits:      fastLimits,
		UserLimit:   UserLimit{Burst: -1},
		PollTimeout: 2 * time.Second, ShutdownGrace: 5 * time.Second,
	}
	if h.configure != nil {
		h.configure(&cfg)
	}
	return cfg
}

// start opens the store and runs a bot until stop.
func (h *harness) start() {
	h.t.Helper()
	if h.store == nil {
		st, err := openLean(h.dbPath)
		if err != nil {
			h.t.Fatal(err)
		}
		h.store = st
		h.t.Cleanup(func() { h.stop(); h.store.Close() })
	}
	b, err := New(context.Background(), h.config())
	if err != nil {
		h.t.Fatal(err)
	}
	h.bot = b
	b.beforeHandle = h.beforeHandle
	if h.prepare != nil {
		h.prepare(b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel, h.done = cancel, make(chan error, 1)
	go func() { h.done <- b.Run(ctx) }()
}

// stop shuts the bot down as SIGTERM does and returns Run's error.
func (h *harness) stop() error {
	if h.cancel == nil {
		return nil
	}
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		return err
	case <-time.After(30 * time.Second):
		h.t.Fatal("the bot did not stop")
	}
	return nil
}

func (h *harness) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	h.t.Cleanup(cancel)
	return ctx
}

// waitSent waits until chat has n messages from the bot, and returns them.
func (h *harness) waitSent(chat int64, n int) []telegramtest.Sent {
	h.t.Helper()
	if err := h.srv.WaitFor(h.ctx(), func() bool { return len(h.srv.Sent(chat)) >= n }); err != nil {
		h.t.Fatalf("waiting for %d messages in chat %d (have %d): %v\nlogs:\n%s", n, chat, len(h.srv.Sent(chat)), err, h.logs)
	}
	return h.srv.Sent(chat)
}

// settle waits until the bot has committed every update so far and has no
// reply left to send: then what it did not send, it will not.
func (h *harness) settle() {
	h.t.Helper()
	err := h.srv.WaitFor(h.ctx(), func() bool {
		if h.srv.Pending() > 0 {
			return false
		}
		data, _ := h.bot.state.Get(keyOffset)
		off, _ := strconv.Atoi(string(data))
		return off > h.lastUpdateID() && h.bot.lim.pending() == 0 && h.bot.jobsIdle()
	})
	if err != nil {
		h.t.Fatalf("settle: %v\nlogs:\n%s", err, h.logs)
	}
}

// lastUpdateID is the id of the last update the server queued.
func (h *harness) lastUpdateID() int {
	return h.srv.LastUpdateID()
}

func (b *Bot) jobsIdle() bool { return b.activeJobs.Load() == 0 }

// ask is what the engine answers, as the bot would send it.
func (h *harness) ask(q string) []string {
	return formatAnswer(qa.New(h.store).Ask(context.Background(), q))
}

func joinTexts(ss []telegramtest.Sent) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(s.Text)
		b.WriteString("\n---\n")
	}
	return b.String()
}

var _ = errors.New
var _ = io.Discard

// TestStoresAreLean: the bot's tests run on bases read from their file,
// as the serving bot's are, and a reload keeps them so.
func TestStoresAreLean(t *testing.T) {
	st := openTestStore(t)
	if b := st.Current(); b == nil || !b.Lean() {
		t.Fatal("the test store's base is not lean")
	}
	b, err := knowledge.Build(context.Background(), knowledge.BuildOptions{Lexicon: testLexicon()})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Save(b); err != nil {
		t.Fatal(err)
	}
	if !st.Current().Lean() || st.Current() == b {
		t.Error("after Save the current base is the one built in memory, not read from the file")
	}
}
