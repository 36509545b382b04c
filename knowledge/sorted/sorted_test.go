package sorted

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestSectionRoundTrip(t *testing.T) {
	m := map[string][]string{"厦门": {"xia men"}, "a": nil, "杜小刚": {"du", "xiao", "gang"}, "": {"empty key"}}
	data := Append([]byte("x"), Keys(m), func(b []byte, k string) []byte { return AppendStrings(b, m[k]) })
	s, rest, err := Read(string(data[1:]) + "tail")
	if err != nil || rest != "tail" {
		t.Fatalf("Read: %v, rest %q", err, rest)
	}
	if s.Len() != len(m) {
		t.Fatalf("Len = %d, want %d", s.Len(), len(m))
	}
	for k, want := range m {
		v, ok := s.Find(k)
		if !ok || !slices.Equal(Strings(v), want) && len(want) > 0 {
			t.Errorf("Find(%q) = %q, %v; want %q", k, Strings(v), ok, want)
		}
	}
	for _, k := range []string{"b", "厦", "杜小刚们", "\x00"} {
		if s.Has(k) {
			t.Errorf("Has(%q): no such key", k)
		}
	}
	for i := range s.Len() {
		k, _, ok := s.Entry(i)
		if !ok || i > 0 {
			prev, _, _ := s.Entry(i - 1)
			if !ok || prev >= k {
				t.Errorf("entry %d %q after %q: not sorted", i, k, prev)
			}
		}
	}
	if _, _, ok := s.Entry(s.Len()); ok {
		t.Error("an entry past the last")
	}
}

// TestSectionDamage: a cut section is an error; altered bytes are an
// error, or find nothing, or find a key's own entry; never a panic.
func TestSectionDamage(t *testing.T) {
	keys := []string{"一", "二", "三", "四"}
	slices.Sort(keys)
	data := string(Append(nil, keys, func(b []byte, k string) []byte { return AppendString(b, k+k) }))
	for n := range len(data) {
		if _, _, err := Read(data[:n]); err == nil {
			t.Errorf("cut at %d of %d: no error", n, len(data))
		}
	}
	for i := range len(data) {
		bad := []byte(data)
		bad[i] ^= 0xff
		s, _, err := Read(string(bad))
		if err != nil {
			continue
		}
		plain := s
		plain.slots = ""
		for _, k := range keys {
			// Where k's value lies in data: a flipped byte there may
			// change it, nowhere else.
			entry := string(AppendString(AppendString(nil, k), k+k))
			at := strings.Index(data, entry) + len(AppendString(nil, k))
			inValue := at <= i && i < at+len(entry)-len(AppendString(nil, k))
			for _, sec := range []Section{s, plain} {
				v, ok := sec.Find(k)
				if !ok {
					continue
				}
				if str, _, ok := String(v); (!ok || str != k+k) && !inValue {
					t.Errorf("byte %d: Find(%q) = %q, another entry's", i, k, v)
				}
			}
		}
	}
}

// TestSectionFormat pins the encoding, the table and Hash included: a
// change to either is a change of the stored format (SchemaVersion).
func TestSectionFormat(t *testing.T) {
	got := fmt.Sprintf("%x", Append(nil, []string{"a", "厦门"}, func(b []byte, k string) []byte { return append(b, 'v') }))
	const want = "00000002" + "0000000b" + "00000004" + // count, size, nslots
		"00000000" + "00000003" + // offsets
		"016176" + "06e58ea6e997a876" + // entries: a v, 厦门 v
		"73000002" + "00000000" + "00000000" + "e4000001" // slots: 厦门 (fingerprint 73), a (e4)
	if got != want {
		t.Errorf("Append = %s\nwant     %s", got, want)
	}
}

func TestUvarint(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want uint64
		n    int
	}{{"\x00", 0, 1}, {"\x7f", 127, 1}, {"\x80\x01", 128, 2}, {"\x80", 0, 0}, {"", 0, 0}} {
		if got, n := Uvarint(tt.in); got != tt.want || n != tt.n {
			t.Errorf("Uvarint(%q) = %d, %d; want %d, %d", tt.in, got, n, tt.want, tt.n)
		}
	}
}

