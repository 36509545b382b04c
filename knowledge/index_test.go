package knowledge

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

func TestPostingsRoundTrip(t *testing.T) {
	for _, ps := range [][]Posting{
		{{ID: 0, TF: 1}},
		{{ID: 5, TF: 2}},
		{{ID: 0, TF: 1}, {ID: 1, TF: 3}, {ID: 300, TF: 1}, {ID: 70000, TF: 1 << 20}},
	} {
		got, err := decodePostings(encodePostings(ps), 70001)
		if err != nil || !reflect.DeepEqual(got, ps) {
			t.Errorf("decode(encode(%v)) = %v, %v", ps, got, err)
		}
	}
}

func TestDecodePostingsErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		b    []byte
		n    int
	}{
		{"empty", nil, 10},
		{"no count", []byte{}, 10},
		{"zero count", []byte{0}, 10},
		{"count too high", []byte{2, 1, 1}, 10},
		{"count too low", []byte{1, 1, 1, 2, 1}, 10},
		{"no TF", []byte{1, 1}, 10},
		{"zero TF", []byte{1, 1, 0}, 10},
		{"huge TF", encodePostings([]Posting{{ID: 1, TF: 1<<20 + 1}}), 10},
		{"ID out of range", encodePostings([]Posting{{ID: 10, TF: 1}}), 10},
		{"repeated ID", []byte{2, 1, 1, 0, 1}, 10},
		{"overflowing gap", []byte{1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 1}, 10},
		{"truncated varint", []byte{1, 0x80}, 10},
		// 5, then a gap that wraps the ID around to 2.
		{"wrapping gap", []byte{2, 0x05, 0x01, 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x01}, 10},
	} {
		if ps, err := decodePostings(tt.b, tt.n); !errors.Is(err, errPostings) {
			t.Errorf("%s: decodePostings(%x, %d) = %v, %v; want errPostings", tt.name, tt.b, tt.n, ps, err)
		}
	}
}

// FuzzDecodePostings: whatever a damaged file holds, decoding never panics
// and gives only postings that hold together.
func FuzzDecodePostings(f *testing.F) {
	f.Add(encodePostings([]Posting{{ID: 0, TF: 1}, {ID: 7, TF: 2}}), uint16(8))
	f.Add([]byte{1, 0x80, 0x80, 0x01, 0x01}, uint16(100))
	f.Add([]byte{2, 0x05, 0x01, 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x01}, uint16(10))
	f.Fuzz(func(t *testing.T, b []byte, n uint16) {
		ps, err := decodePostings(b, int(n))
		if err != nil {
			return
		}
		for i, p := range ps {
			if int(p.ID) >= int(n) || p.TF == 0 || i > 0 && p.ID <= ps[i-1].ID {
				t.Fatalf("decodePostings(%x, %d) = %v", b, n, ps)
			}
		}
		again, err := decodePostings(encodePostings(ps), int(n))
		if err != nil || !reflect.DeepEqual(again, ps) {
			t.Fatalf("re-encoding %v gives %v, %v", ps, again, err)
		}
	})
}

// TestPostingsLayout pins the bytes doc.go gives as its example.
func TestPostingsLayout(t *testing.T) {
	got := encodePostings([]Posting{{ID: 0, TF: 2}, {ID: 7, TF: 1}})
	if want := []byte{0x02, 0x00, 0x02, 0x07, 0x01}; !bytes.Equal(got, want) {
		t.Errorf("encodePostings = % x, want % x", got, want)
	}
	ps, err := decodePostings(got, 8)
	if err != nil || len(ps) != 2 || ps[1] != (Posting{ID: 7, TF: 1}) {
		t.Errorf("decodePostings = %v, %v", ps, err)
	}
	if _, err := decodePostings(got, 7); err == nil {
		t.Error("a posting past the last sentence was accepted")
	}
}
