package bot

import (
	"strings"
	"testing"

	"github.com/visitbot/visitbot/bot/telegramtest"
)

func TestRouteMessage(t *testing.T) {
	me := self{ID: 4242, Username: "VisitBot"}
	userU := user{ID: 7, Username: "alice"}
	botReply := &replied{ID: 50, From: user{ID: 4242, Username: "VisitBot", IsBot: true}, Text: "文章第3段第1句写道:“宇树科技……”"}
	userReply := &replied{ID: 51, From: user{ID: 8}, Text: "杜小刚去了哪里?"}
	// msg builds a message whose entities are computed as Telegram would.
	msg := func(chatType, text string) *message {
		m := &message{ChatID: -1, ChatType: chatType, ID: 60, From: userU, Text: text}
		if chatType == chatPrivate {
			m.ChatID = 7
		}
		for _, e := range telegramtest.Entities(text) {
			m.Entities = append(m.Entities, entity{Type: e.Type, Offset: e.Offset, Length: e.Length})
		}
		return m
	}
	with := func(m *message, f func(*message)) *message { f(m); return m }
	cases := []struct {
		name string
		m    *message
		want route
	}{
		// private chats
		{"private text", msg(chatPrivate, "杜小刚去了哪里?"), route{Action: actQuestion, Text: "杜小刚去了哪里?"}},
		{"private /ask", msg(chatPrivate, "/ask 杜小刚去了哪里?"), route{Action: actQuestion, Text: "杜小刚去了哪里?"}},
		{"private /ask, no space", msg(chatPrivate, "/ask杜小刚去了哪里?"), route{Action: actQuestion, Text: "杜小刚去了哪里?"}},
		{"private bare /ask", msg(chatPrivate, "/ask"), route{Action: actPrompt, Command: "ask"}},
		{"private /start", msg(chatPrivate, "/start"), route{Action: actCommand, Command: "start"}},
		{"private /START@VisitBot", msg(chatPrivate, "/START@VisitBot"), route{Action: actCommand, Command: "start"}},
		{"private /help@OtherBot", msg(chatPrivate, "/help@OtherBot"), route{}},
		{"private unknown command", msg(chatPrivate, "/weather"), route{Action: actCommand, Command: "weather"}},
		{"private follow-up", with(msg(chatPrivate, "那它在哪里?"), func(m *message) { m.Reply = botReply }),
			route{Action: actQuestion, Text: "那它在哪里?", FollowUp: true, Previous: botReply.Text, PreviousID: 50}},
		{"private sticker", with(msg(chatPrivate, ""), func(m *message) { m.NonText = true }), route{}},
		{"private document", with(msg(chatPrivate, ""), func(m *message) { m.Document = &document{FileName: "a.txt"} }), route{Action: actUpload}},
		{"private blank", msg(chatPrivate, "   "), route{}},

		// groups
		{"group /ask@VisitBot", msg(chatGroup, "/ask@VisitBot 杜小刚去了哪里?"), route{Action: actQuestion, Text: "杜小刚去了哪里?"}},
		{"group /ask@visitbot", msg(chatSupergroup, "/ask@visitbot 杜小刚去了哪里?"), route{Action: actQuestion, Text: "杜小刚去了哪里?"}},
		{"group /ask", msg(chatGroup, "/ask 杜小刚去了哪里?"), route{Action: actQuestion, Text: "杜小刚去了哪里?"}},
		{"group /ask@OtherBot", msg(chatGroup, "/ask@OtherBot 杜小刚去了哪里?"), route{}},
		{"group unknown command", msg(chatGroup, "/weather Wuxi"), route{}},
		{"group /sources", msg(chatGroup, "/sources"), route{Action: actCommand, Command: "sources"}},
		{"group /reload@VisitBot", msg(chatGroup, "/reload@VisitBot"), route{Action: actCommand, Command: "reload"}},
		{"group bare /ask as a reply", with(msg(chatGroup, "/ask"), func(m *message) { m.Reply = userReply }),
			route{Action: actQuestion, Text: "杜小刚去了哪里?"}},
		{"group bare /ask", msg(chatGroup, "/ask@VisitBot"), route{Action: actPrompt, Command: "ask"}},
		{"group plain text", msg(chatGroup, "杜小刚去了哪里?"), route{}},
		{"group mention first", msg(chatGroup, "@VisitBot 杜小刚去了哪里?"), route{Action: actQuestion, Text: "杜小刚去了哪里?"}},
		{"group mention last", msg(chatGroup, "杜小刚去了哪里? @VisitBot"), route{Action: actQuestion, Text: "杜小刚去了哪里?"}},
		{"group mention, comma", msg(chatGroup, "@visitbot，杜小刚去了哪里?"), route{Action: actQuestion, Text: "杜小刚去了哪里?"}},
		{"group mention after emoji", msg(chatGroup, "👋 @VisitBot 杜小刚去了哪里?"), route{Action: actQuestion, Text: "👋  杜小刚去了哪里?"}},
		{"group mention, no entities", with(msg(chatGroup, "@VisitBot 杜小刚去了哪里?"), func(m *message) { m.Entities = nil }),
			route{Action: actQuestion, Text: "杜小刚去了哪里?"}},
		{"group longer username", msg(chatGroup, "@VisitBotFan 杜小刚去了哪里?"), route{}},
		{"group email", msg(chatGroup, "mail me at a@VisitBot.com"), route{}},
		{"group text_mention", with(msg(chatGroup, "Visit 杜小刚去了哪里?"), func(m *message) {
			m.Entities = []entity{{Type: "text_mention", Offset: 0, Length: 5, UserID: 4242}}
		}), route{Action: actQuestion, Text: "杜小刚去了哪里?"}},
		{"group bare mention", msg(chatGroup, "@VisitBot"), route{Action: actPrompt, Command: "mention"}},
		{"group mention as a reply", with(msg(chatGroup, "@VisitBot"), func(m *message) { m.Reply = userReply }),
			route{Action: actQuestion, Text: "杜小刚去了哪里?"}},
		{"group follow-up", with(msg(chatGroup, "那它在哪里?"), func(m *message) { m.Reply = botReply }),
			route{Action: actQuestion, Text: "那它在哪里?", FollowUp: true, Previous: botReply.Text, PreviousID: 50}},
		{"group reply to a user", with(msg(chatGroup, "那它在哪里?"), func(m *message) { m.Reply = userReply }), route{}},
		{"group reply to the bot, by username only", with(msg(chatGroup, "那它在哪里?"), func(m *message) {
			m.Reply = &replied{ID: 52, From: user{Username: "visitbot"}, Text: "x"}
		}), route{Action: actQuestion, Text: "那它在哪里?", FollowUp: true, Previous: "x", PreviousID: 52}},
		{"group another bot", with(msg(chatGroup, "@VisitBot 杜小刚去了哪里?"), func(m *message) { m.From = user{ID: 9, IsBot: true} }), route{}},
		{"group sticker", with(msg(chatGroup, ""), func(m *message) { m.NonText = true }), route{}},
		{"group document", with(msg(chatGroup, ""), func(m *message) { m.Document = &document{FileName: "a.txt"} }), route{}},
		{"channel", msg(chatChannel, "@VisitBot 杜小刚去了哪里?"), route{}},
	}
	for _, c := range cases {
		if got := routeMessage(me, c.m); got != c.want {
			t.Errorf("%s: %q\n got %+v\nwant %+v", c.name, c.m.Text, got, c.want)
		}
	}
}

func TestUTF16(t *testing.T) {
	s := "👋 @VisitBot 好"
	if got := utf16Slice(s, 3, 9); got != "@VisitBot" {
		t.Errorf("utf16Slice: %q", got)
	}
	if got := utf16Remove(s, [][2]int{{3, 9}}); got != "👋  好" {
		t.Errorf("utf16Remove: %q", got)
	}
	if n := utf16Len(s); n != 14 {
		t.Errorf("utf16Len: %d", n)
	}
}

// TestValidSecret: a webhook's secret token is what Telegram accepts, 1 to
// 256 characters of letters, digits, _ and -.
func TestValidSecret(t *testing.T) {
	for s, want := range map[string]bool{
		"":                       false,
		"abc_DEF-123":            true,
		strings.Repeat("a", 256): true,
		strings.Repeat("a", 257): false,
		"has space":              false,
		"slash/":                 false,
		"中文":                     false,
	} {
		if got := validSecret(s); got != want {
			t.Errorf("validSecret(%.20q) = %v, want %v", s, got, want)
		}
	}
}
