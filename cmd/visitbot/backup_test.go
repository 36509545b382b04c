package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/visitbot/visitbot/knowledge"
)

// damaged returns a copy of the database at db damaged as how says:
// "text" changes a stored sentence, "pages" overwrites every third page
// after bbolt's two meta pages.
func damaged(t *testing.T, db, how string) string {
	t.Helper()
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	switch how {
	case "text":
		i := bytes.Index(data, []byte("带队赴福州"))
		if i < 0 {
			t.Fatal("the sentence is not in the file")
		}
		copy(data[i:], "带队赴广州")
	case "pages":
		const page = 4096
		for off := 2 * page; off+page <= len(data); off += 3 * page {
			copy(data[off:off+page], bytes.Repeat([]byte{0xA5}, page))
		}
	}
	path := filepath.Join(t.TempDir(), "damaged.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheck(t *testing.T) {
	db := freshDB(t)
	garbage := filepath.Join(t.TempDir(), "garbage.db")
	os.WriteFile(garbage, bytes.Repeat([]byte("not a database "), 1000), 0o600)
	missing := filepath.Join(t.TempDir(), "missing.db")
	tests := []struct {
		name string
		db   string
		code int
		want string
	}{
		{"sound", db, 0, "sound (1 knowledge base version, in use: version 1"},
		{"changed sentence", damaged(t, db, "text"), 1, "damaged knowledge base"},
		{"damaged pages", damaged(t, db, "pages"), 1, "damaged"},
		{"garbage", garbage, 1, "garbage.db"},
		{"missing", missing, 1, "missing.db"},
	}
	for _, tt := range tests {
		code, stdout, stderr := run(t, nil, "", "check", "--db", tt.db)
		if code != tt.code || !strings.Contains(stdout+stderr, tt.want) {
			t.Errorf("%s: exit %d, %s%s; want exit %d saying %q", tt.name, code, stdout, stderr, tt.code, tt.want)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("check created the missing file")
	}
}

func TestBackupAndRestore(t *testing.T) {
	db := freshDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "copy.db")
	if code, stdout, stderr := run(t, nil, "", "backup", "--db", db, out); code != 0 || !strings.Contains(stdout, "backed up") {
		t.Fatalf("backup: exit %d: %s %s", code, stdout, stderr)
	}
	if _, err := knowledge.Check(out); err != nil {
		t.Fatalf("the backup does not check: %v", err)
	}

	// While another process holds the file, backup says to use --from.
	st, err := knowledge.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, nil, "", "backup", "--db", db, filepath.Join(dir, "x.db"))
	if code == 0 || !strings.Contains(stderr, "--from") {
		t.Errorf("backup of a held file: exit %d: %s", code, stderr)
	}
	// ... and with VISITBOT_METRICS_ADDR set, asks the serving process there.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/backup" {
			http.NotFound(w, r)
			return
		}
		st.WriteTo(w)
	}))
	defer srv.Close()
	env := map[string]string{"VISITBOT_METRICS_ADDR": strings.TrimPrefix(srv.URL, "http://")}
	if code, stdout, stderr := run(t, env, "", "backup", "--db", db, filepath.Join(dir, "y.db")); code != 0 || !strings.Contains(stdout, "backed up http://") {
		t.Errorf("backup of a held file with VISITBOT_METRICS_ADDR: exit %d: %s %s", code, stdout, stderr)
	}
	st.Close()
	// A file nobody holds is read directly, whatever VISITBOT_METRICS_ADDR says.
	if code, stdout, stderr := run(t, map[string]string{"VISITBOT_METRICS_ADDR": "127.0.0.1:1"}, "", "backup", "--db", db, filepath.Join(dir, "z.db")); code != 0 || !strings.Contains(stdout, "backed up "+db) {
		t.Errorf("backup with VISITBOT_METRICS_ADDR of nothing: exit %d: %s %s", code, stdout, stderr)
	}

	// A damaged copy is refused and the database stays.
	target := filepath.Join(dir, "live.db")
	os.WriteFile(target, []byte("the old file"), 0o600)
	code, _, stderr = run(t, nil, "", "restore", "--db", target, damaged(t, out, "pages"))
	if code == 0 || !strings.Contains(stderr, "nothing changed") {
		t.Errorf("restore of a damaged copy: exit %d: %s", code, stderr)
	}
	if data, _ := os.ReadFile(target); string(data) != "the old file" {
		t.Errorf("a refused restore changed the database")
	}
	// A sound copy is put in place; the old file is kept.
	code, stdout, stderr := run(t, nil, "", "restore", "--db", target, out)
	if code != 0 || !strings.Contains(stdout, "restored") {
		t.Fatalf("restore: exit %d: %s %s", code, stdout, stderr)
	}
	if data, _ := os.ReadFile(target + ".before-restore"); string(data) != "the old file" {
		t.Errorf("the replaced file was not kept")
	}
	code, stdout, _ = run(t, nil, "", "ask", "--db", target, "杜小刚带队去了哪些地方?")
	if code != 0 || !strings.Contains(stdout, "带队赴福州") {
		t.Errorf("the restored database does not answer: %s", stdout)
	}
	// An empty store (no knowledge base) is not a backup worth restoring.
	empty := filepath.Join(dir, "empty.db")
	es, err := knowledge.Open(empty)
	if err != nil {
		t.Fatal(err)
	}
	es.Close()
	if code, _, stderr := run(t, nil, "", "restore", "--db", target, empty); code == 0 || !strings.Contains(stderr, "no knowledge base") {
		t.Errorf("restore of an empty store: exit %d: %s", code, stderr)
	}
}
