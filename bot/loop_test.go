package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/visitbot/visitbot/bot/telegramtest"
	"github.com/visitbot/visitbot/knowledge/botstate"
	"github.com/visitbot/visitbot/qa"
)

// qNickname is declined until an admin teaches the bot that 老杜 is 杜小刚.
const qNickname = "书记老杜去了哪些城市?"

// TestImprovementLoop is an admin's session: people ask what the bot
// cannot answer, the admin sees it in /unanswered, teaches an alias, and
// the questions are answered (and leave the list); /unalias takes it back.
func TestImprovementLoop(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.start()
	pa := telegramtest.Private(admin)
	n := 0
	say := func(text string) string {
		t.Helper()
		h.srv.Text(admin, pa, text)
		n++
		return h.waitSent(adminID, n)[n-1].Text
	}
	h.srv.Text(alice, telegramtest.Private(alice), qNickname)
	h.srv.Text(alice, telegramtest.Private(alice), "书记老杜去了哪些城市")
	h.srv.Text(bob, group, "/ask "+qNickname)
	h.srv.Text(bob, group, "/ask "+qFounder)
	h.settle()

	r := say("/unanswered")
	for _, w := range []string{"1. 书记老杜去了哪些城市(3 次,私聊/群组", "2. 宇树科技的创始人是谁(1 次,群组",
		"教:文章说到了宇树科技,但没有说这一点", "/alias"} {
		if !strings.Contains(r, w) {
			t.Errorf("/unanswered lacks %q:\n%s", w, r)
		}
	}
	// Nothing of who asked is kept.
	h.bot.state.Scan(prefixUnanswered, func(key string, val []byte) error {
		for _, id := range []string{"2001", "2002", "alice", "bob"} {
			if strings.Contains(string(val), id) {
				t.Errorf("unanswered entry %s keeps %q: %s", key, id, val)
			}
		}
		return nil
	})

	steps := []struct{ send, want string }{
		{"/alias", "管理员还没有添加别名"},
		{"/alias 老杜", "至少要两个词"},
		{"/alias 老杜=杜小刚", "已添加别名组:老杜 = 杜小刚"},
		{"/alias 老杜=杜小刚", "这组别名已经有了"},
		{"/alias", "1. 老杜 = 杜小刚"},
	}
	for _, s := range steps {
		if r := say(s.send); !strings.Contains(r, s.want) {
			t.Errorf("%s: %q, want %q", s.send, r, s.want)
		}
	}
	// The /alias that added the group said what it now answers.
	added := h.srv.Sent(adminID)[n-3].Text
	if !strings.Contains(added, "现在能回答之前没答上的 1 个问题:\n• 书记老杜去了哪些城市") {
		t.Errorf("/alias did not report the question it answers:\n%s", added)
	}
	if r := say(qNickname); !strings.Contains(r, "杜小刚带队") {
		t.Errorf("after /alias, %s: %q", qNickname, r)
	}
	if r := say("/unanswered"); strings.Contains(r, "老杜") || !strings.Contains(r, "宇树科技的创始人是谁") {
		t.Errorf("/unanswered after the alias answers it:\n%s", r)
	}
	if table, _ := AdminAliases(botstate.New(h.store)); table != "老杜 = 杜小刚\n" {
		t.Errorf("the stored alias table is %q", table)
	}
	if r := say("/unalias 杜小刚"); !strings.Contains(r, "已删除别名组:老杜 = 杜小刚") {
		t.Errorf("/unalias: %q", r)
	}
	if r := say(qNickname); !strings.Contains(r, "文章没有提到") {
		t.Errorf("after /unalias, %s: %q", qNickname, r)
	}
	if r := say("/unalias 9"); !strings.Contains(r, "没有找到") {
		t.Errorf("/unalias of nothing: %q", r)
	}
	// Non-admins cannot teach.
	for _, c := range []string{"/unanswered", "/alias 甲=乙", "/unalias 1", "/remove x"} {
		h.srv.Text(bob, telegramtest.Private(bob), c)
	}
	for _, s := range h.waitSent(bob.ID, 4) {
		if !strings.Contains(s.Text, "只有管理员") {
			t.Errorf("a non-admin got %q", s.Text)
		}
	}
}

