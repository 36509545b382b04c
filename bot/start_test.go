package bot

import (
	"bufio"
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/visitbot/visitbot/knowledge/botstate"

	"github.com/visitbot/visitbot/bot/telegramtest"
)

// TestStartRetries: every start-up call outlives a Bot API that fails for
// a while, logging each attempt; a rejected token fails at the first
// answer.
func TestStartRetries(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	for _, m := range []string{"getMe", "deleteWebhook", "setMyCommands"} {
		h.srv.Fail(m, 2, 502, 0)
	}
	h.start()
	h.srv.Text(alice, telegramtest.Private(alice), qVisit)
	if got := h.waitSent(alice.ID, 1); got[0].Raw != h.ask(qVisit)[0] {
		t.Errorf("answer after a flaky start: %q", got[0].Raw)
	}
	for _, m := range []string{"getMe", "deleteWebhook", "setMyCommands"} {
		if n := strings.Count(h.logs.String(), "start-up; retrying\" method="+m); n != 2 {
			t.Errorf("%s: %d retries logged, want 2", m, n)
		}
	}

	// 401: no retry.
	srv := telegramtest.New(t, telegramtest.Options{})
	logs := &syncBuffer{}
	_, err := New(context.Background(), Config{Token: "1:WRONG", APIEndpoint: srv.Endpoint(), Store: h.store, State: botstate.New(h.store),
		Limits: fastLimits, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err == nil || !strings.Contains(err.Error(), "rejected the token") {
		t.Errorf("rejected token: %v", err)
	}
	if strings.Contains(logs.String(), "retrying") {
		t.Errorf("a rejected token was retried:\n%s", logs)
	}
}

// TestWebhookStalledClients: a client that opens a connection and stalls
// is cut off, and a stop finishes promptly whatever the clients do.
func TestWebhookStalledClients(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hook := "http://" + ln.Addr().String() + "/hook"
	h.configure = func(c *Config) { c.WebhookURL, c.Listener = hook, ln }
	h.prepare = func(b *Bot) {
		b.hookTimeouts = webhookTimeouts{ReadHeader: 200 * time.Millisecond, Read: 400 * time.Millisecond,
			Idle: time.Second, Shutdown: 300 * time.Millisecond}
	}
	h.start()
	h.srv.Text(alice, telegramtest.Private(alice), qVisit)
	h.waitSent(alice.ID, 1)

	dial := func() net.Conn {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	// Half a request's headers, then nothing: cut off.
	stalled := dial()
	stalled.Write([]byte("POST /hook HTTP/1.1\r\nHost: x\r\n"))
	stalled.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := bufio.NewReader(stalled).ReadString('\n'); err == nil {
		t.Errorf("the stalled client got an answer")
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Errorf("the stalled client was not cut off within 10 s")
	}
	// A body over the limit is taken (Telegram would send it again and
	// again) and not read past the limit.
	_, secret := h.srv.Webhook()
	req, _ := http.NewRequest(http.MethodPost, hook, strings.NewReader(`{"update_id":1,"x":"`+strings.Repeat("a", 2<<20)+`"}`))
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	// (The server may answer and close before the client has written it
	// all: the answer, when it arrives, is 200.)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("an oversized update: HTTP %d", resp.StatusCode)
		}
	}
	if err := h.srv.WaitFor(h.ctx(), func() bool { return strings.Contains(h.logs.String(), "update not decodable; skipped") }); err != nil {
		t.Errorf("the oversized update was not logged")
	}
	// Headers, and a body that never comes; plus an idle connection.
	slow := dial()
	slow.Write([]byte("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{"))
	dial()
	start := time.Now()
	if err := h.stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the stop took %v with stalled clients connected", d)
	}
}
