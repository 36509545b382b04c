package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/botstate"
)

// TestAliasesExport: `visitbot aliases` prints the table in use, the
// configured one and then the groups admins added with /alias, as a table
// --aliases reads back; the exported table answers as the bot did.
func TestAliasesExport(t *testing.T) {
	db := freshDB(t)
	code, plain, stderr := run(t, nil, "", "aliases", "--db", db)
	if code != 0 || plain != knowledge.DefaultAliases() {
		t.Fatalf("aliases with no admin groups: exit %d, %d bytes (want the embedded table)\n%s", code, len(plain), stderr)
	}
	st, err := knowledge.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if err := botstate.New(st).Write(map[string][]byte{"aliases": []byte("老杜 = 杜小刚\n")}, nil); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, table, stderr := run(t, nil, "", "aliases", "--db", db)
	if code != 0 || !strings.HasPrefix(table, strings.TrimRight(knowledge.DefaultAliases(), "\n")) ||
		!strings.HasSuffix(table, adminAliasesHeader+"老杜 = 杜小刚\n") {
		t.Fatalf("aliases: exit %d\n%s\n%s", code, table, stderr)
	}
	file := filepath.Join(t.TempDir(), "aliases.txt")
	if err := os.WriteFile(file, []byte(table), 0o600); err != nil {
		t.Fatal(err)
	}
	const q = "书记老杜去了哪些城市?"
	if _, out, _ := run(t, nil, "", "ask", "--db", filepath.Join(t.TempDir(), "x.db"), "--aliases", file, q); !strings.Contains(out, "杜小刚带队") {
		t.Errorf("the exported table does not answer %s:\n%s", q, out)
	}
	if code, _, _ := run(t, nil, "", "aliases", "--db", db, "extra"); code == 0 {
		t.Errorf("aliases with an argument succeeded")
	}
}
