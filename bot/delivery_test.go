package bot

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/visitbot/visitbot/knowledge/botstate"

	"github.com/visitbot/visitbot/bot/telegramtest"
	"github.com/visitbot/visitbot/qa"
)

// questions the burst tests ask, in and out of the article.
var burstQuestions = []string{
	qVisit, qInstitut, qFounder,
	"宇树科技是做什么的?",
	"考察团在福州参观了什么?",
	"杭州之行拜访了哪些企业?",
	"这篇的编辑是谁?",
	"无锡的市长是谁?",
}

// asked is a question posted in a burst, and where its answer must go.
type asked struct {
	chat telegramtest.Chat
	msg  *telegramtest.Message
	q    string
}

// postBurst posts n questions from users in private chats and in groups.
func postBurst(h *harness, n, users, groups int) []asked {
	var out []asked
	for i := 0; i < n; i++ {
		u := telegramtest.User{ID: int64(3000 + i%users), FirstName: "U", Username: fmt.Sprintf("user%d", i%users)}
		q := burstQuestions[i%len(burstQuestions)]
		var a asked
		if groups > 0 && i%2 == 1 {
			g := telegramtest.Group(int64(-6000-i%groups), "burst")
			a = asked{chat: g, msg: h.srv.Text(u, g, "/ask@VisitTestBot "+q), q: q}
		} else {
			c := telegramtest.Private(u)
			a = asked{chat: c, msg: h.srv.Text(u, c, q), q: q}
		}
		out = append(out, a)
	}
	return out
}

// checkExactlyOnce checks that every question got its answer, once, in
// the order asked in each chat, and nothing else was sent.
func checkExactlyOnce(t *testing.T, h *harness, qs []asked) {
	t.Helper()
	e := qa.New(h.store)
	want := map[int64][]string{}
	replyTo := map[int64][]int{}
	for _, a := range qs {
		texts := formatAnswer(e.Ask(context.Background(), a.q))
		want[a.chat.ID] = append(want[a.chat.ID], texts...)
		for i := range texts {
			id := 0
			if a.chat.Type != "private" && i == 0 {
				id = a.msg.MessageID
			}
			replyTo[a.chat.ID] = append(replyTo[a.chat.ID], id)
		}
	}
	total := 0
	for chat, w := range want {
		got := h.srv.Sent(chat)
		total += len(got)
		if len(got) != len(w) {
			t.Errorf("chat %d: %d messages, want %d (one answer a question)", chat, len(got), len(w))
			continue
		}
		for i := range w {
			if got[i].Raw != w[i] || got[i].ReplyTo != replyTo[chat][i] {
				t.Errorf("chat %d, message %d: reply_to %d %q\nwant reply_to %d %q", chat, i, got[i].ReplyTo, got[i].Raw, replyTo[chat][i], w[i])
				break
			}
		}
	}
	if all := h.srv.SentCount(); all != total {
		t.Errorf("%d messages sent in all, %d to the chats asked in", all, total)
	}
}

func waitTotal(t *testing.T, h *harness, n int) {
	t.Helper()
	if err := h.srv.WaitFor(h.ctx(), func() bool { return h.srv.SentCount() >= n }); err != nil {
		t.Fatalf("%d of %d messages sent: %v\nlogs:\n%s", h.srv.SentCount(), n, err, h.logs)
	}
}

// TestRestartMidBurst stops the bot in the middle of a burst of 200
// updates, with replies still queued, and starts a new one on the same
// database: every question is answered exactly once.
func TestRestartMidBurst(t *testing.T) {
	h := newHarness(t, telegramtest.Options{Limits: serverLimits()})
	grace := time.Millisecond
	h.configure = func(c *Config) { c.ShutdownGrace = grace; c.PollLimit = 17 }
	h.start()
	qs := postBurst(h, 200, 40, 4)
	waitTotal(t, h, 40)
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	left := h.bot.lim.pending()
	t.Logf("stopped after %d messages sent, %d left in the outbox, %d updates not fetched", h.srv.SentCount(), left, h.srv.Pending())

	grace = 5 * time.Second
	h.start()
	h.settle()
	checkExactlyOnce(t, h, qs)
	if v := h.srv.Violations(); len(v) > 0 {
		t.Errorf("%d sends broke the limits, first: %s", len(v), v[0])
	}
}

