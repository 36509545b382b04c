// Command genreadings writes the pinyin readings table that
// analysis.Sound and analysis.Romanise read (readings.txt and
// readings.idx beside the analysis package; format in pinyin.go), from
// the data of github.com/mozillazg/go-pinyin (MIT; its readings come from
// pinyin-data, MIT). Only this generator links go-pinyin: its package
// initialisation builds a 42,000-entry map, 7 ms of every process start.
//
// Usage (from knowledge/analysis): go generate
package main

import (
	"bufio"
	"encoding/binary"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mozillazg/go-pinyin"
)

func main() {
	dir := flag.String("dir", ".", "folder to write readings.txt and readings.idx into")
	flag.Parse()
	if err := run(*dir); err != nil {
		log.Fatal(err)
	}
}

func run(dir string) error {
	heteronym := pinyin.NewArgs()
	heteronym.Heteronym = true
	first := pinyin.NewArgs()
	runes := make([]int, 0, len(pinyin.PinyinDict))
	for r := range pinyin.PinyinDict {
		runes = append(runes, r)
	}
	slices.Sort(runes)
	sets := map[string]uint16{}
	var lines []string
	var idx []byte
	for _, r := range runes {
		ps := pinyin.SinglePinyin(rune(r), heteronym)
		if len(ps) == 0 {
			continue
		}
		if p := pinyin.SinglePinyin(rune(r), first); len(p) == 0 || p[0] != ps[0] {
			return fmt.Errorf("U+%04X: first reading %q is not the first of %q", r, p, ps)
		}
		for _, p := range ps {
			if p == "" || strings.ContainsAny(p, " \n") {
				return fmt.Errorf("U+%04X: reading %q", r, p)
			}
		}
		set := strings.Join(ps, " ")
		n, ok := sets[set]
		if !ok {
			if len(lines) > 0xFFFF {
				return fmt.Errorf("more than 65,536 sets of readings")
			}
			n = uint16(len(lines))
			sets[set] = n
			lines = append(lines, set)
		}
		idx = binary.BigEndian.AppendUint32(idx, uint32(r))
		idx = binary.BigEndian.AppendUint16(idx, n)
	}
	f, err := os.Create(filepath.Join(dir, "readings.txt"))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, l := range lines {
		w.WriteString(l + "\n")
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "readings.idx"), idx, 0o644)
}
