package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/visitbot/visitbot/bot/telegramtest"
	"github.com/visitbot/visitbot/knowledge"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serving is visitbot serve running in process against a fake Bot API.
type serving struct {
	m      *Main
	stderr *lockedBuffer
	code   chan int
}

func startServe(t *testing.T, env map[string]string, args ...string) *serving {
	t.Helper()
	s := &serving{stderr: &lockedBuffer{}, code: make(chan int, 1)}
	s.m = &Main{Stdin: strings.NewReader(""), Stdout: &lockedBuffer{}, Stderr: s.stderr,
		Getenv: func(k string) string { return env[k] }}
	go func() { s.code <- s.m.Run(context.Background(), args) }()
	return s
}

// stop is SIGTERM: Close cancels Run and waits for it.
func (s *serving) stop(t *testing.T) int {
	t.Helper()
	if err := s.m.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	select {
	case c := <-s.code:
		return c
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	return -1
}

func waitReplies(t *testing.T, srv *telegramtest.Server, chat int64, n int, s *serving) []telegramtest.Sent {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := srv.WaitFor(ctx, func() bool { return len(srv.Sent(chat)) >= n }); err != nil {
		t.Fatalf("waiting for %d replies in chat %d: %v\nstderr:\n%s", n, chat, err, s.stderr)
	}
	return srv.Sent(chat)
}

func TestServe(t *testing.T) {
	srv := telegramtest.New(t, telegramtest.Options{OmitOptional: true})
	db := freshDB(t)
	admin := telegramtest.User{ID: 1001, FirstName: "Admin"}
	user := telegramtest.User{ID: 2001, FirstName: "User"}
	env := map[string]string{"TELEGRAM_BOT_TOKEN": srv.Token}
	s := startServe(t, env, "serve", "--api-endpoint", srv.Endpoint(), "--admins", "1001", "--db", db)

	srv.Text(user, telegramtest.Private(user), "杜小刚带队去了哪些地方?")
	if got := waitReplies(t, srv, user.ID, 1, s); !strings.Contains(got[0].Text, "第1段第1句") {
		t.Errorf("answer: %q", got[0].Text)
	}
	srv.Text(admin, telegramtest.Private(admin), "/reload")
	if got := waitReplies(t, srv, admin.ID, 1, s); !strings.Contains(got[0].Text, "来源没有变化") {
		t.Errorf("/reload: %q", got[0].Text)
	}
	// An upload is a source from then on, over restarts too.
	srv.Send(telegramtest.Post{From: admin, Chat: telegramtest.Private(admin), File: "extra.txt", FileData: []byte("宇树科技总部位于杭州市滨江区。\n")})
	if got := waitReplies(t, srv, admin.ID, 2, s); !strings.Contains(got[1].Text, "已添加《extra》") {
		t.Errorf("upload: %q", got[1].Text)
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("serve exited %d after SIGTERM\n%s", code, s.stderr)
	}
	if strings.Contains(s.stderr.String(), srv.Token) {
		t.Errorf("the token is in the log")
	}

	s = startServe(t, env, "serve", "--api-endpoint", srv.Endpoint(), "--admins", "1001", "--db", db)
	srv.Text(admin, telegramtest.Private(admin), "/sources")
	if got := waitReplies(t, srv, admin.ID, 3, s); !strings.Contains(got[2].Text, "《extra》") || !strings.Contains(got[2].Text, "第 2 版") {
		t.Errorf("/sources after a restart: %q", got[2].Text)
	}
	if strings.Contains(s.stderr.String(), "rebuilding") {
		t.Errorf("a restart rebuilt the knowledge base:\n%s", s.stderr)
	}
	if code := s.stop(t); code != 0 {
		t.Fatalf("serve exited %d\n%s", code, s.stderr)
	}
}

func TestDefaultCommandServesWithToken(t *testing.T) {
	srv := telegramtest.New(t, telegramtest.Options{})
	user := telegramtest.User{ID: 2001, FirstName: "User"}
	env := map[string]string{"TELEGRAM_BOT_TOKEN": srv.Token, "TELEGRAM_API_ENDPOINT": srv.Endpoint(), "VISITBOT_DB": freshDB(t)}
	s := startServe(t, env)
	srv.Text(user, telegramtest.Private(user), "/start")
	waitReplies(t, srv, user.ID, 1, s)
	if code := s.stop(t); code != 0 {
		t.Fatalf("exit %d\n%s", code, s.stderr)
	}
}

func TestServeFailsFast(t *testing.T) {
	srv := telegramtest.New(t, telegramtest.Options{})
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no token", nil, []string{"serve", "--api-endpoint", srv.Endpoint()}, "TELEGRAM_BOT_TOKEN is not set"},
		{"rejected token", map[string]string{"TELEGRAM_BOT_TOKEN": "1:SECRET-wrong"}, []string{"serve", "--api-endpoint", srv.Endpoint()}, "rejected the token"},
		{"bad admins", map[string]string{"TELEGRAM_BOT_TOKEN": srv.Token}, []string{"serve", "--admins", "@alice"}, "not a Telegram user id"},
		{"bad endpoint", map[string]string{"TELEGRAM_BOT_TOKEN": srv.Token}, []string{"serve", "--api-endpoint", "localhost:8081"}, "API endpoint"},
	}
	for _, c := range cases {
		db := t.TempDir() + "/v.db"
		code, _, stderr := run(t, c.env, "", append(c.args, "--db", db)...)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want it to say %q", c.name, code, stderr, c.want)
		}
		if strings.Contains(stderr, "SECRET") {
			t.Errorf("%s: the token is in the message: %s", c.name, stderr)
		}
	}
}

