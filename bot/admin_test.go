package bot

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/visitbot/visitbot/bot/telegramtest"
	"github.com/visitbot/visitbot/knowledge"
)

const uploadText = "宇树科技总部位于杭州市滨江区。\n创始人王兴兴毕业于上海大学。\n编辑:张三\n"

func TestAdmin(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.start()
	pa := telegramtest.Private(admin)
	pb := telegramtest.Private(bob)
	n := 0
	say := func(from telegramtest.User, chat telegramtest.Chat, text string) string {
		t.Helper()
		h.srv.Text(from, chat, text)
		if from.ID == adminID {
			n++
			return h.waitSent(adminID, n)[n-1].Text
		}
		return ""
	}

	// A non-admin is refused, politely, and the attempt is logged.
	for _, cmd := range []string{"/reload", "/rollback", "/stats"} {
		h.srv.Text(bob, pb, cmd)
	}
	h.srv.Send(telegramtest.Post{From: bob, Chat: pb, File: "evil.txt", FileData: []byte("假消息。")})
	got := h.waitSent(bob.ID, 4)
	for _, s := range got {
		if !strings.Contains(s.Text, "只有管理员") {
			t.Errorf("non-admin got %q", s.Text)
		}
	}
	if c := strings.Count(h.logs.String(), "refused: not an admin"); c != 4 {
		t.Errorf("%d refusals logged, want 4", c)
	}
	if v := h.store.Current().Info.Version; v != 1 {
		t.Fatalf("a non-admin changed the knowledge base to version %d", v)
	}

	// Reload with the sources unchanged: no new version.
	if r := say(admin, pa, "/reload"); !strings.Contains(r, "来源没有变化") {
		t.Errorf("/reload, unchanged: %q", r)
	}
	// An upload adds a source and reloads.
	h.srv.Send(telegramtest.Post{From: admin, Chat: pa, File: "宇树 简介.txt", FileData: []byte(uploadText)})
	n++
	r := h.waitSent(adminID, n)[n-1].Text
	for _, w := range []string{"已添加《宇树-简介》", "第 1 版 → 第 2 版", "文章:1 → 2(+1)"} {
		if !strings.Contains(r, w) {
			t.Errorf("upload reply lacks %q:\n%s", w, r)
		}
	}
	if r := say(admin, pa, "/sources"); !strings.Contains(r, "《宇树-简介》:3 段,3 句") {
		t.Errorf("/sources after the upload:\n%s", r)
	}
	if r := say(admin, pa, "宇树科技总部在哪里?"); !strings.Contains(r, "滨江区") || !strings.Contains(r, "《宇树-简介》") {
		t.Errorf("the uploaded source does not answer:\n%s", r)
	}
	// Bad uploads change nothing.
	for _, c := range []struct{ name, data, want string }{
		{"a.pdf", "%PDF", "只能添加 .txt"},
		{"bin.txt", "a\x00b", "二进制"},
		{"latin1.txt", "caf\xe9", "UTF-8"},
		{"empty.txt", "  \n", "空的"},
	} {
		h.srv.Send(telegramtest.Post{From: admin, Chat: pa, File: c.name, FileData: []byte(c.data)})
		n++
		if r := h.waitSent(adminID, n)[n-1].Text; !strings.Contains(r, c.want) {
			t.Errorf("upload %s: %q, want %q", c.name, r, c.want)
		}
	}
	if v := h.store.Current().Info.Version; v != 2 {
		t.Errorf("after bad uploads, version %d, want 2", v)
	}
	// Rollback returns to version 1, and answering goes on from it.
	if r := say(admin, pa, "/rollback"); !strings.Contains(r, "已从第 2 版回到第 1 版") {
		t.Errorf("/rollback: %q", r)
	}
	if r := say(admin, pa, "宇树科技总部在哪里?"); strings.Contains(r, "滨江区") {
		t.Errorf("still answering from the rolled-back version:\n%s", r)
	}
	if r := say(admin, pa, "/stats"); !strings.Contains(r, "私聊:回答") || !strings.Contains(r, "知识库:第 1 版") || !strings.Contains(r, "运行时间") {
		t.Errorf("/stats:\n%s", r)
	}
}

func TestReloadFailureKeepsBase(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	fail := errors.New("source /srv/news/a.txt: not valid UTF-8 text")
	h.configure = func(c *Config) {
		c.Reload = func(context.Context) (*knowledge.Base, error) { return nil, fail }
	}
	h.start()
	before := h.store.Current()
	h.srv.Text(admin, telegramtest.Private(admin), "/reload")
	r := h.waitSent(adminID, 1)[0].Text
	if !strings.Contains(r, "重新加载失败,仍在使用第 1 版知识库") || !strings.Contains(r, fail.Error()) {
		t.Errorf("failed reload reply:\n%s", r)
	}
	if h.store.Current() != before {
		t.Errorf("a failed reload swapped the knowledge base")
	}
	// An upload whose reload fails leaves no uploaded source behind.
	h.srv.Send(telegramtest.Post{From: admin, Chat: telegramtest.Private(admin), File: "new.txt", FileData: []byte(uploadText)})
	r = h.waitSent(adminID, 2)[1].Text
	if !strings.Contains(r, "添加《new》失败") {
		t.Errorf("upload with a failing reload:\n%s", r)
	}
	if up, err := UploadedSources(h.bot.state); err != nil || len(up) != 0 {
		t.Errorf("uploaded sources after a failed reload: %v, %v", up, err)
	}
}

func TestUploadTooLarge(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.configure = func(c *Config) { c.MaxUploadBytes = 64 }
	h.start()
	h.srv.Send(telegramtest.Post{From: admin, Chat: telegramtest.Private(admin), File: "big.txt", FileData: []byte(strings.Repeat("很长的文字。", 20))})
	if r := h.waitSent(adminID, 1)[0].Text; !strings.Contains(r, "文件太大") {
		t.Errorf("too large an upload: %q", r)
	}
	if h.srv.Calls("getFile") != 0 {
		t.Errorf("a file over the limit was fetched")
	}
}

func TestSIGHUPReload(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.start()
	if r := h.bot.Reload(context.Background()); !strings.Contains(r, "来源没有变化") {
		t.Errorf("Reload: %q", r)
	}
}
