package knowledge

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	_ "embed"
)

// Kind tells what a paragraph is.
type Kind uint8

const (
	Body    Kind = iota // an ordinary paragraph
	Heading             // a short line that stands alone and opens a section
	Meta                // a trailer line: 来源:, 编辑:, 校对:, 责编:
)

func (k Kind) String() string {
	switch k {
	case Heading:
		return "heading"
	case Meta:
		return "meta"
	}
	return "body"
}

// Document is one source file: its paragraphs, split into sentences.
type Document struct {
	Name       string      `json:"name"` // file name without its extension
	Paragraphs []Paragraph `json:"paragraphs"`
}

// Paragraph is one non-blank line of a source.
type Paragraph struct {
	Number    int        `json:"n"` // 1-based, counting non-blank lines
	Kind      Kind       `json:"kind"`
	Section   int        `json:"section"` // Number of the heading above it, 0 before the first
	Sentences []Sentence `json:"sentences"`
}

// Sentence is one sentence of a paragraph, verbatim.
type Sentence struct {
	Number int    `json:"n"` // 1-based within the paragraph
	Text   string `json:"text"`
}

// Source is the raw text of one document.
type Source struct {
	Name string // document name: the file name without its extension
	Path string // where it was read from ("embedded:..." for the default)
	Text []byte
}

// MaxSourceBytes bounds one source file; a larger one is rejected.
const MaxSourceBytes = 8 << 20

// metaKeys are the trailer fields of a news article.
var metaKeys = []string{"来源", "编辑", "校对", "责编", "责任编辑", "记者", "作者", "通讯员", "摄影", "审核", "审校", "监制", "出品"}

// headingMaxRunes bounds the length of a line that counts as a heading.
const headingMaxRunes = 40

//go:embed articles/wuxi-delegation-visit.txt
var defaultArticle []byte

// DefaultSource is the article embedded in the binary, used when no sources
// are configured.
func DefaultSource() Source {
	return Source{Name: "wuxi-delegation-visit", Path: "embedded:wuxi-delegation-visit.txt", Text: defaultArticle}
}

// ReadSources reads the sources at the given paths: files, or folders whose
// *.txt files (not recursing, sorted by name) are each a source. It fails,
// naming the file, on anything missing, unreadable, empty, too large, not
// UTF-8 or binary, and on two sources with the same name.
func ReadSources(paths []string) ([]Source, error) {
	if len(paths) == 0 {
		return []Source{DefaultSource()}, nil
	}
	var out []Source
	seen := map[string]string{}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("source %s: %w", p, err)
		}
		files := []string{p}
		if info.IsDir() {
			entries, err := os.ReadDir(p)
			if err != nil {
				return nil, fmt.Errorf("source folder %s: %w", p, err)
			}
			files = files[:0]
			for _, e := range entries {
				if e.Type().IsRegular() && strings.EqualFold(filepath.Ext(e.Name()), ".txt") {
					files = append(files, filepath.Join(p, e.Name()))
				}
			}
			if len(files) == 0 {
				return nil, fmt.Errorf("source folder %s: no .txt files", p)
			}
			sort.Strings(files)
		}
		for _, f := range files {
			src, err := ReadSource(f)
			if err != nil {
				return nil, err
			}
			if prev, dup := seen[src.Name]; dup {
				return nil, fmt.Errorf("source %s: document name %q is also used by %s", f, src.Name, prev)
			}
			seen[src.Name] = f
			out = append(out, src)
		}
	}
	return out, nil
}

