// Command bleve is the comparator of the performance bar for `visitbot ask
// --json`: it indexes an article with Bleve in the same run and answers
// questions with the top match.
//
// It reads the article (one paragraph a line), splits it into sentences at
// 。！？!? and line ends, indexes each sentence as a document in an
// in-memory Bleve index whose text field uses the CJK analyzer, then reads
// questions from stdin, one a line, and for each writes one JSON line
//
//	{"q": question, "answered": bool, "citations": [{"id": "s<N>", "text": sentence}]}
//
// with the top hit (answered false and no citations when there is none).
//
// Usage: bleve ARTICLE < questions > answers.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

type sentence struct {
	Text string `json:"text"`
}

type citation struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

type answer struct {
	Q         string     `json:"q"`
	Answered  bool       `json:"answered"`
	Citations []citation `json:"citations"`
}

// split returns the sentences of text: it cuts at 。！？!? and line ends,
// keeping the end mark, and drops empty pieces.
func split(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if s := strings.TrimSpace(b.String()); s != "" {
			out = append(out, s)
		}
		b.Reset()
	}
	for _, r := range text {
		switch r {
		case '\n', '\r':
			flush()
		case '。', '！', '？', '!', '?':
			b.WriteRune(r)
			flush()
		default:
			b.WriteRune(r)
		}
	}
	flush()
	return out
}

func run(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	sents := split(string(data))

	// Only what a match query and the top hit need: no stored text (the
	// sentences are kept here), no term vectors, no _all copy, no doc
	// values.
	field := bleve.NewTextFieldMapping()
	field.Analyzer = cjk.AnalyzerName
	field.Store = false
	field.IncludeTermVectors = false
	field.IncludeInAll = false
	field.DocValues = false
	doc := bleve.NewDocumentMapping()
	doc.AddFieldMappingsAt("text", field)
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = cjk.AnalyzerName

	// Scorch, Bleve's current index, in memory (an empty path): NewMemOnly
	// would build the older upside-down index, about twice as slow here.
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return err
	}
	defer idx.Close()
	batch := idx.NewBatch()
	for i, s := range sents {
		if err := batch.Index("s"+strconv.Itoa(i+1), sentence{Text: s}); err != nil {
			return err
		}
	}
	if err := idx.Batch(batch); err != nil {
		return err
	}
	byID := make(map[string]string, len(sents))
	for i, s := range sents {
		byID["s"+strconv.Itoa(i+1)] = s
	}

	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		q := strings.TrimSpace(sc.Text())
		a := answer{Q: q, Citations: []citation{}}
		if q != "" {
			mq := bleve.NewMatchQuery(q)
			mq.SetField("text")
			req := bleve.NewSearchRequestOptions(mq, 1, 0, false)
			res, err := idx.Search(req)
			if err != nil {
				return err
			}
			if len(res.Hits) > 0 {
				id := res.Hits[0].ID
				a.Answered = true
				a.Citations = append(a.Citations, citation{ID: id, Text: byID[id]})
			}
		}
		if err := enc.Encode(a); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return w.Flush()
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: bleve ARTICLE < questions > answers.jsonl")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "bleve:", err)
		os.Exit(1)
	}
}
