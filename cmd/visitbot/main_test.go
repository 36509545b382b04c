package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// run runs the program in process, as main does, with the given stdin and
// environment, and returns its exit status, stdout and stderr.
func run(t testing.TB, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return env[k] },
	}
	code := m.Run(context.Background(), args)
	if err := m.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	return code, out.String(), errOut.String()
}

// templateDB is a store holding the default article's knowledge base,
// built once per test binary; freshDB copies it, so that each test has its
// own file without building again.
var templateDB struct {
	once sync.Once
	dir  string
	path string
	err  string
}

func freshDB(t testing.TB) string {
	t.Helper()
	templateDB.once.Do(func() {
		dir, err := os.MkdirTemp("", "visitbot-cmd-test")
		if err != nil {
			templateDB.err = err.Error()
			return
		}
		templateDB.dir, templateDB.path = dir, filepath.Join(dir, "template.db")
		// Built by the real binary: in process, under the race detector,
		// a build takes ten times as long (the tests of index run it in
		// process themselves).
		if out, err := exec.Command(buildBinary(t), "index", "--db", templateDB.path).CombinedOutput(); err != nil {
			templateDB.err = fmt.Sprintf("%v: %s", err, out)
		}
	})
	if templateDB.err != "" {
		t.Fatalf("build the template knowledge base: %s", templateDB.err)
	}
	data, err := os.ReadFile(templateDB.path)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "visitbot.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// asMainEnv makes this test binary run as visitbot (TestMain), so that a
// test can start it, and its build-kb child, as real processes.
const asMainEnv = "VISITBOT_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		os.Exit(NewMain().Run(context.Background(), os.Args[1:]))
	}
	code := m.Run()
	if templateDB.dir != "" {
		os.RemoveAll(templateDB.dir)
	}
	for _, d := range cleanups.dirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// jsonAnswer is the contract of `ask --json` (DESIGN.md).
type jsonAnswer struct {
	Question  string `json:"question"`
	Answered  *bool  `json:"answered"`
	Answer    string `json:"answer"`
	Citations []struct {
		Doc       string `json:"doc"`
		Ref       string `json:"ref"`
		Paragraph int    `json:"paragraph"`
		Sentence  int    `json:"sentence"`
		Text      string `json:"text"`
	} `json:"citations"`
}

// TestAskJSONOneLinePerInputLine: every input line, however bad, gets
// exactly one JSON line, in order; only those lines go to stdout.
func TestAskJSONOneLinePerInputLine(t *testing.T) {
	db := freshDB(t)
	lines := []string{
		"杜小刚带队去了哪些地方?",
		"",
		"宇树科技的创始人是谁?",
		"\xff\xfe bad UTF-8",
		"a NUL \x00 byte",
		strings.Repeat("很长的问题", 20000), // 100 KB
		"😀😀😀",
		"   ",
		"楊珍是這篇文章的什麼人?\r", // a CRLF line
		"厦门大学无锡研究院预计什么时候可以入驻?",
	}
	stdin := strings.Join(lines, "\n") // the last line has no newline
	code, stdout, stderr := run(t, nil, stdin, "ask", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(out) != len(lines) {
		t.Fatalf("%d output lines for %d input lines:\n%s", len(out), len(lines), stdout)
	}
	wantAnswered := []bool{true, false, false, false, false, false, false, false, true, true}
	for i, line := range out {
		var a jsonAnswer
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("line %d is not JSON: %v\n%s", i+1, err, line)
		}
		if a.Answered == nil || a.Citations == nil {
			t.Errorf("line %d lacks answered or citations: %s", i+1, line)
			continue
		}
		if *a.Answered != wantAnswered[i] {
			t.Errorf("line %d (%.30q): answered %v, want %v", i+1, lines[i], *a.Answered, wantAnswered[i])
		}
		if a.Answer == "" {
			t.Errorf("line %d: empty answer text", i+1)
		}
		if *a.Answered != (len(a.Citations) > 0) {
			t.Errorf("line %d: answered %v with %d citations", i+1, *a.Answered, len(a.Citations))
		}
		for _, c := range a.Citations {
			if c.Doc != "wuxi-delegation-visit" || c.Paragraph < 1 || c.Sentence < 1 || c.Text == "" ||
				c.Ref != fmt.Sprintf("p%d.s%d", c.Paragraph, c.Sentence) {
				t.Errorf("line %d: bad citation %+v", i+1, c)
			}
		}
	}
	var first jsonAnswer
	json.Unmarshal([]byte(out[0]), &first)
	if first.Question != lines[0] || first.Citations[0].Ref != "p1.s1" {
		t.Errorf("first answer: %+v", first)
	}
}

