package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/visitbot/visitbot/bot/telegramtest"
)

// TestGroupSenders: anonymous admins and people posting as a channel are
// answered like anyone, and replied to; they have no admin rights; the
// bot's own inline results and other bots are not questions.
func TestGroupSenders(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.start()
	sg := telegramtest.Supergroup(-1001234, "Visit fans")
	channel := telegramtest.Channel(-1009876, "Wuxi news", "wuxinews")
	me := h.srv.Bot
	cases := []struct {
		name     string
		post     telegramtest.Post
		answered bool
		want     string
	}{
		{"anonymous admin", telegramtest.Post{From: telegramtest.GroupAnonymousBot, SenderChat: &sg, Chat: sg, Text: "@VisitTestBot " + qVisit}, true, "“"},
		{"as a channel", telegramtest.Post{From: telegramtest.ChannelBot, SenderChat: &channel, Chat: sg, Text: "/ask " + qInstitut}, true, "“"},
		{"anonymous admin, not addressed", telegramtest.Post{From: telegramtest.GroupAnonymousBot, SenderChat: &sg, Chat: sg, Text: qVisit}, false, ""},
		{"anonymous admin's /reload", telegramtest.Post{From: telegramtest.GroupAnonymousBot, SenderChat: &sg, Chat: sg, Text: "/reload"}, true, "只有管理员"},
		{"own inline result", telegramtest.Post{From: alice, Chat: sg, ViaBot: &me, Text: "问:@VisitTestBot " + qVisit}, false, ""},
		{"another bot", telegramtest.Post{From: telegramtest.User{ID: 77, IsBot: true, Username: "OtherBot"}, Chat: sg, Text: "@VisitTestBot " + qVisit}, false, ""},
	}
	for _, c := range cases {
		before := len(h.srv.Sent(sg.ID))
		m := h.srv.Send(c.post)
		h.settle()
		sent := h.srv.Sent(sg.ID)[before:]
		if !c.answered {
			if len(sent) != 0 {
				t.Errorf("%s: answered %q; want no reply", c.name, sent[0].Text)
			}
			continue
		}
		if len(sent) == 0 {
			t.Errorf("%s: no reply\nlogs:\n%s", c.name, h.logs)
			continue
		}
		if sent[0].ReplyTo != m.MessageID {
			t.Errorf("%s: reply_to %d, want %d", c.name, sent[0].ReplyTo, m.MessageID)
		}
		if !strings.Contains(sent[0].Text, c.want) {
			t.Errorf("%s: reply lacks %q:\n%s", c.name, c.want, sent[0].Text)
		}
	}
	if v := h.store.Current().Info.Version; v != 1 {
		t.Errorf("an anonymous admin's /reload ran: version %d", v)
	}
	// The bot's inline result in a private chat is not a question either.
	h.srv.Send(telegramtest.Post{From: alice, Chat: telegramtest.Private(alice), ViaBot: &me, Text: "问:" + qVisit})
	h.settle()
	if n := len(h.srv.Sent(alice.ID)); n != 0 {
		t.Errorf("the bot answered its own inline result in a private chat")
	}
}

