package main

import (
	"strconv"

	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/visitbot/visitbot/knowledge"
)

// TestFlagsAnywhere: flags after the questions are flags, and "--" ends
// them.
func TestFlagsAnywhere(t *testing.T) {
	db := freshDB(t)
	tests := []struct {
		name string
		args []string
		want []string // the questions answered, in order
	}{
		{"flags after", []string{"ask", "杜小刚去了哪里?", "--json", "--db", db}, []string{"杜小刚去了哪里?"}},
		{"flags between", []string{"ask", "杜小刚去了哪里?", "--db", db, "颜霖是谁?", "--json"}, []string{"杜小刚去了哪里?", "颜霖是谁?"}},
		{"double dash", []string{"ask", "--json", "--db", db, "--", "--db", "-x"}, []string{"--db", "-x"}},
		{"equals form", []string{"ask", "q", "--db=" + db, "--json=true"}, []string{"q"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, nil, "", tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			lines := strings.Split(strings.TrimSpace(stdout), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("%d answers, want %d:\n%s", len(lines), len(tt.want), stdout)
			}
			for i, l := range lines {
				var a jsonAnswer
				if err := json.Unmarshal([]byte(l), &a); err != nil {
					t.Fatalf("line %d not JSON: %v: %s", i+1, err, l)
				}
				if a.Question != tt.want[i] {
					t.Errorf("answer %d is to %q, want %q", i+1, a.Question, tt.want[i])
				}
			}
			if _, err := os.Stat("visitbot.db"); err == nil {
				t.Errorf("the default database was created: --db was not taken")
			}
		})
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}, {"-version"}} {
		code, stdout, stderr := run(t, nil, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		for _, want := range []string{"visitbot ", "commit ", "knowledge base schema " + strconv.Itoa(knowledge.SchemaVersion), "analysis "} {
			if !strings.Contains(stdout, want) {
				t.Errorf("%v: output lacks %q:\n%s", args, want, stdout)
			}
		}
	}
}

// TestHelpListsOnlyItsFlags: each command's --help lists the flags that
// apply to it, and no others.
func TestHelpListsOnlyItsFlags(t *testing.T) {
	tests := []struct {
		cmd       string
		want, not []string
	}{
		{"ask", []string{"-json", "-db", "-sources", "-log-format"}, []string{"-admins", "-api-endpoint", "-webhook-url", "-metrics-addr", "-token-file"}},
		{"chat", []string{"-db", "-aliases"}, []string{"-json", "-admins", "-metrics-addr"}},
		{"index", []string{"-db", "-aliases"}, []string{"-json", "-admins", "-listen"}},
		{"serve", []string{"-admins", "-api-endpoint", "-webhook-url", "-metrics-addr", "-token-file", "-log-format"}, []string{"-json", "-explain"}},
		{"backup", []string{"-db", "-from"}, []string{"-sources", "-admins"}},
		{"check", []string{"-db"}, []string{"-sources", "-admins", "-from"}},
		{"restore", []string{"-db"}, []string{"-sources", "-admins"}},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, nil, "", tt.cmd, "--help")
		if code != 0 {
			t.Errorf("%s --help: exit %d", tt.cmd, code)
		}
		for _, f := range tt.want {
			if !strings.Contains(stderr, "  "+f+" ") && !strings.Contains(stderr, "  "+f+"\n") {
				t.Errorf("%s --help lacks %s:\n%s", tt.cmd, f, stderr)
			}
		}
		for _, f := range tt.not {
			if strings.Contains(stderr, "  "+f+" ") || strings.Contains(stderr, "  "+f+"\n") {
				t.Errorf("%s --help lists %s, which does not apply:\n%s", tt.cmd, f, stderr)
			}
		}
	}
}

func TestChatCommands(t *testing.T) {
	db := freshDB(t)
	code, stdout, stderr := run(t, nil, "/frobnicate\n/stats 1\n/ 杜小刚去了哪里?\n/exit\n杜小刚去了哪里?\n", "chat", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"没有 /frobnicate 这个命令", "没有 /stats 这个命令", "/exit 退出", "带队赴福州"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("chat output lacks %q:\n%s", want, stdout)
		}
	}
	if n := strings.Count(stdout, "带队赴福州"); n != 1 {
		t.Errorf("%d answers: the question after /exit was answered, or the one after \"/ \" was not:\n%s", n, stdout)
	}
}

