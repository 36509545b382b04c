package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/visitbot/visitbot/bot/prom"
	"github.com/visitbot/visitbot/bot/telegramtest"
	"github.com/visitbot/visitbot/knowledge"
)

// flakyProxy forwards to the fake Bot API, but drops the connection of the
// first few requests of the given methods: the HTTP client's error then
// carries the request URL, and with it the token.
func flakyProxy(t *testing.T, target string, drops map[string]int) *httptest.Server {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.FlushInterval = -1
	rp.ErrorLog = log.New(io.Discard, "", 0) // the bot's cancelled long polls
	left := map[string]*atomic.Int32{}
	for m, n := range drops {
		left[m] = &atomic.Int32{}
		left[m].Store(int32(n))
	}
	p := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
		if n := left[method]; n != nil && n.Add(-1) >= 0 {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

// logAddr waits for the admin listener's address in serve's JSON log.
func logAddr(t *testing.T, s *serving) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		for _, l := range strings.Split(s.stderr.String(), "\n") {
			var rec struct {
				Msg, Addr, Component string
			}
			if json.Unmarshal([]byte(l), &rec) == nil && strings.HasPrefix(rec.Msg, "serving /metrics") {
				if rec.Component != "admin" {
					t.Errorf("admin log line without its component: %s", l)
				}
				return rec.Addr
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no admin listener in the log:\n%s", s.stderr)
	return ""
}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestServeObservability runs a whole conversation through serve with
// metrics on, debug JSON logs, the token in a file and a network that
// drops requests: the metrics move with the traffic, /healthz and /readyz
// answer, a backup can be taken while serving, and no log line holds the
// token.
func TestServeObservability(t *testing.T) {
	srv := telegramtest.New(t, telegramtest.Options{})
	proxy := flakyProxy(t, srv.URL, map[string]int{"sendMessage": 1, "getUpdates": 1})
	dir := t.TempDir()
	tokFile := filepath.Join(dir, "token")
	os.WriteFile(tokFile, []byte(srv.Token+"\n"), 0o600)
	db := freshDB(t)
	env := map[string]string{"TELEGRAM_BOT_TOKEN_FILE": tokFile}
	s := startServe(t, env, "serve", "--api-endpoint", proxy.URL+"/bot%s/%s", "--admins", "1001",
		"--db", db, "--metrics-addr", "127.0.0.1:0", "--log-format", "json", "--verbose")
	addr := logAddr(t, s)
	if code, body := get(t, "http://"+addr+"/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Errorf("/healthz: %d %q", code, body)
	}

	admin := telegramtest.User{ID: 1001, FirstName: "Admin"}
	user := telegramtest.User{ID: 2001, FirstName: "User"}
	group := telegramtest.Group(-500, "Friends")
	srv.Fail("sendMessage", 1, 429, 1)
	srv.Fail("sendMessage", 1, 502, 0)
	srv.Text(user, telegramtest.Private(user), "杜小刚带队去了哪些地方?")
	srv.Text(user, telegramtest.Private(user), "宇树科技的创始人是谁?")
	srv.Text(user, telegramtest.Private(user), "/start")
	srv.Text(user, group, "/ask@"+srv.Bot.Username+" 厦门大学无锡研究院什么时候可以入驻?")
	srv.Inline(user, "杜小刚")
	srv.Text(admin, telegramtest.Private(admin), "/reload")
	srv.Text(admin, telegramtest.Private(admin), "/stats")
	waitReplies(t, srv, user.ID, 3, s)
	waitReplies(t, srv, group.ID, 1, s)
	waitReplies(t, srv, admin.ID, 2, s)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		code, body := get(t, "http://"+addr+"/readyz")
		if code == 200 {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("/readyz: %d %q", code, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	checkMetrics(t, addr)

	// A backup while serving, over the admin listener.
	out := filepath.Join(dir, "backup.db")
	if code, stdout, stderr := run(t, nil, "", "backup", "--from", addr, out); code != 0 || !strings.Contains(stdout, "version 1") {
		t.Errorf("backup while serving: exit %d: %s %s", code, stdout, stderr)
	}
	if code, stdout, stderr := run(t, nil, "", "check", "--db", out); code != 0 {
		t.Errorf("check of the backup: exit %d: %s %s", code, stdout, stderr)
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("serve exited %d\n%s", code, s.stderr)
	}
	assertNoToken(t, s.stderr.String(), srv.Token)
}

// assertNoToken fails when any log line holds the token, its secret part
// or its URL-escaped form; every line must be a JSON record.
func assertNoToken(t *testing.T, log, token string) {
	t.Helper()
	_, secret, _ := strings.Cut(token, ":")
	forms := []string{token, secret, url.PathEscape(token), url.QueryEscape(token)}
	lines := strings.Split(strings.TrimSpace(log), "\n")
	if len(lines) < 10 {
		t.Fatalf("only %d log lines: the conversation did not run?\n%s", len(lines), log)
	}
	redacted := false
	for i, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("log line %d is not JSON: %s", i+1, l)
		}
		for _, f := range forms {
			if strings.Contains(l, f) {
				t.Errorf("log line %d holds the token (%q): %s", i+1, f, l)
			}
		}
		redacted = redacted || strings.Contains(l, "<token>")
	}
	if !redacted {
		t.Errorf("no log line shows a redacted request URL: the dropped connections were not logged?\n%s", log)
	}
}

// checkMetrics scrapes /metrics, parses it with the Prometheus text parser
// and checks that the traffic moved it. A send is counted when its reply
// comes back, a moment after the fake recorded it: it scrapes again for a
// few seconds before failing.
func checkMetrics(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		fails := metricFailures(t, addr)
		if len(fails) == 0 {
			return
		}
		if time.Now().After(deadline) {
			for _, f := range fails {
				t.Error(f)
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func metricFailures(t *testing.T, addr string) []string {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	tests := []struct {
		name   string
		labels map[string]string
		min    float64
	}{
		{"visitbot_updates_total", map[string]string{"kind": "message", "chat_type": "private"}, 5},
		{"visitbot_updates_total", map[string]string{"kind": "message", "chat_type": "group"}, 1},
		{"visitbot_updates_total", map[string]string{"kind": "inline_query"}, 1},
		{"visitbot_questions_total", map[string]string{"outcome": "answered"}, 2},
		{"visitbot_questions_total", map[string]string{"outcome": "declined"}, 1},
		{"visitbot_answer_seconds", nil, 3},
		{"visitbot_sends_total", map[string]string{"method": "sendMessage", "result": "ok"}, 6},
		{"visitbot_sends_total", map[string]string{"result": "429"}, 1},
		{"visitbot_sends_total", map[string]string{"result": "5xx"}, 1},
		{"visitbot_sends_total", map[string]string{"result": "network"}, 1},
		{"visitbot_send_seconds", map[string]string{"method": "sendMessage"}, 9},
		{"visitbot_receives_total", map[string]string{"result": "ok"}, 1},
		{"visitbot_receives_total", map[string]string{"result": "error"}, 1},
		{"visitbot_reloads_total", map[string]string{"result": "unchanged"}, 1},
		{"visitbot_kb_version", nil, 1},
		{"visitbot_kb_documents", nil, 1},
		{"visitbot_kb_sentences", nil, 41},
		{"visitbot_build_info", map[string]string{"schema": fmt.Sprint(knowledge.SchemaVersion)}, 1},
		{"visitbot_last_receive_timestamp_seconds", nil, float64(time.Now().Add(-time.Hour).Unix())},
		{"visitbot_send_queue_depth", nil, 0},
		{"go_goroutines", nil, 1},
		{"process_open_fds", nil, 1},
	}
	var fails []string
	for _, tt := range tests {
		if got, ok := metricValue(fams[tt.name], tt.labels); !ok || got < tt.min {
			fails = append(fails, fmt.Sprintf("%s%v = %v (found %v), want >= %v", tt.name, tt.labels, got, ok, tt.min))
		}
	}
	return fails
}

// metricValue sums the samples of fam whose labels include want (a
// histogram's sample is its count).
func metricValue(fam *dto.MetricFamily, want map[string]string) (float64, bool) {
	if fam == nil {
		return 0, false
	}
	sum, found := 0.0, false
next:
	for _, m := range fam.Metric {
		have := map[string]string{}
		for _, lp := range m.Label {
			have[lp.GetName()] = lp.GetValue()
		}
		for k, v := range want {
			if have[k] != v {
				continue next
			}
		}
		found = true
		switch {
		case m.Counter != nil:
			sum += m.Counter.GetValue()
		case m.Gauge != nil:
			sum += m.Gauge.GetValue()
		case m.Histogram != nil:
			sum += float64(m.Histogram.GetSampleCount())
		case m.Untyped != nil:
			sum += m.Untyped.GetValue()
		}
	}
	return sum, found
}

// TestReadyz: the reasons /readyz gives, as the state of the bot changes.
func TestReadyz(t *testing.T) {
	db := freshDB(t)
	st, err := knowledge.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	empty, err := knowledge.Open(filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	now := time.Now()
	tests := []struct {
		name    string
		store   *knowledge.Store
		running bool
		webhook bool
		ok      bool // a receive succeeded...
		okAgo   time.Duration
		failed  bool // ...and one failed
		want    string
	}{
		{"no store", nil, false, false, false, 0, false, "no knowledge base"},
		{"empty store", empty, true, false, true, 0, false, "no knowledge base"},
		{"not running", st, false, false, false, 0, false, "not taking updates"},
		{"first poll", st, true, false, false, 0, false, ""},
		{"only failures", st, true, false, false, 0, true, "has not succeeded"},
		{"recent poll", st, true, false, true, time.Second, true, ""},
		{"stale poll", st, true, false, true, 5 * time.Minute, false, "the last successful getUpdates was 5m0s ago"},
		{"webhook, quiet", st, true, true, false, 0, false, ""},
	}
	for _, tt := range tests {
		a := &adminServer{metrics: prom.New(prom.Build{}, func() (uint64, int, int, bool) { return 0, 0, 0, false }), webhook: tt.webhook}
		if tt.store != nil {
			a.store.Store(tt.store)
		}
		a.running.Store(tt.running)
		if tt.failed {
			a.metrics.Receive(false)
		}
		if tt.ok {
			a.metrics.Receive(true)
		}
		got := a.notReady(now.Add(tt.okAgo))
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