// TestCaptions: a photo or document whose caption addresses the bot is a
// question; a non-admin's document in private gets told who adds sources.
func TestCaptions(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.start()
	g := group.ID
	steps := []struct {
		name     string
		post     telegramtest.Post
		chat     int64
		answered bool
		want     string
	}{
		{"photo, caption mentions", telegramtest.Post{From: alice, Chat: group, Photo: true, Caption: "@VisitTestBot " + qVisit}, g, true, h.ask(qVisit)[0]},
		{"document, caption /ask", telegramtest.Post{From: bob, Chat: group, File: "notes.txt", FileData: []byte("字。"), Caption: "/ask@VisitTestBot " + qInstitut}, g, true, h.ask(qInstitut)[0]},
		{"photo, caption not addressed", telegramtest.Post{From: alice, Chat: group, Photo: true, Caption: qVisit}, g, false, ""},
		{"photo, no caption", telegramtest.Post{From: alice, Chat: group, Photo: true}, g, false, ""},
		{"private photo with a question", telegramtest.Post{From: bob, Chat: telegramtest.Private(bob), Photo: true, Caption: qVisit}, bob.ID, true, h.ask(qVisit)[0]},
		{"private document, non-admin", telegramtest.Post{From: bob, Chat: telegramtest.Private(bob), File: "mine.txt", FileData: []byte(uploadText)}, bob.ID, true, "只有管理员可以发文件添加来源"},
		{"private document with a question, non-admin", telegramtest.Post{From: bob, Chat: telegramtest.Private(bob), File: "mine.txt", FileData: []byte(uploadText), Caption: qInstitut}, bob.ID, true, h.ask(qInstitut)[0]},
	}
	for _, s := range steps {
		before := len(h.srv.Sent(s.chat))
		h.srv.Send(s.post)
		h.settle()
		sent := h.srv.Sent(s.chat)[before:]
		switch {
		case !s.answered && len(sent) > 0:
			t.Errorf("%s: answered %q", s.name, sent[0].Text)
		case s.answered && len(sent) == 0:
			t.Errorf("%s: no reply", s.name)
		case s.answered && sent[0].Raw != s.want && !strings.Contains(sent[0].Text, s.want):
			t.Errorf("%s: reply\n%s\nwant\n%s", s.name, sent[0].Raw, s.want)
		}
	}
	if h.srv.Calls("getFile") != 0 {
		t.Errorf("a non-admin's document was downloaded")
	}
	if v := h.store.Current().Info.Version; v != 1 {
		t.Errorf("a non-admin's document changed the knowledge base: version %d", v)
	}
}

// TestForumTopics: in a forum, every message of a reply carries the
// topic's message_thread_id, split answers and prompts included.
func TestForumTopics(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.start()
	forum := telegramtest.Forum(-1005555, "Visit forum")
	const topic = 42
	// A source with a sentence too long for one message, for an answer
	// that is split.
	h.srv.Send(telegramtest.Post{From: admin, Chat: telegramtest.Private(admin), File: "long.txt", FileData: []byte(longSource)})
	h.waitSent(adminID, 1)
	h.settle()
	long := "蓝鲸机器人公司研发了什么?"
	want := h.ask(long)
	if len(want) < 2 {
		t.Fatalf("the long answer is %d message(s); want it split", len(want))
	}
	steps := []struct {
		name string
		post telegramtest.Post
		n    int // messages in reply
	}{
		{"question in a topic", telegramtest.Post{From: alice, Chat: forum, Thread: topic, Text: "/ask " + qVisit}, 1},
		{"bare mention in a topic", telegramtest.Post{From: alice, Chat: forum, Thread: topic, Text: "@VisitTestBot"}, 1},
		{"split answer in a topic", telegramtest.Post{From: bob, Chat: forum, Thread: topic, Text: "/ask " + long}, len(want)},
		{"general topic", telegramtest.Post{From: bob, Chat: forum, Text: "/ask " + qVisit}, 1},
	}
	for _, s := range steps {
		before := len(h.srv.Sent(forum.ID))
		m := h.srv.Send(s.post)
		h.settle()
		sent := h.srv.Sent(forum.ID)[before:]
		if len(sent) != s.n {
			t.Errorf("%s: %d messages, want %d\nlogs:\n%s", s.name, len(sent), s.n, h.logs)
			continue
		}
		for i, x := range sent {
			if x.ThreadID != s.post.Thread {
				t.Errorf("%s: message %d in thread %d, want %d", s.name, i, x.ThreadID, s.post.Thread)
			}
			// An answer's buttons go under its last part only.
			if i < len(sent)-1 && len(x.Keyboard) > 0 {
				t.Errorf("%s: part %d of %d has buttons", s.name, i+1, len(sent))
			}
		}
		if strings.HasPrefix(s.post.Text, "/ask") && len(sent[len(sent)-1].Keyboard) == 0 {
			t.Errorf("%s: no buttons under the answer", s.name)
		}
		if sent[0].ReplyTo != m.MessageID {
			t.Errorf("%s: reply_to %d, want %d", s.name, sent[0].ReplyTo, m.MessageID)
		}
	}
	// A job's reply (an admin's /reload in a topic) goes to the topic too.
	before := len(h.srv.Sent(forum.ID))
	h.srv.Send(telegramtest.Post{From: admin, Chat: forum, Thread: topic, Text: "/reload"})
	h.settle()
	if sent := h.srv.Sent(forum.ID)[before:]; len(sent) != 1 || sent[0].ThreadID != topic {
		t.Errorf("/reload in a topic: %+v", sent)
	}
}

