// Command gentraditional writes traditional.bin beside the analysis
// package: one bit a rune of the Basic Multilingual Plane, set when
// OpenCC's Traditional-to-Simplified conversion (github.com/longbridgeapp/opencc,
// Apache-2.0; its tables are OpenCC's, Apache-2.0) changes the rune on its
// own. analysis.Normalize reads it to tell whether text needs converting,
// so that OpenCC's tables (several milliseconds to build) are built only
// for text that has a Traditional character.
//
// Usage (from knowledge/analysis): go generate
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

func main() {
	dir := flag.String("out", ".", "folder to write traditional.bin into (opencc registers -dir itself)")
	flag.Parse()
	cc, err := opencc.New("t2s")
	if err != nil {
		log.Fatal(err)
	}
	bits := make([]byte, 0x10000/8)
	for r := rune(0); r < 0x10000; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		if out, err := cc.Convert(s); err == nil && out != s {
			bits[r>>3] |= 1 << (r & 7)
		}
	}
	if err := os.WriteFile(filepath.Join(*dir, "traditional.bin"), bits, 0o644); err != nil {
		log.Fatal(err)
	}
}
