//go:build unix

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/visitbot/visitbot/bot/telegramtest"
)

// TestServeSIGHUPReloads sends the process a real SIGHUP while serve runs:
// the knowledge base is rebuilt from the changed source and answers from it.
func TestServeSIGHUPReloads(t *testing.T) {
	srv := telegramtest.New(t, telegramtest.Options{})
	dir := t.TempDir()
	src := filepath.Join(dir, "news.txt")
	if err := os.WriteFile(src, []byte("宇树科技总部位于杭州市滨江区。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	user := telegramtest.User{ID: 2001, FirstName: "User"}
	env := map[string]string{"TELEGRAM_BOT_TOKEN": srv.Token}
	s := startServe(t, env, "serve", "--api-endpoint", srv.Endpoint(), "--sources", src, "--db", filepath.Join(dir, "kb.db"))
	defer s.stop(t)

	// Answered: serve is up, so its SIGHUP handler is installed.
	srv.Text(user, telegramtest.Private(user), "宇树科技总部在哪里?")
	if got := waitReplies(t, srv, user.ID, 1, s); !strings.Contains(got[0].Text, "滨江区") {
		t.Fatalf("first answer: %q", got[0].Text)
	}
	if err := os.WriteFile(src, []byte("宇树科技总部位于杭州市滨江区。\n强脑科技发布了新款智能仿生手。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for !strings.Contains(s.stderr.String(), "SIGHUP reload done") {
		select {
		case <-ctx.Done():
			t.Fatalf("no reload after SIGHUP:\n%s", s.stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
	srv.Text(user, telegramtest.Private(user), "强脑科技发布了什么?")
	if got := waitReplies(t, srv, user.ID, 2, s); !strings.Contains(got[1].Text, "仿生手") {
		t.Errorf("after SIGHUP the new sentence is not answered: %q\n%s", got[1].Text, s.stderr)
	}
}