func TestSectionPrefix(t *testing.T) {
	m := map[string][]string{"厦门": nil, "厦门大学": nil, "杜": nil, "杜小刚": nil, "杜甫": nil, "杭州": nil, "a": nil}
	data := Append(nil, Keys(m), func(b []byte, k string) []byte { return AppendStrings(b, m[k]) })
	s, _, err := Read(string(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		prefix string
		want   []string
	}{
		{"杜", []string{"杜", "杜小刚", "杜甫"}},
		{"厦门", []string{"厦门", "厦门大学"}},
		{"杭州市", nil},
		{"", []string{"a", "厦门", "厦门大学", "杜", "杜小刚", "杜甫", "杭州"}},
	} {
		var got []string
		s.Prefix(tt.prefix, func(k, _ string) bool { got = append(got, k); return true })
		if !slices.Equal(got, tt.want) {
			t.Errorf("Prefix(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
	}
	n := 0
	s.Prefix("杜", func(string, string) bool { n++; return false })
	if n != 1 {
		t.Errorf("Prefix went on after yield returned false: %d entries", n)
	}
}

// TestSectionTable: the hash table finds what a binary search of the
// entries finds, for keys there and not there, by string and by bytes;
// small and large sections, keys that share long suffixes; a section of
// more than MaxTabled entries has no table and is searched.
func TestSectionTable(t *testing.T) {
	for _, n := range []int{1, 2, 3, 100, 5000, MaxTabled + 1} {
		var keys []string
		for i := range n {
			r := rune(0x4E00 + i%700)
			switch i % 5 {
			case 0:
				keys = append(keys, string(r))
			case 1:
				keys = append(keys, string([]rune{r, rune(0x4E00 + i)}))
			case 2:
				keys = append(keys, string([]rune{r, rune(0x4E00 + i)})+"科技有限公司")
			default:
				keys = append(keys, string([]rune{r, rune(0x4E00 + i), 'a' + rune(i%26)}))
			}
		}
		if n > 3 {
			keys = append(keys, "", "a", "ab", "abcdefgh", "abcdefghi", "du xiao gang")
		}
		s, keys := sectionOf(t, keys)
		if len(s.slots) != 4*slotCount(s.Len()) || (s.slots == "") != (s.Len() > MaxTabled) {
			t.Fatalf("%d entries: %d bytes of slots", s.Len(), len(s.slots))
		}
		plain := s
		plain.slots = ""
		probes := append([]string{"abc", "b", "du xiao", "\xe4", "\xe4\xb8", "厦门"}, keys...)
		for _, k := range keys {
			probes = append(probes, k+"x", k+"的", "的"+k, k[:len(k)/2])
		}
		for _, k := range probes {
			v1, ok1 := plain.Find(k)
			v2, ok2 := s.Find(k)
			v3, ok3 := s.FindBytes([]byte(k))
			if v1 != v2 || ok1 != ok2 || v1 != v3 || ok1 != ok3 {
				t.Fatalf("%d entries: Find(%q) = %q, %v by the table, %q, %v by bytes; %q, %v searched", n, k, v2, ok2, v3, ok3, v1, ok1)
			}
		}
	}
}

// TestSectionTableDamage: slots that are all full, or point past the
// entries, end the probe: no hang, no panic, no false entry.
func TestSectionTableDamage(t *testing.T) {
	s, keys := sectionOf(t, []string{"一", "二", "三"})
	plain := s
	plain.slots = ""
	for _, fill := range []string{"\xff", "\x01", "\x00\x00\x00\x09"} {
		bad := s
		bad.slots = strings.Repeat(fill, len(s.slots)/len(fill))
		for _, k := range append(keys, "四", "") {
			want, there := plain.Find(k)
			if v, ok := bad.Find(k); ok && (!there || v != want) {
				t.Errorf("slots %q: Find(%q) = %q, want %q, %v", fill, k, v, want, there)
			}
		}
	}
	if _, _, err := Read(string(Append(nil, keys, nil))[:12]); err == nil {
		t.Error("a section cut before its slots read without error")
	}
	data := []byte(string(Append(nil, keys, nil)))
	data[11]++ // nslots
	if _, _, err := Read(string(data) + "\x00\x00\x00\x00"); err == nil {
		t.Error("a section with the wrong number of slots read without error")
	}
}

// sectionOf returns the section of keys (sorted and deduplicated, as it
// returns them), each with the value "v" and the key.
func sectionOf(t *testing.T, keys []string) (Section, []string) {
	t.Helper()
	slices.Sort(keys)
	keys = slices.Compact(keys)
	data := Append(nil, keys, func(b []byte, k string) []byte { return AppendString(b, "v"+k) })
	s, _, err := Read(string(data))
	if err != nil {
		t.Fatal(err)
	}
	return s, keys
}

// TestAppendStringsOf: the strings are appended after what dst holds, and
// a list that does not hold together leaves dst as it was.
func TestAppendStringsOf(t *testing.T) {
	v := string(AppendStrings(nil, []string{"b", "c"}))
	if got := AppendStringsOf([]string{"a"}, v); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("AppendStringsOf = %q", got)
	}
	if got := AppendStringsOf([]string{"a"}, v[:len(v)-1]); !slices.Equal(got, []string{"a"}) {
		t.Errorf("AppendStringsOf of a cut list = %q", got)
	}
	if got := Strings(v[:len(v)-1]); got != nil {
		t.Errorf("Strings of a cut list = %q", got)
	}
}

// BenchmarkFind looks up keys, half of them in the section, in a guarded
// section (Lazy) of a few entries and of many, its blocks checked once
// before.
func BenchmarkFind(b *testing.B) {
	for _, n := range []int{140, 50000} {
		keys := make([]string, n)
		for i := range keys {
			keys[i] = fmt.Sprintf("词语%06d", i)
		}
		parts, err := ReadParts(string(AppendParts(nil, "B", Append(nil, keys, func(b []byte, k string) []byte { return append(b, 'p') }))), "B", 1)
		if err != nil {
			b.Fatal(err)
		}
		s := NewLazy(parts).SectionRef(0)
		for _, k := range keys {
			s.Find(k)
		}
		var probe []string
		for i := range 32 {
			probe = append(probe, keys[(i*7919)%n], fmt.Sprintf("没有%06d", i))
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				for _, k := range probe {
					s.Find(k)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(probe)), "ns/find")
		})
	}
}
