//go:build linux

package main

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/visitbot/visitbot/bot/telegramtest"
	"github.com/visitbot/visitbot/knowledge"
)

// The crash tests run the real binary and kill -9 it (its whole process
// group, as systemd or docker would) at random moments: during index,
// during a reload triggered by SIGHUP, and during bursts of updates. After
// every kill the database must open and hold the old knowledge base or the
// new one, whole; after the bursts, every question must have been answered.
// Counts are fixed so that the run stays bounded (about a minute in all).
const (
	indexKills  = 4
	reloadKills = 4
	burstKills  = 46
)

// proc is the binary running in its own process group.
type proc struct {
	cmd    *exec.Cmd
	stderr *lockedBuffer
	done   chan struct{}
}

func startProc(t testing.TB, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(buildBinary(t), args...), stderr: &lockedBuffer{}, done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stderr = p.stderr
	// Its own group, to kill a build child with it; killed if the test dies.
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	return p
}

// kill9 kills the process group (the parent and a build child) and waits.
func (p *proc) kill9() {
	syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	<-p.done
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// waitLog waits for s in the process's log.
func (p *proc) waitLog(t testing.TB, s string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(p.stderr.String(), s) {
		if time.Now().After(deadline) || p.exited() {
			t.Fatalf("no %q in the log (exited: %v):\n%s", s, p.exited(), p.stderr)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// kbSource is one of the two versions of the source the crash tests
// switch between.
type kbSource struct {
	name string
	text string
}

var crashSources = [2]kbSource{
	{"old", "宇树科技总部位于杭州市滨江区。\n强脑科技发布了新款智能仿生手。\n"},
	{"new", "宇树科技总部位于杭州市滨江区。\n强脑科技发布了新款智能仿生手。\n云深处科技的四足机器人可以巡检电站。\n硕放机场去年旅客吞吐量达到一千万人次。\n"},
}

// whichBase opens the database and says which source its knowledge base
// was built from, failing when it does not open, is damaged, or is neither
// (a mix). The store is closed again.
func whichBase(t *testing.T, db, path string) int {
	t.Helper()
	st, err := knowledge.Open(db)
	if err != nil {
		t.Fatalf("after the kill the database does not open: %v", err)
	}
	b := st.Current()
	if b == nil {
		st.Close()
		t.Fatal("after the kill the database holds no knowledge base")
	}
	which := -1
	for i, s := range crashSources {
		src := knowledge.Source{Name: strings.TrimSuffix(filepath.Base(path), ".txt"), Path: path, Text: []byte(s.text)}
		if b.Info.Checksum == knowledge.Checksum([]knowledge.Source{src}, knowledge.DefaultAliases()) {
			which = i
		}
	}
	sentences := b.Info.Sentences
	st.Close()
	if which < 0 {
		t.Fatalf("the knowledge base is built from neither source (%d sentences)", sentences)
	}
	if want := strings.Count(crashSources[which].text, "\n"); sentences != want {
		t.Fatalf("a mix: built from %s, %d sentences, want %d", crashSources[which].name, sentences, want)
	}
	if _, err := knowledge.Check(db); err != nil {
		t.Fatalf("after the kill the database does not check: %v", err)
	}
	return which
}

func TestCrashDuringIndex(t *testing.T) {
	dir := t.TempDir()
	db, src := filepath.Join(dir, "kb.db"), filepath.Join(dir, "news.txt")
	env := []string{"TMPDIR=" + dir}
	index := func(which int) *proc {
		os.WriteFile(src, []byte(crashSources[which].text), 0o644)
		return startProc(t, env, "index", "--db", db, src)
	}
	buildBinary(t)
	var full time.Duration
	for i := range 2 { // the second build is timed: the first fills caches
		start := time.Now()
		p := index(i)
		<-p.done
		if p.cmd.ProcessState.ExitCode() != 0 {
			t.Fatalf("index: %s", p.stderr)
		}
		full = time.Since(start)
	}
	cur := whichBase(t, db, src)
	kills, completed := 0, 0
	for kills < indexKills && kills+completed < 3*indexKills {
		next := 1 - cur
		p := index(next)
		// Anywhere in the build: reading, the child's dictionary, the
		// save at the end.
		at := time.Duration(float64(full) * (0.1 + 0.85*rand.Float64()))
		select {
		case <-p.done:
			completed++
		case <-time.After(at):
			p.kill9()
			kills++
		}
		got := whichBase(t, db, src)
		if got != cur && got != next {
			t.Fatalf("base %d, want %d or %d", got, cur, next)
		}
		cur = got
	}
	t.Logf("index: %d kills (a build takes %v), %d builds completed before their kill", kills, full.Round(time.Millisecond), completed)
}

func TestCrashDuringReload(t *testing.T) {
	srv := telegramtest.New(t, telegramtest.Options{})
	dir := t.TempDir()
	db, src := filepath.Join(dir, "kb.db"), filepath.Join(dir, "news.txt")
	env := []string{"TMPDIR=" + dir, "TELEGRAM_BOT_TOKEN=" + srv.Token}
	os.WriteFile(src, []byte(crashSources[0].text), 0o644)
	p := startProc(t, env, "index", "--db", db, src)
	<-p.done
	start := time.Now()
	cur := whichBase(t, db, src)
	full := time.Duration(0)
	kills, completed := 0, 0
	for kills < reloadKills && kills+completed < 3*reloadKills {
		// Start on the sources the base holds (no build at start), then
		// change them and reload.
		os.WriteFile(src, []byte(crashSources[cur].text), 0o644)
		p := startProc(t, env, "serve", "--api-endpoint", srv.Endpoint(), "--db", db, "--sources", src)
		p.waitLog(t, "polling for updates")
		next := 1 - cur
		os.WriteFile(src, []byte(crashSources[next].text), 0o644)
		reloadStart := time.Now()
		syscall.Kill(p.cmd.Process.Pid, syscall.SIGHUP)
		if full == 0 {
			// The first reload runs to its end, to time it.
			p.waitLog(t, "SIGHUP reload done")
			full = time.Since(reloadStart)
			p.kill9()
			completed++
		} else {
			time.Sleep(time.Duration(float64(full) * (0.1 + 0.85*rand.Float64())))
			if strings.Contains(p.stderr.String(), "SIGHUP reload done") {
				completed++
			}
			p.kill9()
			kills++
		}
		got := whichBase(t, db, src)
		if got != cur && got != next {
			t.Fatalf("base %d, want %d or %d", got, cur, next)
		}
		cur = got
	}
	t.Logf("reload: %d kills (a reload takes %v), %d reloads completed before their kill, %v in all",
		kills, full.Round(time.Millisecond), completed, time.Since(start).Round(time.Second))
}

// TestCrashDuringBursts sends bursts of questions, each from its own
// chat, and kills the bot at a random moment while it handles, commits and
// sends them; then restarts it. At the end every question has an answer.
func TestCrashDuringBursts(t *testing.T) {
	srv := telegramtest.New(t, telegramtest.Options{})
	db := freshDB(t)
	env := []string{"TMPDIR=" + t.TempDir(), "TELEGRAM_BOT_TOKEN=" + srv.Token}
	serve := func() *proc {
		p := startProc(t, env, "serve", "--api-endpoint", srv.Endpoint(), "--db", db)
		p.waitLog(t, "polling for updates")
		return p
	}
	const burst = 25
	var chats []int64
	questions := []string{"杜小刚带队去了哪些地方?", "宇树科技的创始人是谁?", "厦门大学无锡研究院什么时候可以入驻?"}
	start := time.Now()
	for round := 0; round < burstKills; round++ {
		p := serve()
		for k := 0; k < burst; k++ {
			u := telegramtest.User{ID: int64(100000 + round*burst + k), FirstName: "U"}
			chats = append(chats, u.ID)
			srv.Text(u, telegramtest.Private(u), questions[k%len(questions)])
		}
		time.Sleep(time.Duration(rand.IntN(150)) * time.Millisecond)
		p.kill9()
	}
	p := serve()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	answered := func() (lost, twice int) {
		for _, c := range chats {
			switch n := len(srv.Sent(c)); {
			case n == 0:
				lost++
			case n > 1:
				twice++
			}
		}
		return lost, twice
	}
	err := srv.WaitFor(ctx, func() bool { lost, _ := answered(); return lost == 0 })
	syscall.Kill(p.cmd.Process.Pid, syscall.SIGTERM)
	<-p.done
	lost, twice := answered()
	if err != nil || lost > 0 {
		t.Fatalf("%d of %d questions never answered after %d kills\n%s", lost, len(chats), burstKills, p.stderr)
	}
	if code := p.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("the last serve exited %d after SIGTERM", code)
	}
	t.Logf("bursts: %d kills, %d questions, all answered; %d answered twice (the reply in flight at a kill); %v in all",
		burstKills, len(chats), twice, time.Since(start).Round(time.Second))
	// A delivered reply leaves the outbox at once: a kill can repeat only
	// the one reply the bot was sending (Telegram has no idempotent send).
	if twice > burstKills {
		t.Errorf("%d questions answered twice in %d kills: more than the one reply in flight a kill", twice, burstKills)
	}
	if v := srv.Violations(); len(v) > 0 {
		t.Errorf("Telegram's limits broken: %v", v[:min(len(v), 5)])
	}
}