// TestBuildKB runs the child's side of a build (the parent's exec is the
// real binary's): the request on stdin as the parent encodes it
// (requestReader: a head, then one source a line), a store out; and a
// request cut short, which is an error.
func TestBuildKB(t *testing.T) {
	srcs := []knowledge.Source{
		{Name: "a", Path: "a.txt", Text: []byte("杜小刚去了福州。\n编辑:张三\n")},
		{Name: "b", Path: "b.txt", Text: []byte("宇树科技在杭州。\n")},
	}
	req, err := io.ReadAll(newRequestReader(srcs, ""))
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(req), "\n"); lines != 3 {
		t.Errorf("the request is %d lines, want a head and a line a source:\n%s", lines, req)
	}
	db := t.TempDir() + "/kb.db"
	if code, _, stderr := run(t, nil, string(req), buildKBCommand, "--db", db); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	st, err := knowledge.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := st.Current()
	if b == nil || b.Info.Documents != 2 || b.Info.Sentences != 3 {
		t.Fatalf("built %+v", b)
	}
	if err := validateInfo(b.Info, 2); err != nil {
		t.Errorf("validateInfo: %v", err)
	}
	if err := validateInfo(b.Info, 3); err == nil {
		t.Errorf("validateInfo accepted a base with fewer documents than sources")
	}
	cut := string(req[:strings.LastIndexByte(string(req[:len(req)-1]), '\n')+1])
	code, _, stderr := run(t, nil, cut, buildKBCommand, "--db", t.TempDir()+"/cut.db")
	if code == 0 || !strings.Contains(stderr, "source 2 of 2") {
		t.Errorf("a request without its last source: exit %d, %s", code, stderr)
	}
}

// TestChildMessage: a build child's crash is reported by its first line,
// not by the last line of its stack; its own error by its last line.
func TestChildMessage(t *testing.T) {
	for _, tt := range []struct{ stderr, want string }{
		{"fatal error: concurrent map read and map write\n\ngoroutine 34 [running]:\nsync.(*WaitGroup).Go.func1()\n\t/usr/local/go/src/sync/waitgroup.go:238 +0x73\n", "fatal error: concurrent map read and map write"},
		{"panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:\nmain.main()\n", "panic: runtime error: index out of range [3] with length 3"},
		{"level=INFO msg=building\nvisitbot: build-kb: source 2 of 7: not UTF-8\n", "visitbot: build-kb: source 2 of 7: not UTF-8"},
		{"", ""},
	} {
		if got := childMessage(tt.stderr); got != tt.want {
			t.Errorf("childMessage(%.40q) = %q, want %q", tt.stderr, got, tt.want)
		}
	}
}
