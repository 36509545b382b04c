package bot

import (
	"slices"
	"strings"
	"testing"

	"github.com/visitbot/visitbot/bot/telegramtest"
)

// TestUploadedSources: /sources says which sources are configured and who
// uploaded the others when; /rollback undoes the upload that made the
// version it leaves (and brings back one a later version removed);
// /remove takes an uploaded source out.
func TestUploadedSources(t *testing.T) {
	h := newHarness(t, telegramtest.Options{})
	h.start()
	pa := telegramtest.Private(admin)
	n := 0
	wait := func() string { n++; return h.waitSent(adminID, n)[n-1].Text }
	say := func(text string) string { h.srv.Text(admin, pa, text); return wait() }
	upload := func(file, text string) string {
		h.srv.Send(telegramtest.Post{From: admin, Chat: pa, File: file, FileData: []byte(text)})
		return wait()
	}
	uploaded := func() []string {
		t.Helper()
		up, err := UploadedSources(h.bot.state)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, s := range up {
			names = append(names, s.Name)
		}
		return names
	}
	if r := upload("a.txt", uploadText); !strings.Contains(r, "已添加《a》") {
		t.Fatalf("upload a: %q", r)
	}
	r := say("/sources")
	for _, w := range []string{"配置的来源:《wuxi-delegation-visit》", "上传的来源:\n• 《a》:@admin 于 "} {
		if !strings.Contains(r, w) {
			t.Errorf("/sources lacks %q:\n%s", w, r)
		}
	}
	if r := upload("b.txt", "蓝鲸公司在无锡设立了研发中心。\n"); !strings.Contains(r, "已添加《b》") {
		t.Fatalf("upload b: %q", r)
	}
	steps := []struct {
		send     string
		want     string
		uploaded []string
	}{
		{"/rollback", "撤销了上传的《b》", []string{"a"}},
		{"/remove b", "《b》不是上传的来源。上传的有:《a》", []string{"a"}},
		{"/remove 《a》", "已删除上传的《a》", nil},
		{"/remove a", "没有上传的来源可以删除", nil},
		// Back to the version with both: both come back.
		{"/rollback", "恢复了上传的《a》;恢复了上传的《b》", []string{"a", "b"}},
	}
	for _, s := range steps {
		if r := say(s.send); !strings.Contains(r, s.want) {
			t.Errorf("%s: %q, want %q", s.send, r, s.want)
		}
		if got := uploaded(); !slices.Equal(got, s.uploaded) {
			t.Errorf("after %s, uploaded %v, want %v", s.send, got, s.uploaded)
		}
	}
	if r := say("蓝鲸公司在哪里设立了研发中心?"); !strings.Contains(r, "《b》") {
		t.Errorf("the restored upload does not answer:\n%s", r)
	}
	// A reload now keeps the version the rollback chose: the sources in
	// the state are the ones it was built from.
	if r := say("/reload"); !strings.Contains(r, "来源没有变化") {
		t.Errorf("/reload after the rollback: %q", r)
	}
}