// TestStorm delivers every reply through scripted 429s, 500s and a proxy's
// 502 pages, with the server enforcing the rate limits.
func TestStorm(t *testing.T) {
	h := newHarness(t, telegramtest.Options{Limits: serverLimits()})
	h.srv.Fail("sendMessage", 30, 429, 1)
	h.srv.Fail("sendMessage", 6, 500, 0)
	h.srv.Fail("sendMessage", 4, 502, 0)
	h.srv.Fail("getUpdates", 2, 502, 0)
	h.start()
	qs := postBurst(h, 120, 10, 2)
	h.settle()
	checkExactlyOnce(t, h, qs)
	if v := h.srv.Violations(); len(v) > 0 {
		t.Errorf("%d sends broke the limits, first: %s", len(v), v[0])
	}
	_, floods, retries, dropped := h.bot.lim.counters()
	if floods < 30 || retries < 10 {
		t.Errorf("floods %d, retries %d: the scripted faults were not all seen", floods, retries)
	}
	if dropped != 0 {
		t.Errorf("%d messages dropped", dropped)
	}
}

func TestUserRateLimit(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.configure = func(c *Config) { c.UserLimit = UserLimit{Burst: 3, Every: time.Hour} }
	h.start()
	for i := 0; i < 8; i++ {
		h.srv.Text(alice, telegramtest.Private(alice), burstQuestions[i])
	}
	h.srv.Text(bob, telegramtest.Private(bob), qVisit)
	h.settle()
	got := h.srv.Sent(alice.ID)
	if len(got) != 4 {
		t.Fatalf("alice got %d messages, want 3 answers and 1 notice:\n%s", len(got), joinTexts(got))
	}
	if !strings.Contains(got[3].Text, "太快") {
		t.Errorf("the notice: %q", got[3].Text)
	}
	if len(h.srv.Sent(bob.ID)) != 1 {
		t.Errorf("bob was limited by alice's questions")
	}
}

func TestPanicAndTimeout(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	release := make(chan struct{})
	defer close(release)
	h.configure = func(c *Config) { c.UpdateTimeout = 200 * time.Millisecond }
	h.beforeHandle = func(u *update) {
		if u.Message == nil {
			return
		}
		switch u.Message.Text {
		case "panic!":
			panic("boom")
		case "slow":
			<-release
		}
	}
	h.start()
	p := telegramtest.Private(alice)
	h.srv.Text(alice, p, "panic!")
	h.srv.Text(alice, p, "slow")
	h.srv.Text(alice, p, qVisit)
	got := h.waitSent(alice.ID, 3)
	if !strings.Contains(got[0].Text, "出错") || !strings.Contains(got[1].Text, "超时") || got[2].Raw != h.ask(qVisit)[0] {
		t.Errorf("after a panic and a timeout:\n%s", joinTexts(got))
	}
	if !strings.Contains(h.logs.String(), "panic handling an update") {
		t.Errorf("the panic was not logged")
	}
}

func TestWebhook(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hook := "http://" + ln.Addr().String() + "/telegram/hook"
	h.configure = func(c *Config) { c.WebhookURL, c.Listener = hook, ln }
	h.start()
	if err := h.srv.WaitFor(h.ctx(), func() bool { u, _ := h.srv.Webhook(); return u == hook }); err != nil {
		t.Fatal(err)
	}
	_, secret := h.srv.Webhook()
	if len(secret) < 32 {
		t.Errorf("webhook secret %q: too short", secret)
	}
	h.srv.Text(alice, telegramtest.Private(alice), qVisit)
	h.srv.Text(bob, group, "/ask "+qInstitut)
	if got := h.waitSent(alice.ID, 1); got[0].Raw != h.ask(qVisit)[0] {
		t.Errorf("webhook answer: %q", got[0].Raw)
	}
	h.waitSent(group.ID, 1)

	for _, c := range []struct {
		name, secret string
		code         int
	}{{"no secret", "", 401}, {"wrong secret", strings.Repeat("x", len(secret)), 401}, {"right secret", secret, 200}} {
		req, _ := http.NewRequest(http.MethodPost, hook, strings.NewReader(`{"update_id":1}`))
		if c.secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", c.secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.code {
			t.Errorf("%s: HTTP %d, want %d", c.name, resp.StatusCode, c.code)
		}
	}
	if err := h.stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
}

