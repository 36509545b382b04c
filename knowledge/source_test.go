package knowledge

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// writeFile writes a file under dir, making folders as needed, and returns
// its path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadSourceErrors(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: its size is over the limit, its blocks are not written.
	if err := f.Truncate(MaxSourceBytes + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	tests := []struct {
		name string
		path string
		is   error  // errors.Is target, or nil
		text string // in the message, besides the path
	}{
		{"missing", filepath.Join(dir, "missing.txt"), fs.ErrNotExist, ""},
		{"folder", writeFolder(t, dir, "folder.txt"), nil, "not a regular file"},
		{"empty", writeFile(t, dir, "empty.txt", ""), ErrEmpty, ""},
		{"white space", writeFile(t, dir, "space.txt", " \n\t\r\n\u3000\u3000\n"), ErrEmpty, ""},
		{"BOM only", writeFile(t, dir, "bom.txt", "\uFEFF\n"), ErrEmpty, ""},
		{"NUL", writeFile(t, dir, "nul.txt", "正文。\x00正文。"), ErrBinary, ""},
		{"UTF-16 ASCII", writeFile(t, dir, "utf16a.txt", "\xff\xfea\x00b\x00"), ErrBinary, ""},
		{"UTF-16 Chinese", writeFile(t, dir, "utf16c.txt", "\xff\xfe\x2d\x4e\x87\x65"), ErrUTF8, ""},
		{"invalid UTF-8", writeFile(t, dir, "latin1.txt", "caf\xe9 au lait"), ErrUTF8, ""},
		{"GBK", writeFile(t, dir, "gbk.txt", "\xce\xde\xce\xfd"), ErrUTF8, ""},
		{"too large", big, nil, "more than the limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := ReadSource(tt.path)
			if err == nil {
				t.Fatalf("ReadSource(%s) = %q, no error", tt.path, src.Name)
			}
			if !strings.Contains(err.Error(), tt.path) {
				t.Errorf("error %q does not name the file %s", err, tt.path)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q is not %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q does not say %q", err, tt.text)
			}
			// ReadSources reports the same file.
			if _, err := ReadSources([]string{tt.path}); err == nil || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("ReadSources([%s]) = %v; want an error naming the file", tt.path, err)
			}
		})
	}
}

func writeFolder(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadSource(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		file, text, name string
	}{
		{"article.txt", "正文。\n", "article"},
		{"with.dots.v2.txt", "正文。", "with.dots.v2"},
		{"报道.TXT", "正文。", "报道"},
		{"noext", "正文。", "noext"},
		{"bom.txt", "\uFEFF正文。", "bom"},
	}
	for _, tt := range tests {
		path := writeFile(t, dir, tt.file, tt.text)
		src, err := ReadSource(path)
		if err != nil {
			t.Errorf("ReadSource(%s): %v", tt.file, err)
			continue
		}
		if src.Name != tt.name || src.Path != path || string(src.Text) != tt.text {
			t.Errorf("ReadSource(%s) = {%q %q %q}; want {%q %q %q}", tt.file, src.Name, src.Path, src.Text, tt.name, path, tt.text)
		}
	}
	// A BOM is not part of the first sentence.
	doc, err := Parse(Source{Name: "bom", Path: "bom.txt", Text: []byte("\uFEFF正文。")})
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Paragraphs[0].Sentences[0].Text; got != "正文。" {
		t.Errorf("first sentence after a BOM = %q", got)
	}
}

