// Command synthcorpus writes a folder of synthetic sources (package synth)
// for measuring `visitbot index` at scale: about MB megabytes (10^6 bytes)
// of UTF-8 Chinese text in FILES files, each a run of synthetic articles
// one after another. The output depends only on the flags.
//
//	go run ./knowledge/synth/cmd/synthcorpus -mb 50 -files 7 -out /tmp/corpus50
//	/usr/bin/time -v visitbot index --db /tmp/kb50.db /tmp/corpus50
//
// Each file must stay under knowledge.MaxSourceBytes (8 MiB): with 7 files
// that allows up to about 58 MB.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/visitbot/visitbot/knowledge"
	"github.com/visitbot/visitbot/knowledge/synth"
)

func main() {
	mb := flag.Float64("mb", 50, "total size in megabytes (10^6 bytes)")
	files := flag.Int("files", 7, "number of files")
	out := flag.String("out", "", "the `folder` to write into (created)")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Parse()
	if err := run(*out, int64(*mb*1e6), *files, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "synthcorpus:", err)
		os.Exit(1)
	}
}

// run writes files files of total/files bytes or a little more each.
func run(dir string, total int64, files int, seed int64) error {
	if dir == "" || files < 1 || total < 1 {
		return fmt.Errorf("usage: synthcorpus -out FOLDER [-mb 50] [-files 7]")
	}
	per := (total + int64(files) - 1) / int64(files)
	if per >= knowledge.MaxSourceBytes {
		return fmt.Errorf("%d bytes a file is over the %d-byte limit a source: use more files", per, knowledge.MaxSourceBytes)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	n := 0
	for i := range files {
		path := filepath.Join(dir, fmt.Sprintf("corpus-%02d.txt", i+1))
		size, err := writeFile(path, per, seed, &n)
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		fmt.Fprintf(os.Stderr, "%s: %d bytes\n", path, size)
	}
	return nil
}

// writeFile writes synthetic articles into path until it holds at least
// size bytes, without going over the source limit; *n counts the articles
// across files so that each is different.
func writeFile(path string, size, seed int64, n *int) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriter(f)
	var written int64
	for written < size {
		*n++
		// synth.Articles(k, seed) are the first k of one sequence: make
		// one at a time with a seed of its own.
		a := synth.Articles(1, seed*1_000_003+int64(*n))[0]
		if written+int64(len(a.Text)) >= knowledge.MaxSourceBytes {
			break
		}
		if _, err := w.Write(a.Text); err != nil {
			f.Close()
			return written, err
		}
		written += int64(len(a.Text))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return written, err
	}
	return written, f.Close()
}