// ReadSource reads and checks one source file.
func ReadSource(path string) (Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return Source{}, fmt.Errorf("source %s: %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return Source{}, fmt.Errorf("source %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return Source{}, fmt.Errorf("source %s: not a regular file", path)
	}
	if info.Size() > MaxSourceBytes {
		return Source{}, fmt.Errorf("source %s: %d bytes, more than the limit of %d", path, info.Size(), MaxSourceBytes)
	}
	buf := bytes.NewBuffer(make([]byte, 0, info.Size()+1))
	if _, err := buf.ReadFrom(f); err != nil {
		return Source{}, fmt.Errorf("source %s: %w", path, err)
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	src := Source{Name: name, Path: path, Text: buf.Bytes()}
	if err := src.Check(); err != nil {
		return Source{}, fmt.Errorf("source %s: %w", path, err)
	}
	return src, nil
}

// Errors a source can fail its check with.
var (
	ErrEmpty  = errors.New("empty: no text to answer from")
	ErrBinary = errors.New("binary data, not text")
	ErrUTF8   = errors.New("not valid UTF-8 text")
)

// Check validates a source's text: non-empty, UTF-8, no NUL bytes, within
// MaxSourceBytes.
func (s Source) Check() error {
	switch {
	case len(s.Text) > MaxSourceBytes:
		return fmt.Errorf("%d bytes, more than the limit of %d", len(s.Text), MaxSourceBytes)
	case bytes.IndexByte(s.Text, 0) >= 0:
		return ErrBinary
	case !utf8.Valid(s.Text):
		return ErrUTF8
	case len(bytes.TrimSpace(bytes.TrimPrefix(s.Text, []byte("\uFEFF")))) == 0:
		return ErrEmpty
	}
	return nil
}

// Parse splits a checked source into paragraphs and sentences: one
// paragraph a non-blank line; trailer lines are Meta paragraphs; a short line
// of one sentence between body paragraphs is a Heading that opens a section.
func Parse(src Source) (Document, error) {
	if err := src.Check(); err != nil {
		return Document{}, fmt.Errorf("source %s: %w", src.Path, err)
	}
	text := strings.TrimPrefix(string(src.Text), "\uFEFF")
	doc := Document{Name: src.Name}
	section := 0
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.TrimRight(line, "\r"))
		if line == "" {
			continue
		}
		p := Paragraph{Number: len(doc.Paragraphs) + 1}
		if _, _, ok := MetaField(line); ok {
			p.Kind = Meta
			p.Sentences = []Sentence{{Number: 1, Text: line}}
		} else {
			for i, s := range SplitSentences(line) {
				p.Sentences = append(p.Sentences, Sentence{Number: i + 1, Text: s})
			}
			if len(doc.Paragraphs) > 0 && utf8.RuneCountInString(line) <= headingMaxRunes && len(p.Sentences) == 1 {
				p.Kind = Heading
				section = p.Number
			}
		}
		if len(p.Sentences) == 0 {
			continue
		}
		if p.Kind != Meta {
			p.Section = section
		}
		doc.Paragraphs = append(doc.Paragraphs, p)
	}
	if len(doc.Paragraphs) == 0 {
		return Document{}, fmt.Errorf("source %s: %w", src.Path, ErrEmpty)
	}
	// A document of one short line has no sections: it is a body paragraph.
	// So is a short line that no body paragraph follows (the last line, or
	// one before the trailer or before a heading): it opens no section.
	demoteHeadings(doc.Paragraphs)
	return doc, nil
}

// demoteHeadings makes a Body paragraph of each Heading not followed by a
// Body paragraph, deciding from the last paragraph back, and assigns the
// sections again.
func demoteHeadings(ps []Paragraph) {
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].Kind == Heading && (i+1 == len(ps) || ps[i+1].Kind != Body) {
			ps[i].Kind = Body
		}
	}
	section := 0
	for i := range ps {
		switch ps[i].Kind {
		case Heading:
			section = ps[i].Number
			ps[i].Section = section
		case Body:
			ps[i].Section = section
		}
	}
}

// MetaField splits a trailer line such as "编辑:颜霖" (ASCII or full-width
// colon) into its key and value.
func MetaField(line string) (key, value string, ok bool) {
	for _, k := range metaKeys {
		rest, found := strings.CutPrefix(line, k)
		if !found {
			continue
		}
		rest = strings.TrimLeft(rest, " \t\u3000")
		for _, colon := range []string{":", "："} {
			if v, found := strings.CutPrefix(rest, colon); found {
				v = strings.TrimSpace(v)
				if v != "" && utf8.RuneCountInString(v) <= 40 {
					return k, v, true
				}
			}
		}
	}
	return "", "", false
}

// Checksum identifies a set of sources and alias data: the SHA-256 of their
// names and texts, in order.
func Checksum(srcs []Source, aliases string) string {
	var c checksum
	for _, s := range srcs {
		c.add(s)
	}
	return c.sum(aliases)
}

// checksum is Checksum computed a source at a time.
type checksum struct{ h hash.Hash }

func (c *checksum) add(s Source) {
	if c.h == nil {
		c.h = sha256.New()
	}
	fmt.Fprintf(c.h, "%s\x00%d\x00", s.Name, len(s.Text))
	c.h.Write(s.Text)
}

// sum ends the checksum with the alias data.
func (c *checksum) sum(aliases string) string {
	if c.h == nil {
		c.h = sha256.New()
	}
	fmt.Fprintf(c.h, "aliases\x00%d\x00%s", len(aliases), aliases)
	return hex.EncodeToString(c.h.Sum(nil))
}
