package bot

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/visitbot/visitbot/bot/telegramtest"
)

// The throughput benchmark: 10,000 questions from 500 users in 50 group
// chats, through the fake Bot API (getUpdates for real, over loopback),
// with sending excluded (the limiter's sends succeed at once). It reports
// updates handled a second and the latency from an update's arrival (its
// getUpdates reply decoded) to its reply handed to the limiter.
//
//	go test -run '^$' -bench Updates -benchtime 1x ./bot/

const (
	benchQuestions = 10_000
	benchUsers     = 500
	benchChats     = 50
)

// benchQuestionTexts are the held-out evaluation questions.
func benchQuestionTexts(tb testing.TB) []string {
	f, err := os.Open(filepath.Join("..", "testdata", "eval", "heldout.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c struct {
			Q string `json:"q"`
		}
		if json.Unmarshal(sc.Bytes(), &c) == nil && c.Q != "" {
			qs = append(qs, c.Q)
		}
	}
	if len(qs) == 0 {
		tb.Fatal("no questions")
	}
	return qs
}

// benchPost posts question i: users in groups, addressing the bot by
// command or by mention in turn.
func benchPost(srv *telegramtest.Server, qs []string, i int) {
	u := telegramtest.User{ID: int64(10_000 + i%benchUsers), FirstName: "u", Username: "user" + strconv.Itoa(i%benchUsers)}
	chat := telegramtest.Group(int64(-7000-(i%benchUsers)%benchChats), "bench")
	q := qs[i%len(qs)]
	if i%2 == 0 {
		srv.Text(u, chat, "/ask@VisitTestBot "+q)
	} else {
		srv.Text(u, chat, "@VisitTestBot "+q)
	}
}

type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(received time.Time) {
	d := time.Since(received)
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

func (l *latencies) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.d)
}

func (l *latencies) quantile(q float64) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := append([]time.Duration(nil), l.d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// runBench runs one bot over the questions, posted all at once (rate 0) or
// at rate a second, and returns the elapsed time and the latencies.
func runBench(b *testing.B, rate int) (time.Duration, *latencies) {
	h := newHarness(b, telegramtest.Options{})
	lat := &latencies{}
	h.configure = func(c *Config) {
		c.Logger = nil
		c.PollTimeout = 5 * time.Second
		// Telegram's own limits: the limiter sends at most 30 a second,
		// as in production, and the replies left at the end stay queued.
		c.Limits = DefaultLimits
		c.ShutdownGrace = time.Millisecond
		if n, err := strconv.Atoi(os.Getenv("BENCH_POLL_LIMIT")); err == nil {
			c.PollLimit = n
		}
	}
	h.prepare = func(bt *Bot) {
		bt.observe = lat.add
		bt.deliver = func(context.Context, *outgoing) (int, error) { return 1, nil }
	}
	qs := benchQuestionTexts(b)
	var start time.Time
	if rate <= 0 {
		// A backlog: every question waits at the server when the bot
		// starts (as after a restart); the clock starts with the bot.
		for i := 0; i < benchQuestions; i++ {
			benchPost(h.srv, qs, i)
		}
		b.ResetTimer()
		start = time.Now()
		h.start()
	} else {
		h.start()
		b.ResetTimer()
		start = time.Now()
		tick := time.Second / time.Duration(rate)
		next := start
		for i := 0; i < benchQuestions; i++ {
			if d := time.Until(next); d > 0 {
				time.Sleep(d) // pacing the load, not synchronising
			}
			next = next.Add(tick)
			benchPost(h.srv, qs, i)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := h.srv.WaitFor(ctx, func() bool { return lat.count() >= benchQuestions }); err != nil {
		b.Fatalf("%d of %d handled: %v", lat.count(), benchQuestions, err)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	h.stop()
	return elapsed, lat
}

func report(b *testing.B, elapsed time.Duration, lat *latencies) {
	b.ReportMetric(float64(benchQuestions)/elapsed.Seconds(), "updates/s")
	b.ReportMetric(float64(lat.quantile(0.50).Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat.quantile(0.99).Microseconds()), "p99-µs")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkUpdates posts all 10,000 questions at once: the bot's top rate.
func BenchmarkUpdates(b *testing.B) {
	for i := 0; i < b.N; i++ {
		elapsed, lat := runBench(b, 0)
		report(b, elapsed, lat)
	}
}

// BenchmarkUpdatesPaced posts them at 5,000 a second: the latency at the
// rate the bot must sustain.
func BenchmarkUpdatesPaced(b *testing.B) {
	for i := 0; i < b.N; i++ {
		elapsed, lat := runBench(b, 5000)
		report(b, elapsed, lat)
	}
}
