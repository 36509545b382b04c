package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/visitbot/visitbot/bot/telegramtest"
	"github.com/visitbot/visitbot/qa"
)

const (
	qVisit    = "杜小刚带队去了哪些地方?"
	qInstitut = "厦门大学无锡研究院什么时候可以入驻?"
	qFounder  = "宇树科技的创始人是谁?" // not in the article
)

func TestPrivateChat(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.start()
	chat := telegramtest.Private(alice).ID

	h.srv.Text(alice, telegramtest.Private(alice), qVisit)
	got := h.waitSent(chat, 1)
	want := h.ask(qVisit)
	if len(want) != 1 || got[0].Raw != want[0] {
		t.Fatalf("answer:\n%s\nwant:\n%s", got[0].Raw, strings.Join(want, "\n---\n"))
	}
	if got[0].ParseMode != "HTML" || got[0].ReplyTo != 0 {
		t.Errorf("parse mode %q, reply_to %d; want HTML and no reply in a private chat", got[0].ParseMode, got[0].ReplyTo)
	}
	if !strings.Contains(got[0].Text, "第") || !strings.Contains(got[0].Text, "“") {
		t.Errorf("the answer does not quote with its place: %s", got[0].Text)
	}

	steps := []struct {
		send string
		want []string // substrings of the reply as the user sees it
	}{
		{qFounder, []string{"文章没有提到"}},
		{"/start", []string{qVisit, qInstitut, qFounder, "/help"}},
		{"/help", []string{"@VisitTestBot", "/ask@VisitTestBot", "内联"}},
		{"/sources", []string{"wuxi-delegation-visit", "句", "第 1 版"}},
		{"/ask " + qInstitut, []string{"“"}},
		{"/ask", []string{"请在 /ask 后面写上问题"}},
		{"/frobnicate", []string{"不认识这个命令"}},
		{"/stats", []string{"只有管理员"}},
	}
	n := 1
	for _, s := range steps {
		h.srv.Text(alice, telegramtest.Private(alice), s.send)
		n++
		got := h.waitSent(chat, n)
		last := got[n-1].Text
		for _, w := range s.want {
			if !strings.Contains(last, w) {
				t.Errorf("%q: reply lacks %q:\n%s", s.send, w, last)
			}
		}
	}
	// Non-text messages get no reply.
	h.srv.Send(telegramtest.Post{From: alice, Chat: telegramtest.Private(alice), Sticker: true})
	h.settle()
	if got := len(h.srv.Sent(chat)); got != n {
		t.Errorf("%d messages after a sticker, want %d", got, n)
	}
	if !strings.Contains(h.logs.String(), "admin command refused") {
		t.Errorf("a non-admin's /stats was not logged")
	}
}

func TestGroupChat(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.start()
	g := group.ID

	cases := []struct {
		name     string
		post     telegramtest.Post
		answered bool
		want     string // substring of the reply
	}{
		{"command to this bot", telegramtest.Post{From: alice, Chat: group, Text: "/ask@VisitTestBot " + qVisit}, true, "“"},
		{"command to this bot, other case", telegramtest.Post{From: bob, Chat: group, Text: "/ask@visittestbot " + qVisit}, true, "“"},
		{"bare command", telegramtest.Post{From: bob, Chat: group, Text: "/ask " + qInstitut}, true, "“"},
		{"command to another bot", telegramtest.Post{From: alice, Chat: group, Text: "/ask@OtherBot " + qVisit}, false, ""},
		{"another bot's command", telegramtest.Post{From: alice, Chat: group, Text: "/weather Wuxi"}, false, ""},
		{"not addressed", telegramtest.Post{From: alice, Chat: group, Text: qVisit}, false, ""},
		{"mention entity", telegramtest.Post{From: bob, Chat: group, Text: "@VisitTestBot " + qInstitut}, true, "“"},
		{"mention at the end", telegramtest.Post{From: bob, Chat: group, Text: qFounder + " @VisitTestBot"}, true, "文章没有提到"},
		{"mention, no entities", telegramtest.Post{From: bob, Chat: group, Text: "@VisitTestBot，" + qVisit, NoEntities: true}, true, "“"},
		{"mention of another user", telegramtest.Post{From: bob, Chat: group, Text: "@alice_wang " + qVisit}, false, ""},
		{"bare mention", telegramtest.Post{From: bob, Chat: group, Text: "@VisitTestBot"}, true, "请在 @VisitTestBot 后面写上问题"},
		{"sticker", telegramtest.Post{From: bob, Chat: group, Sticker: true}, false, ""},
		{"joins", telegramtest.Post{From: bob, Chat: group, Joined: []telegramtest.User{alice}}, false, ""},
		{"document", telegramtest.Post{From: alice, Chat: group, File: "a.txt", FileData: []byte("文字。")}, false, ""},
		{"another bot's message", telegramtest.Post{From: telegramtest.User{ID: 9, IsBot: true, Username: "OtherBot"}, Chat: group, Text: "@VisitTestBot " + qVisit}, false, ""},
	}
	for _, c := range cases {
		before := len(h.srv.Sent(g))
		m := h.srv.Send(c.post)
		h.settle()
		sent := h.srv.Sent(g)[before:]
		if !c.answered {
			if len(sent) != 0 {
				t.Errorf("%s: answered %q; want no reply", c.name, sent[0].Text)
			}
			continue
		}
		if len(sent) == 0 {
			t.Errorf("%s: no reply", c.name)
			continue
		}
		if sent[0].ReplyTo != m.MessageID {
			t.Errorf("%s: reply_to %d, want the asker's message %d", c.name, sent[0].ReplyTo, m.MessageID)
		}
		if !strings.Contains(sent[0].Text, c.want) {
			t.Errorf("%s: reply lacks %q:\n%s", c.name, c.want, sent[0].Text)
		}
	}
}

