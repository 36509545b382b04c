package sorted

import (
	"errors"
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