func TestReadSources(t *testing.T) {
	dir := t.TempDir()
	// Written out of order: a folder is read in sorted order.
	writeFile(t, dir, "docs/c.txt", "丙。")
	writeFile(t, dir, "docs/a.txt", "甲。")
	writeFile(t, dir, "docs/b.txt", "乙。")
	writeFile(t, dir, "docs/notes.md", "不是来源。")
	writeFile(t, dir, "docs/sub/d.txt", "不递归。")
	writeFolder(t, dir, "docs/e.txt") // a folder named like a source
	single := writeFile(t, dir, "single.txt", "单。")

	srcs, err := ReadSources([]string{single, filepath.Join(dir, "docs")})
	if err != nil {
		t.Fatal(err)
	}
	var names, texts []string
	for _, s := range srcs {
		names = append(names, s.Name)
		texts = append(texts, string(s.Text))
	}
	if want := []string{"single", "a", "b", "c"}; !reflect.DeepEqual(names, want) {
		t.Errorf("names %q, want %q", names, want)
	}
	if want := []string{"单。", "甲。", "乙。", "丙。"}; !reflect.DeepEqual(texts, want) {
		t.Errorf("texts %q, want %q", texts, want)
	}
	if want := filepath.Join(dir, "docs", "a.txt"); srcs[1].Path != want {
		t.Errorf("path %q, want %q", srcs[1].Path, want)
	}

	// No paths: the embedded article.
	srcs, err = ReadSources(nil)
	if err != nil || len(srcs) != 1 || srcs[0].Name != "wuxi-delegation-visit" || !bytes.Equal(srcs[0].Text, defaultArticle) {
		t.Errorf("ReadSources(nil) = %v, %v; want the default article", srcs, err)
	}
}

func TestReadSourcesErrors(t *testing.T) {
	dir := t.TempDir()
	noTxt := filepath.Join(dir, "notxt")
	writeFile(t, noTxt, "readme.md", "说明。")
	emptyDir := writeFolder(t, dir, "empty")
	x1 := writeFile(t, dir, "one/x.txt", "一。")
	x2 := writeFile(t, dir, "two/x.txt", "二。")
	bad := writeFile(t, dir, "bad/b.txt", "\x00")
	writeFile(t, dir, "bad/a.txt", "好。")
	tests := []struct {
		name  string
		paths []string
		names []string // the message names all of them
	}{
		{"missing", []string{filepath.Join(dir, "nowhere")}, []string{filepath.Join(dir, "nowhere")}},
		{"folder with no .txt", []string{noTxt}, []string{noTxt, "no .txt"}},
		{"empty folder", []string{emptyDir}, []string{emptyDir}},
		{"duplicate name", []string{x1, x2}, []string{x1, x2, `"x"`}},
		{"same file twice", []string{x1, x1}, []string{x1}},
		{"duplicate across folders", []string{filepath.Join(dir, "one"), filepath.Join(dir, "two")}, []string{x1, x2}},
		{"bad file in a folder", []string{filepath.Join(dir, "bad")}, []string{bad}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srcs, err := ReadSources(tt.paths)
			if err == nil {
				t.Fatalf("ReadSources(%q) = %d sources, no error", tt.paths, len(srcs))
			}
			for _, n := range tt.names {
				if !strings.Contains(err.Error(), n) {
					t.Errorf("error %q does not name %s", err, n)
				}
			}
		})
	}
}

func TestSourceCheck(t *testing.T) {
	tests := []struct {
		text string
		want error // nil for none; errTooLarge for the size
	}{
		{"正文。", nil},
		{"\uFEFF正文", nil},
		{"a", nil},
		{"", ErrEmpty},
		{"\uFEFF", ErrEmpty},
		{"\u3000\n\t", ErrEmpty},
		{"a\x00", ErrBinary},
		{"\x00\xff", ErrBinary}, // NUL is reported first
		{"\xe4\xb8", ErrUTF8},   // a rune cut short
		{"\xed\xa0\x80", ErrUTF8},
	}
	for _, tt := range tests {
		err := Source{Text: []byte(tt.text)}.Check()
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("Check(%q) = %v, want %v", tt.text, err, tt.want)
		}
	}
	large := Source{Text: bytes.Repeat([]byte("a"), MaxSourceBytes+1)}
	if err := large.Check(); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("Check of %d bytes = %v, want the limit", len(large.Text), err)
	}
	large.Text = large.Text[:MaxSourceBytes]
	if err := large.Check(); err != nil {
		t.Errorf("Check of exactly MaxSourceBytes = %v", err)
	}
}