// TestUnansweredBounded: the list keeps at most maxUnanswered questions,
// forgetting the least asked, and outlasts a restart.
func TestUnansweredBounded(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.start()
	l := h.bot.loop
	l.remember(chatPrivate, h.bot.engine.Ask(context.Background(), qFounder), h.bot.started)
	l.remember(chatPrivate, h.bot.engine.Ask(context.Background(), qFounder), h.bot.started)
	for i := range maxUnanswered + 20 {
		q := strings.Repeat("未知", 1+i%7) + string(rune('甲'+i)) + "是谁?"
		l.remember(chatGroup, notSaid(q), h.bot.started)
	}
	if got := len(l.top(2 * maxUnanswered)); got != maxUnanswered {
		t.Errorf("%d remembered, want %d", got, maxUnanswered)
	}
	if top := l.top(1); len(top) != 1 || top[0].Question != "宇树科技的创始人是谁" || top[0].Count != 2 {
		t.Errorf("the most asked was forgotten: %+v", top)
	}
	h.srv.Text(alice, telegramtest.Private(alice), qVisit) // a commit writes the list
	h.settle()
	h.stop()
	h.start()
	if got := len(h.bot.loop.top(2 * maxUnanswered)); got != maxUnanswered {
		t.Errorf("after a restart, %d remembered, want %d", got, maxUnanswered)
	}
}

// TestFeedbackButtons: 👍 / 👎 are counted once a person and shown in
// /stats; 更多 edits the answer to add the paragraph around it, within the
// limits.
func TestFeedbackButtons(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.start()
	h.srv.Text(alice, group, "/ask "+qInstitut)
	ans := h.waitSent(group.ID, 1)[0]
	if got := buttonTexts(ans); got != "👍 👎 更多" {
		t.Fatalf("buttons under the answer: %q", got)
	}
	for _, b := range ans.Keyboard[0] {
		if len(b.CallbackData) > 64 {
			t.Errorf("callback data %q over 64 bytes", b.CallbackData)
		}
	}
	up, down, more := ans.Keyboard[0][0].CallbackData, ans.Keyboard[0][1].CallbackData, ans.Keyboard[0][2].CallbackData
	presses := []struct {
		from telegramtest.User
		data string
		want string
	}{
		{alice, up, "谢谢反馈"},
		{alice, up, "已经评价过"},
		{bob, down, "谢谢反馈"},
		{bob, more, ""},
	}
	for _, p := range presses {
		id := h.srv.Press(p.from, ans, p.data)
		var got telegramtest.CallbackAnswer
		err := h.srv.WaitFor(h.ctx(), func() bool { var ok bool; got, ok = h.srv.CallbackAnswer(id); return ok })
		if err != nil {
			t.Fatalf("press %s: never answered\nlogs:\n%s", p.data, h.logs)
		}
		if !strings.Contains(got.Text, p.want) {
			t.Errorf("press %s: %q, want %q", p.data, got.Text, p.want)
		}
	}
	edited := h.srv.Sent(group.ID)[0]
	if edited.Edits != 1 || !strings.HasPrefix(edited.Text, ans.Text) || len(edited.Text) <= len(ans.Text) ||
		!strings.Contains(edited.Text, "段还写道") && !strings.Contains(edited.Text, "下一段写道") {
		t.Errorf("更多 edited %d time(s):\n%s", edited.Edits, edited.Text)
	}
	if telegramtest.Units(edited.Text) > MaxMessageUnits {
		t.Errorf("更多 made a message of %d units", telegramtest.Units(edited.Text))
	}
	if got := buttonTexts(edited); got != "👍 👎" {
		t.Errorf("buttons after 更多: %q", got)
	}
	h.srv.Text(admin, telegramtest.Private(admin), "/stats")
	r := h.waitSent(adminID, 1)[0].Text
	if !strings.Contains(r, "反馈:👍 1,👎 1") || !strings.Contains(r, "👎 1 👍 1:厦门大学无锡研究院什么时候可以入驻") {
		t.Errorf("/stats lacks the feedback:\n%s", r)
	}
}

func buttonTexts(s telegramtest.Sent) string {
	var out []string
	for _, row := range s.Keyboard {
		for _, b := range row {
			out = append(out, b.Text)
		}
	}
	return strings.Join(out, " ")
}

// notSaid is the engine's answer to a question the article does not answer.
func notSaid(q string) qa.Answer {
	return qa.Answer{Question: q, Text: "文章没有提到这一点。", Reason: qa.ReasonNotInText}
}