func TestAskArguments(t *testing.T) {
	db := freshDB(t)
	code, stdout, stderr := run(t, nil, "", "ask", "--db", db, "颜霖是这篇文章的什么人?", "宇树科技的四足机器人多少钱一台?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "编辑:颜霖") || !strings.Contains(stdout, "第26段第1句") {
		t.Errorf("first answer does not quote the trailer line with its place:\n%s", stdout)
	}
	if !strings.Contains(stdout, "文章没有提到") {
		t.Errorf("second answer does not say the article does not say:\n%s", stdout)
	}
	if strings.Contains(stdout, "level=") {
		t.Errorf("logs on stdout:\n%s", stdout)
	}
}

// TestDefaultDBBuiltFromEmbeddedArticle: with no db file, ask builds one
// in the working directory's default place from the embedded article.
func TestDefaultDBBuiltFromEmbeddedArticle(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "visitbot.db")
	code, stdout, stderr := run(t, map[string]string{"VISITBOT_DB": db}, "杜小刚带队去了哪些地方?\n", "ask", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, `"answered":true`) {
		t.Errorf("not answered: %s", stdout)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("VISITBOT_DB not created: %v", err)
	}
}

func TestIndexFolderCitesDocuments(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "articles")
	os.Mkdir(src, 0o755)
	os.WriteFile(filepath.Join(src, "a-robots.txt"), []byte("宇树科技今年发布了新款人形机器人。\n这款机器人售价九万九千元。\n"), 0o644)
	os.WriteFile(filepath.Join(src, "b-airport.txt"), []byte("硕放机场去年旅客吞吐量达到一千万人次。\n"), 0o644)
	os.WriteFile(filepath.Join(src, "notes.md"), []byte("not a source"), 0o644)
	db := filepath.Join(dir, "kb.db")
	code, stdout, stderr := run(t, nil, "", "index", "--db", db, src)
	if code != 0 {
		t.Fatalf("index: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "indexed 2 documents") {
		t.Errorf("index output: %s", stdout)
	}
	code, stdout, stderr = run(t, nil, "", "ask", "--json", "--db", db, "硕放机场去年旅客吞吐量是多少?")
	if code != 0 {
		t.Fatalf("ask: exit %d: %s", code, stderr)
	}
	var a jsonAnswer
	if err := json.Unmarshal([]byte(stdout), &a); err != nil {
		t.Fatal(err)
	}
	if !*a.Answered || a.Citations[0].Doc != "b-airport" {
		t.Fatalf("answer %+v", a)
	}
	if !strings.Contains(a.Answer, "《b-airport》") {
		t.Errorf("with two documents the reply must name the document: %q", a.Answer)
	}
}

// TestIndexBadSourcesKeepTheOldBase: a bad source fails index with a
// message naming the file, and the knowledge base in the file stays.
func TestIndexBadSourcesKeepTheOldBase(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, nil, 0o644)
	binary := filepath.Join(dir, "binary.txt")
	os.WriteFile(binary, []byte("PNG\x00\x01\x02"), 0o644)
	latin1 := filepath.Join(dir, "latin1.txt")
	os.WriteFile(latin1, []byte("caf\xe9\n"), 0o644)
	tests := []struct{ name, path, want string }{
		{"missing", filepath.Join(dir, "missing.txt"), "missing.txt"},
		{"empty", empty, "empty.txt"},
		{"binary", binary, "binary.txt"},
		{"not UTF-8", latin1, "latin1.txt"},
		{"empty folder", t.TempDir(), "no .txt files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := freshDB(t)
			before, _ := os.ReadFile(db)
			code, _, stderr := run(t, nil, "", "index", "--db", db, tt.path)
			if code == 0 {
				t.Fatalf("index of %s succeeded", tt.path)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("message %q does not name %q", stderr, tt.want)
			}
			after, _ := os.ReadFile(db)
			if !bytes.Equal(before, after) {
				t.Errorf("the database file changed")
			}
			code, stdout, _ := run(t, nil, "", "ask", "--db", db, "杜小刚带队去了哪些地方?")
			if code != 0 || !strings.Contains(stdout, "杜小刚带队") {
				t.Errorf("the old knowledge base no longer answers: %s", stdout)
			}
		})
	}
}

