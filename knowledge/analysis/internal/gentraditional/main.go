// Command gentraditional writes two files beside the analysis package from
// OpenCC's Traditional-to-Simplified conversion (github.com/longbridgeapp/opencc,
// Apache-2.0; its tables are OpenCC's, Apache-2.0):
//
//   - traditional.bin: one bit a rune of the Basic Multilingual Plane, set
//     when the conversion changes the rune on its own. analysis.Normalize
//     reads it to tell whether text needs converting at all.
//   - t2s.txt: the conversion's two tables, its phrases and its characters,
//     one "key<TAB>value" line each (the first of a key's values, as OpenCC
//     converts), which analysis reads instead of building OpenCC's tries
//     (several milliseconds of a process that meets Traditional text).
//
// The tables are read from the opencc module's own files, found with
// `go list -m`; what the library converts is then checked against them.
//
// Usage (from knowledge/analysis): go generate
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

const module = "github.com/longbridgeapp/opencc"

func main() {
	dir := flag.String("out", ".", "folder to write traditional.bin and t2s.txt into (opencc registers -dir itself)")
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
	src, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	if err != nil {
		log.Fatalf("go list -m %s: %v", module, err)
	}
	var out bytes.Buffer
	out.WriteString("# OpenCC's Traditional-to-Simplified tables (Apache-2.0), written by\n# internal/gentraditional from " + module + ": do not edit.\n")
	for _, name := range []string{"TSPhrases", "TSCharacters"} {
		fmt.Fprintf(&out, "[%s]\n", name)
		if err := table(&out, filepath.Join(strings.TrimSpace(string(src)), "dictionary", name+".txt")); err != nil {
			log.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(*dir, "t2s.txt"), out.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}

// table copies one of OpenCC's dictionary files as its library reads it:
// a line's key, a tab, and the first of its values; a later line of the
// same key replaces an earlier one.
func table(out *bytes.Buffer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var keys []string
	vals := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		items := strings.Split(strings.TrimSpace(sc.Text()), "\t")
		if len(items) < 2 {
			continue
		}
		v := strings.Fields(items[1])
		if len(v) == 0 {
			continue
		}
		if _, ok := vals[items[0]]; !ok {
			keys = append(keys, items[0])
		}
		vals[items[0]] = v[0]
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	for _, k := range keys {
		fmt.Fprintf(out, "%s\t%s\n", k, vals[k])
	}
	return nil
}