// TestMessages: the index summary in good English, with the one build
// time the log gives too (here as JSON records, --log-format json), and a
// missing database's folder named once.
func TestMessages(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "one.txt")
	os.WriteFile(src, []byte("宇树科技总部位于杭州市滨江区。\n"), 0o644)
	// The real binary: a build in process under the race detector takes
	// ten times as long.
	var outBuf, errBuf bytes.Buffer
	cmd := exec.Command(buildBinary(t), "index", "--log-format", "json", "--db", filepath.Join(dir, "kb.db"), src)
	cmd.Stdout, cmd.Stderr = &outBuf, &errBuf
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, errBuf.String())
	}
	stdout, stderr := outBuf.String(), errBuf.String()
	if !strings.Contains(stdout, "indexed 1 document, 1 paragraph, 1 sentence,") {
		t.Errorf("index summary: %s", stdout)
	}
	i := strings.LastIndex(stdout, ", ")
	took, err := time.ParseDuration(strings.TrimSuffix(strings.TrimSpace(stdout[i+2:]), ")"))
	if err != nil {
		t.Fatalf("no build time at the end of %q", stdout)
	}
	var logged []time.Duration
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		var rec struct {
			Msg, Level, Component string
			Duration              *time.Duration
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil || rec.Msg == "" || rec.Level == "" || rec.Component != "knowledge" {
			t.Errorf("not a JSON log record of the knowledge component: %s", l)
		}
		if rec.Duration != nil {
			logged = append(logged, *rec.Duration)
		}
	}
	if len(logged) != 1 || logged[0] != took {
		t.Errorf("the summary says %v, the log %v", took, logged)
	}
	if code, _, stderr := run(t, nil, "", "check", "--log-format", "xml"); code != 2 || !strings.Contains(stderr, "want text or json") {
		t.Errorf("bad log format: exit %d, %s", code, stderr)
	}

	missing := filepath.Join(dir, "no-such-folder", "kb.db")
	code, _, stderr := run(t, nil, "", "ask", "--db", missing, "q")
	if code == 0 || !strings.Contains(stderr, missing) {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Count(stderr, "open "+missing) != 1 {
		t.Errorf("the file is named more than once: %s", stderr)
	}
}

