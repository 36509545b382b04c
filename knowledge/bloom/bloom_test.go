package bloom

import "testing"

// TestFilter: every hash added is there; of hashes never added, about the
// share of set bits pass.
func TestFilter(t *testing.T) {
	f := New(1000, 16, 9, 17)
	if len(f.bits)*64 != 1<<14 {
		t.Fatalf("%d bits for 1000 keys at 16 a key, want 2^14", len(f.bits)*64)
	}
	hash := func(i uint64) uint64 { return (i + 1) * 0x9E3779B97F4A7C15 }
	for i := range uint64(1000) {
		f.Add(hash(i))
	}
	for i := range uint64(1000) {
		if !f.Has(hash(i)) {
			t.Fatalf("hash %d added, not found", i)
		}
	}
	pass := 0
	for i := uint64(1000); i < 11000; i++ {
		if f.Has(hash(i)) {
			pass++
		}
	}
	if pass > 1000 { // 1000 of 16384 bits set: about 6% pass
		t.Errorf("%d of 10000 hashes never added pass, want about 600", pass)
	}
	if small := New(0, 16, 9, 17); len(small.bits)*64 != 1<<9 {
		t.Errorf("an empty filter has %d bits, want the least, 2^9", len(small.bits)*64)
	}
}

// TestFromBits: a filter made of another's bits has the other's keys.
func TestFromBits(t *testing.T) {
	f := New(300, 16, 9, 17)
	hash := func(i uint64) uint64 { return (i + 7) * 0x9E3779B97F4A7C15 }
	for i := range uint64(300) {
		f.Add(hash(i))
	}
	g := FromBits(f.Bits())
	if g.shift != f.shift {
		t.Fatalf("shift %d, want %d", g.shift, f.shift)
	}
	for i := range uint64(3000) {
		if g.Has(hash(i)) != f.Has(hash(i)) {
			t.Fatalf("hash %d: FromBits has %v, the filter %v", i, g.Has(hash(i)), f.Has(hash(i)))
		}
	}
}