func TestStartFailsFast(t *testing.T) {
	srv := telegramtest.New(t, telegramtest.Options{})
	st := openTestStore(t)
	cases := []struct {
		name, token, endpoint, want string
	}{
		{"rejected token", "999:WRONG-secret-token", srv.Endpoint(), "rejected the token"},
		{"no token", "", srv.Endpoint(), "TELEGRAM_BOT_TOKEN"},
		{"unreachable", "999:WRONG-secret-token", "http://127.0.0.1:1/bot%s/%s", "cannot reach the Bot API at 127.0.0.1:1"},
		{"not the Bot API", "999:WRONG-secret-token", srv.URL + "/nothing/%s/%s", "answered 404"},
		{"bad endpoint", "999:WRONG-secret-token", "127.0.0.1/bot%s", "API endpoint"},
	}
	for _, c := range cases {
		logs := &syncBuffer{}
		_, err := New(context.Background(), Config{Token: c.token, APIEndpoint: c.endpoint, Store: st, State: botstate.New(st),
			StartRetry: 300 * time.Millisecond, Limits: fastLimits, Logger: slog.New(slog.NewTextHandler(logs, nil))})
		if c.name == "unreachable" && !strings.Contains(logs.String(), "retrying") {
			t.Errorf("unreachable: no retry was logged:\n%s", logs)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to say %q", c.name, err, c.want)
			continue
		}
		if c.token != "" && strings.Contains(err.Error(), "WRONG-secret") {
			t.Errorf("%s: the error shows the token: %v", c.name, err)
		}
	}
}

// TestSparseServer runs against a server that leaves optional fields out
// (is_bot, can_join_groups...) and sends no entities.
func TestSparseServer(t *testing.T) {
	// The bot's name is whatever getMe says.
	h := newHarness(t, telegramtest.Options{OmitOptional: true, BotUsername: "Wuxi_News_bot"})
	h.start()
	h.srv.Send(telegramtest.Post{From: alice, Chat: group, Text: "/ask@VisitTestBot " + qInstitut, NoEntities: true})
	h.srv.Send(telegramtest.Post{From: alice, Chat: group, Text: "/ask@Wuxi_News_bot " + qVisit, NoEntities: true})
	h.srv.Send(telegramtest.Post{From: alice, Chat: group, Text: "@wuxi_news_BOT " + qInstitut, NoEntities: true})
	h.waitSent(group.ID, 2)
	h.settle()
	if got := h.srv.Sent(group.ID); len(got) != 2 || got[0].Raw != h.ask(qVisit)[0] || got[1].Raw != h.ask(qInstitut)[0] {
		t.Errorf("replies:\n%s", joinTexts(got))
	}
}

// TestOddUpdates: an update the library cannot decode, and kinds the bot
// does not handle, are skipped without stopping the queue.
func TestOddUpdates(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.start()
	h.srv.Raw(map[string]any{"message": map[string]any{"message_id": "not a number", "chat": map[string]any{"id": alice.ID, "type": "private"}, "text": 5}})
	h.srv.Raw(map[string]any{"edited_message": map[string]any{"message_id": 1, "date": 0, "chat": map[string]any{"id": alice.ID, "type": "private"}, "text": qVisit}})
	h.srv.Raw(map[string]any{"message": map[string]any{"message_id": 7, "date": 0, "chat": map[string]any{"id": alice.ID}, "text": qVisit}}) // no chat type, no from
	h.srv.Text(alice, telegramtest.Private(alice), qInstitut)
	h.waitSent(alice.ID, 2)
	h.settle()
	if got := h.srv.Sent(alice.ID); len(got) != 2 || got[0].Raw != h.ask(qVisit)[0] || got[1].Raw != h.ask(qInstitut)[0] {
		t.Errorf("replies:\n%s", joinTexts(got))
	}
	if !strings.Contains(h.logs.String(), "not decodable") {
		t.Errorf("the undecodable update was not logged")
	}
}

// TestWebhookRestart stops a webhook bot in the middle of a burst and
// starts another on a new address: every question is answered once.
func TestWebhookRestart(t *testing.T) {
	h := newHarness(t, telegramtest.Options{Limits: serverLimits()})
	listen := func() {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		h.configure = func(c *Config) {
			c.WebhookURL, c.Listener = "http://"+ln.Addr().String()+"/hook", ln
			c.ShutdownGrace = time.Millisecond
		}
	}
	listen()
	h.start()
	qs := postBurst(h, 80, 16, 2)
	waitTotal(t, h, 20)
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	t.Logf("stopped after %d sent, %d updates not delivered", h.srv.SentCount(), h.srv.Pending())
	listen()
	h.start()
	err := h.srv.WaitFor(h.ctx(), func() bool { return h.srv.Pending() == 0 && h.bot.lim.pending() == 0 })
	if err != nil {
		t.Fatalf("%v\nlogs:\n%s", err, h.logs)
	}
	checkExactlyOnce(t, h, qs)
}
