package sorted

import (
	"slices"
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

// TestSectionDamage: cut or altered bytes are an error or find nothing;
// never a panic.
func TestSectionDamage(t *testing.T) {
	keys := []string{"一", "二", "三", "四"}
	slices.Sort(keys)
	data := string(Append(nil, keys, func(b []byte, k string) []byte { return AppendString(b, k+k) }))
	for n := range len(data) {
		if _, _, err := Read(data[:n]); err == nil && n < 8 {
			t.Errorf("cut at %d: no error", n)
		}
	}
	for i := range len(data) {
		bad := []byte(data)
		bad[i] ^= 0xff
		s, _, err := Read(string(bad))
		if err != nil {
			continue
		}
		for _, k := range keys {
			if v, ok := s.Find(k); ok {
				if str, _, ok := String(v); ok && len(str) > len(v) {
					t.Errorf("String of %d bytes gave %d", len(v), len(str))
				}
				for _, x := range Strings(v) {
					if len(x) > len(v) {
						t.Errorf("Strings of %d bytes gave one of %d", len(v), len(x))
					}
				}
			}
		}
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

// TestSectionSpans: a section too large for a hash index finds through
// its prefixes' spans what a search of the whole section finds.
func TestSectionSpans(t *testing.T) {
	var keys []string
	for i := range 2 * SmallSection {
		r := rune(0x4E00 + i%700)
		switch i % 5 {
		case 0:
			keys = append(keys, string(r))
		case 1:
			keys = append(keys, string([]rune{r, rune(0x4E00 + i)}))
		default:
			keys = append(keys, string([]rune{r, rune(0x4E00 + i), 'a' + rune(i%26)}))
		}
	}
	keys = append(keys, "", "a", "ab", "abc", "abcd", "abd", "b")
	plain, keys := sectionOf(t, keys)
	spanned := plain.Indexed()
	if spanned.large == nil || spanned.index != nil {
		t.Fatalf("%d entries: no spans", plain.Len())
	}
	probes := append([]string{"abcde", "aa", "ac", "c", "\xe4", "\xe4\xb8", "厦门"}, keys...)
	for _, k := range keys {
		probes = append(probes, k+"x", k[:len(k)/2])
	}
	for _, k := range probes {
		v1, ok1 := plain.Find(k)
		v2, ok2 := spanned.Find(k)
		if v1 != v2 || ok1 != ok2 {
			t.Fatalf("Find(%q) = %q, %v with spans; %q, %v without", k, v2, ok2, v1, ok1)
		}
	}
	if sp, f := spanned.large.get(&spanned); sp == nil || f == nil {
		t.Error("no spans or no filter made")
	}
}

// TestSectionFilter: a small section's hash index, behind its filter,
// finds what a search of the section finds, and the filter turns away
// most keys that are not there.
func TestSectionFilter(t *testing.T) {
	var keys []string
	for i := range 2000 {
		keys = append(keys, string([]rune{rune(0x4E00 + i%97), rune(0x4E00 + i)}), string(rune(0x5E00+i)))
	}
	keys = append(keys, "", "a", "ab", "du xiao gang")
	plain, keys := sectionOf(t, keys)
	indexed := plain.Indexed()
	if indexed.index == nil || indexed.filter == nil {
		t.Fatalf("%d entries: no index", plain.Len())
	}
	passed := 0
	probes := append([]string{"abc", "b", "du xiao", "du xiao gan"}, keys...)
	for _, k := range keys {
		probes = append(probes, k+"x", k+"的", "的"+k, k[:len(k)/2])
	}
	for _, k := range probes {
		v1, ok1 := plain.Find(k)
		v2, ok2 := indexed.Find(k)
		v3, ok3 := indexed.FindBytes([]byte(k))
		if v1 != v2 || ok1 != ok2 || v1 != v3 || ok1 != ok3 {
			t.Fatalf("Find(%q) = %q, %v indexed, %q, %v by bytes; %q, %v searched", k, v2, ok2, v3, ok3, v1, ok1)
		}
		if !ok1 && mayHave(indexed.filter, k) {
			passed++
		}
	}
	if missing := len(probes) - len(keys); passed > missing/3 {
		t.Errorf("the filter passed %d of %d keys that are not there", passed, missing)
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