func TestDedupeOpen(t *testing.T) {
	tests := []struct{ in, want string }{
		{"open a.db: open a.db: no such file", "open a.db: no such file"},
		{"open a.db: permission denied", "open a.db: permission denied"},
		{"build: open x: open x: open x: gone", "build: open x: gone"},
		{"open a: open b: gone", "open a: open b: gone"},
		{"no opening here", "no opening here"},
	}
	for _, tt := range tests {
		if got := dedupeOpen(tt.in); got != tt.want {
			t.Errorf("dedupeOpen(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLineReader(t *testing.T) {
	long := strings.Repeat("长", 100) // 300 bytes
	tests := []struct {
		name string
		in   string
		want []line
	}{
		{"plain", "a\nb\n", []line{{Text: "a"}, {Text: "b"}}},
		{"no final newline", "a\nb", []line{{Text: "a"}, {Text: "b"}}},
		{"CRLF and empty", "a\r\n\r\n\nb", []line{{Text: "a"}, {Text: ""}, {Text: ""}, {Text: "b"}}},
		{"at the limit", strings.Repeat("x", 64) + "\n", []line{{Text: strings.Repeat("x", 64)}}},
		{"too long, then more", long + "\nok\n", []line{{Text: long[:64], TooLong: true}, {Text: "ok"}}},
		{"too long at the end", "ok\n" + long, []line{{Text: "ok"}, {Text: long[:64], TooLong: true}}},
		{"empty input", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := newLineReader(strings.NewReader(tt.in), 64)
			lr.keep = 64
			var got []line
			for {
				l, err := lr.next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, l)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d lines %+v, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("line %d: %+v, want %+v", i+1, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestAskTooLongLine: an over-long line is declined with a line of its
// own, and the lines after it are answered.
func TestAskTooLongLine(t *testing.T) {
	db := freshDB(t)
	stdin := "杜小刚去了哪里?\n" + strings.Repeat("a", maxLineBytes+10) + "\n杜小刚去了哪里?\n"
	code, stdout, stderr := run(t, nil, stdin, "ask", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines for 3", len(lines))
	}
	var a jsonAnswer
	if err := json.Unmarshal([]byte(lines[1]), &a); err != nil {
		t.Fatal(err)
	}
	if *a.Answered || len(a.Question) > 300 || !strings.Contains(a.Answer, "太长") {
		t.Errorf("the long line's answer: %.200s", lines[1])
	}
	if !strings.Contains(lines[2], `"answered":true`) {
		t.Errorf("the line after it: %.200s", lines[2])
	}
}

func TestTokenFile(t *testing.T) {
	dir := t.TempDir()
	tok := filepath.Join(dir, "token")
	os.WriteFile(tok, []byte("123:SECRET\n"), 0o600)
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, []byte("\n"), 0o600)
	two := filepath.Join(dir, "two")
	os.WriteFile(two, []byte("123:SECRET\n456:OTHER\n"), 0o600)
	tests := []struct {
		name    string
		env     map[string]string
		want    string
		wantErr string
	}{
		{"file", map[string]string{"TELEGRAM_BOT_TOKEN_FILE": tok}, "123:SECRET", ""},
		{"file wins", map[string]string{"TELEGRAM_BOT_TOKEN_FILE": tok, "TELEGRAM_BOT_TOKEN": "9:X"}, "123:SECRET", ""},
		{"environment", map[string]string{"TELEGRAM_BOT_TOKEN": " 9:X "}, "9:X", ""},
		{"missing file", map[string]string{"TELEGRAM_BOT_TOKEN_FILE": filepath.Join(dir, "nope")}, "", "nope"},
		{"empty file", map[string]string{"TELEGRAM_BOT_TOKEN_FILE": empty}, "", "is empty"},
		{"two lines", map[string]string{"TELEGRAM_BOT_TOKEN_FILE": two}, "", "more than one line"},
		{"none", nil, "", "TELEGRAM_BOT_TOKEN is not set"},
	}
	for _, tt := range tests {
		m := &Main{Getenv: func(k string) string { return tt.env[k] }, Stderr: io.Discard}
		fs := m.flags("serve", "serve", telegramFlags)
		if err := fs.Parse(nil); err != nil {
			t.Fatal(err)
		}
		got, err := m.readToken()
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: error %v, want one saying %q", tt.name, err, tt.wantErr)
		case tt.wantErr == "" && (err != nil || got != tt.want):
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "SECRET") {
			t.Errorf("%s: the token is in the message: %v", tt.name, err)
		}
	}
}

// FuzzLineReader: one line out per input line, each the input's line
// without its ending, or marked too long and cut short.
func FuzzLineReader(f *testing.F) {
	for _, s := range []string{"", "a\nb", "a\r\n\r\n", strings.Repeat("长", 40) + "\nx", "\n\n\n", "\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		const max = 64
		want := strings.Split(in, "\n")
		if strings.HasSuffix(in, "\n") || in == "" {
			want = want[:len(want)-1]
		}
		lr := newLineReader(strings.NewReader(in), max)
		for i := 0; ; i++ {
			l, err := lr.next()
			if err == io.EOF {
				if i != len(want) {
					t.Fatalf("%d lines, want %d", i, len(want))
				}
				return
			}
			if err != nil || i >= len(want) {
				t.Fatalf("line %d: %v (want %d lines)", i+1, err, len(want))
			}
			w := strings.TrimRight(want[i], "\r")
			switch {
			case l.TooLong && (len(w) <= max || len(l.Text) > lr.keep || !strings.HasPrefix(w, l.Text)):
				t.Fatalf("line %d: too long %q for %q", i+1, l.Text, w)
			case !l.TooLong && l.Text != w:
				t.Fatalf("line %d: %q, want %q", i+1, l.Text, w)
			}
		}
	})
}