// TestCorruptOrForeignDB: a damaged or foreign file is an error that names
// it, and is left as it was.
func TestCorruptOrForeignDB(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, bytes.Repeat([]byte("not a database "), 1000), 0o600)
	text := filepath.Join(dir, "notes.db")
	os.WriteFile(text, []byte("hello\n"), 0o600)
	for _, path := range []string{garbage, text} {
		before, _ := os.ReadFile(path)
		code, stdout, stderr := run(t, nil, "", "ask", "--db", path, "杜小刚去了哪里?")
		if code == 0 {
			t.Errorf("%s: ask succeeded: %s", path, stdout)
		}
		if !strings.Contains(stderr, path) {
			t.Errorf("%s: message does not name the file: %s", path, stderr)
		}
		after, _ := os.ReadFile(path)
		if !bytes.Equal(before, after) {
			t.Errorf("%s: file changed", path)
		}
	}
}

func TestEval(t *testing.T) {
	db := freshDB(t)
	set := filepath.Join(t.TempDir(), "set.jsonl")
	os.WriteFile(set, []byte(`{"q": "杜小刚带队去了哪些地方?", "gold": ["带队赴福州"], "kind": "where"}
{"q": "宇树科技的创始人是谁?", "gold": [], "kind": "outofscope"}
`), 0o644)
	code, stdout, stderr := run(t, nil, "", "eval", "--db", db, set)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"top-1:     1.000", "recall@3:  1.000", "abstained: 1.000", "outofscope", "where"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, []byte("{not json\n"), 0o644)
	if code, _, stderr := run(t, nil, "", "eval", "--db", db, bad); code == 0 || !strings.Contains(stderr, "line 1") {
		t.Errorf("bad set: exit %d, %s", code, stderr)
	}
}

func TestChat(t *testing.T) {
	db := freshDB(t)
	code, stdout, stderr := run(t, nil, "/sources\n宇树最早在行业里实现了什么?\n/quit\n杜小刚去了哪里?\n", "chat", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"例如", "《wuxi-delegation-visit》:28 段,41 句", "最早实现行业落地"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("chat output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "带队赴福州") {
		t.Errorf("answered after /quit:\n%s", stdout)
	}
}

// TestNoCommandWithoutTokenChats: with no subcommand and no token, the
// program is the terminal conversation.
func TestNoCommandWithoutTokenChats(t *testing.T) {
	db := freshDB(t)
	code, stdout, stderr := run(t, map[string]string{"VISITBOT_DB": db}, "杜小刚带队去了哪些地方?\n", "")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "带队赴福州") {
		t.Errorf("no answer in the conversation:\n%s", stdout)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"ask", "--help"}, {"index", "-h"}, {"help"}} {
		if code, _, _ := run(t, nil, "", args...); code != 0 {
			t.Errorf("%v: exit %d, want 0", args, code)
		}
	}
	if code, _, stderr := run(t, nil, "", "frobnicate"); code != 2 || !strings.Contains(stderr, "unknown command") {
		t.Errorf("unknown command: exit %d, %s", code, stderr)
	}
	if code, _, _ := run(t, nil, "", "ask", "--no-such-flag"); code != 2 {
		t.Errorf("bad flag: exit %d, want 2", code)
	}
	if code, _, _ := run(t, nil, "", "eval"); code != 2 {
		t.Errorf("eval without a file: exit %d, want 2", code)
	}
}

// TestIndexLongRun: a run of letters and digits longer than an index key
// may be (a pasted blob) is indexed in pieces, and the rest answers.
func TestIndexLongRun(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "blob.txt")
	blob := strings.Repeat("a1b2c3d4e5f6", 6000) // 72 KB, no separator
	os.WriteFile(src, []byte("附件编码"+blob+"。\n宇树科技总部位于杭州市滨江区。\n"), 0o644)
	db := filepath.Join(dir, "kb.db")
	if code, _, stderr := run(t, nil, "", "index", "--db", db, src); code != 0 {
		t.Fatalf("index: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := run(t, nil, "", "ask", "--db", db, "宇树科技总部在哪里?")
	if code != 0 || !strings.Contains(stdout, "滨江区") {
		t.Errorf("exit %d, %s %s", code, stdout, stderr)
	}
}

// TestAskJSONExplainKeepsStdoutJSON: --explain writes to stderr, so stdout
// stays one JSON object a line.
func TestAskJSONExplainKeepsStdoutJSON(t *testing.T) {
	db := freshDB(t)
	code, stdout, stderr := run(t, nil, "a\n杜小刚去了哪里?\n", "ask", "--json", "--explain", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines on stdout:\n%s", len(lines), stdout)
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("not JSON: %s", l)
		}
	}
	if !strings.Contains(stderr, "concept") {
		t.Errorf("no explanation on stderr:\n%s", stderr)
	}
}
