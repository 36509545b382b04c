package sorted

import (
	"errors"
	"fmt"
	"testing"
)

func TestParts(t *testing.T) {
	data := string(AppendParts([]byte("x"), "MAG", []byte("one"), nil, []byte("three")))[1:]
	p, err := ReadParts(data, "MAG", 3)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"one", "", "three"} {
		if got, err := p.Part(i); err != nil || got != want {
			t.Errorf("Part(%d) = %q, %v; want %q", i, got, err, want)
		}
	}
	if _, err := ReadParts(data, "MAG", 2); err == nil {
		t.Error("two parts read from three")
	}
	if _, err := ReadParts(data, "GAM", 3); err == nil {
		t.Error("another magic read")
	}
	for n := range len(data) {
		if _, err := ReadParts(data[:n], "MAG", 3); err == nil {
			t.Errorf("cut at %d: no error", n)
		}
	}
	// A flipped bit: in the header an error at once, in a part an error
	// when that part is read, the others intact.
	for i := range len(data) {
		bad := []byte(data)
		bad[i] ^= 0x10
		p, err := ReadParts(string(bad), "MAG", 3)
		if err != nil {
			if !errors.Is(err, ErrDamaged) {
				t.Errorf("byte %d: %v", i, err)
			}
			continue
		}
		damaged := 0
		for k := range p.Len() {
			if _, err := p.Part(k); err != nil {
				damaged++
			}
		}
		if damaged != 1 {
			t.Errorf("byte %d flipped: %d damaged parts, want 1", i, damaged)
		}
	}
}

// TestLazyBlocks: a look-up checks the blocks it reads, not the whole
// part. A damaged block fails the look-ups that read it, and Err says so;
// the others still find their entries; no look-up finds a wrong value.
func TestLazyBlocks(t *testing.T) {
	var keys []string
	for i := range 3000 {
		keys = append(keys, fmt.Sprintf("词%05d", i))
	}
	value := func(b []byte, k string) []byte { return AppendString(b, "值"+k) }
	sec := Append(nil, keys, value)
	data := AppendParts(nil, "MAG", sec)
	if blocks(len(sec)) < 4 {
		t.Fatalf("a section of %d bytes: too few blocks to test", len(sec))
	}
	bad := []byte(string(data))
	at := len(bad) - len(sec) + len(sec)/2 // the middle of the entries
	bad[at] ^= 0x40
	p, err := ReadParts(string(bad), "MAG", 1)
	if err != nil {
		t.Fatal(err)
	}
	l := NewLazy(p)
	s := l.SectionRef(0)
	if err := l.Err(); err != nil || s.Len() != len(keys) {
		t.Fatalf("the header's block is intact: Len %d, Err %v", s.Len(), err)
	}
	if _, ok := s.Find(keys[0]); !ok || l.Err() != nil {
		t.Fatalf("a key far from the damage: found %v, Err %v", ok, l.Err())
	}
	missed := 0
	for _, k := range keys {
		v, ok := s.Find(k)
		if !ok {
			missed++
			continue
		}
		if got, _, _ := String(v); got != "值"+k {
			t.Fatalf("Find(%q) = %q", k, got)
		}
	}
	if missed == 0 || missed > len(keys)/4 {
		t.Errorf("%d of %d keys missed: want those of the damaged block only", missed, len(keys))
	}
	if err := l.Err(); !errors.Is(err, ErrDamaged) {
		t.Errorf("after reading the damaged block, Err = %v", err)
	}
	if _, err := p.Part(0); !errors.Is(err, ErrDamaged) {
		t.Errorf("the whole part checked: %v", err)
	}
}

// TestLazyCheck: a raw part read a range at a time (Unchecked, Check)
// fails only the ranges in a damaged block, and Err says so after one
// does; ranges outside the part fail.
func TestLazyCheck(t *testing.T) {
	raw := make([]byte, 5*BlockSize)
	for i := range raw {
		raw[i] = byte(i * 7)
	}
	data := AppendParts(nil, "MAG", raw)
	bad := []byte(string(data))
	bad[len(bad)-len(raw)+2*BlockSize+10] ^= 0x01 // in block 2
	p, err := ReadParts(string(bad), "MAG", 1)
	if err != nil {
		t.Fatal(err)
	}
	l := NewLazy(p)
	if got := l.Unchecked(0); len(got) != len(raw) {
		t.Fatalf("Unchecked: %d bytes, want %d", len(got), len(raw))
	}
	for _, r := range [][2]int{{0, 16}, {BlockSize - 8, BlockSize + 8}, {3 * BlockSize, 5 * BlockSize}, {0, 16}} {
		if !l.Check(0, r[0], r[1]) || l.Err() != nil {
			t.Fatalf("Check(%d, %d) of intact blocks: false, Err %v", r[0], r[1], l.Err())
		}
	}
	if l.Check(0, 2*BlockSize+8, 2*BlockSize+24) {
		t.Fatal("Check of the damaged block: true")
	}
	if !errors.Is(l.Err(), ErrDamaged) {
		t.Fatalf("after the damaged block, Err = %v", l.Err())
	}
	if l.Check(0, 5*BlockSize-4, 5*BlockSize+4) || l.Check(0, -1, 3) {
		t.Fatal("Check of bytes outside the part: true")
	}
}