// TestMigratedGroup: replies to a group that became a supergroup are
// resent there, without the old chat's reply ids.
func TestMigratedGroup(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	old := telegramtest.Group(-7001, "old group")
	sg := telegramtest.Supergroup(-1007001, "old group")
	// The group is upgraded while a question waits for its answer.
	h.beforeHandle = func(u *update) {
		if u.Message != nil && u.Message.ChatID == old.ID && strings.Contains(u.Message.Text, qInstitut) {
			h.srv.Migrate(old, sg, admin)
		}
	}
	h.start()
	h.srv.Text(alice, old, "/ask "+qVisit)
	h.waitSent(old.ID, 1)
	h.srv.Text(bob, old, "/ask "+qInstitut)
	got := h.waitSent(sg.ID, 1)
	h.settle()
	if got[0].Raw != h.ask(qInstitut)[0] {
		t.Errorf("resent answer:\n%s", got[0].Raw)
	}
	if got[0].ReplyAsked != 0 {
		t.Errorf("resent with reply_to_message_id %d of the old chat", got[0].ReplyAsked)
	}
	if n := len(h.srv.Sent(old.ID)); n != 1 {
		t.Errorf("%d messages in the old chat, want 1", n)
	}
	if !strings.Contains(h.logs.String(), "migrated to a supergroup") {
		t.Errorf("the migration was not logged")
	}
}

// longSource has one sentence of about 5,000 characters.
var longSource = "蓝鲸机器人公司研发了" + strings.Repeat("水下巡检机器人、海上风电运维平台、智能渔业养殖系统，", 200) + "并已投入使用。\n"

// TestInlineHoldsUpNoOne: an answerInlineQuery that hangs, or gets a 429
// with a long retry_after, delays no one else's answer.
func TestInlineHoldsUpNoOne(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.start()
	ctx := h.ctx()
	// A hang: the private answer comes while the inline answer waits.
	h.srv.Hang("answerInlineQuery", 1, 3*time.Second)
	id := h.srv.Inline(alice, qVisit)
	h.srv.Text(bob, telegramtest.Private(bob), qInstitut)
	h.waitSent(bob.ID, 1)
	if _, ok := h.srv.InlineAnswer(id); ok {
		t.Errorf("the inline answer came before the private one: the hang did not happen")
	}
	if err := h.srv.WaitFor(ctx, func() bool { _, ok := h.srv.InlineAnswer(id); return ok }); err != nil {
		t.Fatalf("the hung inline query was never answered: %v", err)
	}
	// A 429 whose retry_after is past the query's life: not retried, and
	// the private answer is not held up either.
	h.srv.Fail("answerInlineQuery", 1, 429, 1000) // 1000 units: 20 s in the tests' time
	id = h.srv.Inline(alice, qFounder)
	h.srv.Text(bob, telegramtest.Private(bob), qVisit)
	h.waitSent(bob.ID, 2)
	// The inline answer runs off the batch: wait for its outcome, the log
	// line, rather than for the batch to settle.
	logged := func() bool { return strings.Contains(h.logs.String(), "answerInlineQuery failed; not retried") }
	if err := h.srv.WaitFor(ctx, logged); err != nil {
		t.Errorf("the dropped inline answer was not logged: %v", err)
	}
	h.settle()
	if _, ok := h.srv.InlineAnswer(id); ok {
		t.Errorf("an inline answer was retried after a retry_after past its life")
	}
}
