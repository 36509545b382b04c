//go:build linux

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/visitbot/visitbot/bot/telegramtest"
)

// soakSample is the serving process's own account of itself, scraped from
// its /metrics.
type soakSample struct {
	updates    int
	rss        float64 // bytes
	goroutines float64
	fds        float64
}

func scrapeSoak(b *testing.B, addr string, updates int) soakSample {
	b.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		b.Fatal(err)
	}
	v := func(name string) float64 {
		x, ok := metricValue(fams[name], nil)
		if !ok {
			b.Fatalf("no %s", name)
		}
		return x
	}
	return soakSample{updates, v("process_resident_memory_bytes"), v("go_goroutines"), v("process_open_fds")}
}

// BenchmarkSoak pushes 200,000 updates through the fake Bot API into the
// real binary (serve, long polling) and samples its RSS, goroutines and
// open files every 10,000. The mix: group chatter not addressed to the bot
// (routed, ignored, committed), inline queries from many people (answered
// by the engine, answerInlineQuery), and private questions (answered,
// through the outbox and the rate limiter). It reports the first quarter's
// and the last quarter's figures; flat is what is wanted.
//
//	go test -run '^$' -bench BenchmarkSoak -benchtime 1x ./cmd/visitbot
func BenchmarkSoak(b *testing.B) {
	const total, every = 200000, 10000
	srv := telegramtest.New(b, telegramtest.Options{})
	db := freshDB(b)
	p := startProc(b, []string{"TELEGRAM_BOT_TOKEN=" + srv.Token}, "serve", "--api-endpoint", srv.Endpoint(),
		"--db", db, "--metrics-addr", "127.0.0.1:0", "--log-format", "json")
	defer func() {
		p.cmd.Process.Signal(syscall.SIGTERM)
		<-p.done
	}()
	addr := p.waitAddr(b)
	group := telegramtest.Supergroup(-1000, "Chatter")
	questions := []string{"杜小刚带队去了哪些地方?", "宇树科技的创始人是谁?", "厦门大学无锡研究院什么时候可以入驻?", "杜小刚"}
	var samples []soakSample
	start := time.Now()
	b.ResetTimer()
	for i := 0; i < total; i++ {
		u := telegramtest.User{ID: int64(10000 + i%5000), FirstName: "U"}
		switch {
		case i%100 == 0: // 2,000 private questions, from 2,000 chats
			pu := telegramtest.User{ID: int64(1000000 + i), FirstName: "P"}
			srv.Text(pu, telegramtest.Private(pu), questions[i%3])
		case i%5 == 0: // inline queries
			srv.Inline(u, questions[i%len(questions)])
		default:
			srv.Text(u, group, fmt.Sprintf("今天开会说了第%d件事", i))
		}
		if (i+1)%1000 == 0 { // keep the fake's queue short
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			if err := srv.WaitFor(ctx, func() bool { return srv.Pending() < 2000 }); err != nil {
				b.Fatalf("the bot stopped taking updates at %d: %v\n%s", i, err, p.stderr)
			}
			cancel()
		}
		if (i+1)%every == 0 {
			samples = append(samples, scrapeSoak(b, addr, i+1))
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := srv.WaitFor(ctx, func() bool { return srv.Pending() == 0 }); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	took := time.Since(start)
	q := len(samples) / 4
	first, last := mean(samples[:q]), mean(samples[len(samples)-q:])
	for _, s := range samples {
		b.Logf("after %6d updates: RSS %6.1f MB, %4.0f goroutines, %3.0f open files", s.updates, s.rss/1e6, s.goroutines, s.fds)
	}
	b.ReportMetric(float64(total)/took.Seconds(), "updates/s")
	b.ReportMetric(first.rss/1e6, "MB-RSS-first-quarter")
	b.ReportMetric(last.rss/1e6, "MB-RSS-last-quarter")
	b.ReportMetric(first.goroutines, "goroutines-first-quarter")
	b.ReportMetric(last.goroutines, "goroutines-last-quarter")
	b.ReportMetric(first.fds, "fds-first-quarter")
	b.ReportMetric(last.fds, "fds-last-quarter")
	b.ReportMetric(float64(len(srv.Sent(0))), "replies")
}

func mean(ss []soakSample) soakSample {
	var m soakSample
	for _, s := range ss {
		m.rss += s.rss / float64(len(ss))
		m.goroutines += s.goroutines / float64(len(ss))
		m.fds += s.fds / float64(len(ss))
	}
	return m
}

// waitAddr waits for the admin listener's address in the JSON log.
func (p *proc) waitAddr(t testing.TB) string {
	t.Helper()
	p.waitLog(t, "serving /metrics")
	for _, l := range strings.Split(p.stderr.String(), "\n") {
		var rec struct{ Msg, Addr string }
		if json.Unmarshal([]byte(l), &rec) == nil && strings.HasPrefix(rec.Msg, "serving /metrics") {
			return rec.Addr
		}
	}
	t.Fatalf("no address in the log:\n%s", p.stderr)
	return ""
}
