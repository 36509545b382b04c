package bot

import (
	"testing"
	"time"
)

func TestWindow(t *testing.T) {
	t0 := time.Unix(1000, 0)
	w := newWindow(2, time.Second)
	if at, ok := w.next(); !ok || at.After(t0) {
		t.Fatalf("a new window is not free: %v %v", at, ok)
	}
	a := w.take(t0)
	b := w.take(t0)
	if _, ok := w.next(); ok {
		t.Fatalf("both slots are in flight, yet next says one is free")
	}
	w.release(a, t0.Add(100*time.Millisecond))
	if at, ok := w.next(); !ok || !at.Equal(t0.Add(1100*time.Millisecond)) {
		t.Errorf("slot free at %v, want a period after its answer", at)
	}
	w.release(b, t0.Add(300*time.Millisecond))
	if w.idle(t0.Add(1200 * time.Millisecond)) {
		t.Errorf("idle while a slot is held until 1.3s")
	}
	if !w.idle(t0.Add(1300 * time.Millisecond)) {
		t.Errorf("not idle once both periods passed")
	}
}

func TestBackoff(t *testing.T) {
	l := DefaultLimits
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}
	for i, w := range want {
		if got := l.backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
}

func TestAdaptiveLimit(t *testing.T) {
	a := newAdaptive(100)
	if n := a.limit(); n < minPollLimit || n > 100 {
		t.Fatalf("first limit %d", n)
	}
	// A distant server: round trips of 80 ms make batches full size.
	for i := 0; i < 20; i++ {
		a.observe(100, true, 80*time.Millisecond, 5*time.Millisecond, 2*time.Millisecond)
	}
	if n := a.limit(); n != 100 {
		t.Errorf("limit %d against a distant server, want 100", n)
	}
	// A local one: 0.3 ms round trips, 1 ms commits, 50 µs an update.
	for i := 0; i < 40; i++ {
		a.observe(20, true, 300*time.Microsecond, time.Millisecond, time.Millisecond)
	}
	if n := a.limit(); n < minPollLimit || n > 40 {
		t.Errorf("limit %d against a local server, want a few dozen", n)
	}
	// A long poll's wait is not a round trip.
	before := a.limit()
	a.observe(1, false, 20*time.Second, 50*time.Microsecond, time.Millisecond)
	if n := a.limit(); n > before*2 {
		t.Errorf("a long poll's wait grew the limit from %d to %d", before, n)
	}
}