func TestGroupFollowUp(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.start()
	g := group.ID
	const first = "宇树科技是做什么的?"
	const follow = "那它在哪里?"

	h.srv.Text(alice, group, "/ask@VisitTestBot "+first)
	answer := h.waitSent(g, 1)[0]
	q := h.srv.Reply(bob, group, follow, answer.MessageID)
	got := h.waitSent(g, 2)[1]
	want := formatAnswer(qa.New(h.store).AskFollowUp(context.Background(), follow, first))
	if got.Raw != want[0] {
		t.Errorf("follow-up answered\n%s\nwant (read with %q)\n%s", got.Raw, first, want[0])
	}
	if got.ReplyTo != q.MessageID {
		t.Errorf("reply_to %d, want %d", got.ReplyTo, q.MessageID)
	}
	if alone := formatAnswer(qa.New(h.store).Ask(context.Background(), follow)); alone[0] == want[0] {
		t.Logf("note: the follow-up reads the same without context")
	}
	// A reply to someone else's message is not addressed to the bot.
	h.srv.Reply(alice, group, follow, q.MessageID)
	h.settle()
	if n := len(h.srv.Sent(g)); n != 2 {
		t.Errorf("%d messages; a reply to a user's message was answered", n)
	}
	// "/ask" in reply to someone's question asks that question.
	asked := h.srv.Text(alice, group, qInstitut)
	h.srv.Reply(bob, group, "/ask", asked.MessageID)
	got = h.waitSent(g, 3)[2]
	if want := h.ask(qInstitut); got.Raw != want[0] {
		t.Errorf("/ask as a reply answered\n%s\nwant\n%s", got.Raw, want[0])
	}
}

func TestInline(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.start()
	ctx := h.ctx()

	id := h.srv.Inline(alice, qVisit)
	var ans telegramtest.InlineAnswer
	if err := h.srv.WaitFor(ctx, func() bool { var ok bool; ans, ok = h.srv.InlineAnswer(id); return ok }); err != nil {
		t.Fatal(err)
	}
	a := qa.New(h.store).Ask(context.Background(), qVisit)
	if len(ans.Results) == 0 || len(ans.Results) > 3 || len(ans.Results) != min(3, len(a.Citations)) {
		t.Fatalf("%d results, want min(3, %d)", len(ans.Results), len(a.Citations))
	}
	for i, r := range ans.Results {
		c := a.Citations[i]
		if !strings.Contains(r.MessageText, strings.TrimSpace(c.Text)) || !strings.Contains(r.Title, c.Place(false)) {
			t.Errorf("result %d: title %q, message %q; want citation %s %q", i, r.Title, r.MessageText, c.Ref, c.Text)
		}
	}

	id = h.srv.Inline(bob, qFounder)
	if err := h.srv.WaitFor(ctx, func() bool { var ok bool; ans, ok = h.srv.InlineAnswer(id); return ok }); err != nil {
		t.Fatal(err)
	}
	if len(ans.Results) != 1 || !strings.Contains(ans.Results[0].MessageText, "文章没有提到") {
		t.Errorf("no-answer inline results: %+v", ans.Results)
	}

	id = h.srv.Inline(bob, "  ")
	if err := h.srv.WaitFor(ctx, func() bool { var ok bool; ans, ok = h.srv.InlineAnswer(id); return ok }); err != nil {
		t.Fatal(err)
	}
	if len(ans.Results) != 0 {
		t.Errorf("an empty query got %d results", len(ans.Results))
	}
}

func TestCommandMenu(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	// The admin has a chat with the bot, so that its menu can be set.
	h.srv.Text(admin, telegramtest.Private(admin), "/start")
	h.start()
	h.waitSent(adminID, 1)
	names := func(cs []telegramtest.Command) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Command)
		}
		return strings.Join(s, " ")
	}
	if got := names(h.srv.Commands("default")); got != "start help ask sources" {
		t.Errorf("default menu: %q", got)
	}
	if got := names(h.srv.Commands("all_group_chats")); got != "ask help sources" {
		t.Errorf("group menu: %q", got)
	}
	if got := names(h.srv.Commands("chat:1001")); !strings.Contains(got, "reload rollback stats") {
		t.Errorf("admin menu: %q", got)
	}
}
