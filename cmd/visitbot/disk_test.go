//go:build linux

package main

import (
	"context"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/visitbot/visitbot/bot/telegramtest"
	"github.com/visitbot/visitbot/knowledge"
)

// TestFailingDisk makes the store's writes fail in the real binary (a file
// size limit, RLIMIT_FSIZE, set on the running process below the database's
// size: every write past it fails with EFBIG, as on a full disk) while
// questions arrive. The bot keeps running and says so in its log and its
// metrics; when the limit is lifted, every question is answered once.
func TestFailingDisk(t *testing.T) {
	srv := telegramtest.New(t, telegramtest.Options{})
	db := freshDB(t)
	p := startProc(t, []string{"TELEGRAM_BOT_TOKEN=" + srv.Token}, "serve", "--api-endpoint", srv.Endpoint(),
		"--db", db, "--metrics-addr", "127.0.0.1:0", "--log-format", "json")
	defer func() {
		if !p.exited() {
			p.kill9()
		}
	}()
	addr := p.waitAddr(t)
	p.waitLog(t, "polling for updates")
	first := telegramtest.User{ID: 500, FirstName: "U"}
	srv.Text(first, telegramtest.Private(first), "杜小刚带队去了哪些地方?")
	waitSent(t, srv, []int64{first.ID})

	info, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	limit := uint64(info.Size() / 2)
	pid := p.cmd.Process.Pid
	if err := unix.Prlimit(pid, unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: limit, Max: unix.RLIM_INFINITY}, nil); err != nil {
		t.Fatalf("prlimit: %v", err)
	}
	var chats []int64
	for i := range 60 {
		u := telegramtest.User{ID: int64(1000 + i), FirstName: "U"}
		chats = append(chats, u.ID)
		srv.Text(u, telegramtest.Private(u), "厦门大学无锡研究院什么时候可以入驻?")
	}
	p.waitLog(t, `"msg":"commit failed; retrying"`)
	for _, l := range strings.Split(p.stderr.String(), "\n") {
		if strings.Contains(l, "commit failed") {
			t.Logf("the bot's log: %s", l)
			break
		}
	}
	if code, _ := get(t, "http://"+addr+"/healthz"); code != http.StatusOK {
		t.Errorf("/healthz %d while the disk fails", code)
	}
	if n := storeErrors(t, addr); n < 1 {
		t.Errorf("visitbot_store_errors_total = %v while the disk fails", n)
	}
	if p.exited() {
		t.Fatalf("the bot died when its disk failed:\n%s", p.stderr)
	}

	if err := unix.Prlimit(pid, unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: unix.RLIM_INFINITY, Max: unix.RLIM_INFINITY}, nil); err != nil {
		t.Fatalf("prlimit: %v", err)
	}
	waitSent(t, srv, chats)
	syscall.Kill(pid, syscall.SIGTERM)
	<-p.done
	if code := p.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit %d after SIGTERM", code)
	}
	for _, c := range append(chats, first.ID) {
		if n := len(srv.Sent(c)); n != 1 {
			t.Errorf("chat %d: %d replies, want 1", c, n)
		}
	}
	if _, err := knowledge.Check(db); err != nil {
		t.Errorf("after the failed writes the database does not check: %v", err)
	}
}

func waitSent(t *testing.T, srv *telegramtest.Server, chats []int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	err := srv.WaitFor(ctx, func() bool {
		for _, c := range chats {
			if len(srv.Sent(c)) == 0 {
				return false
			}
		}
		return true
	})
	if err != nil {
		t.Fatalf("not every chat was answered: %v", err)
	}
}

func storeErrors(t *testing.T, addr string) float64 {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := metricValue(fams["visitbot_store_errors_total"], map[string]string{"op": "commit"})
	return n
}
