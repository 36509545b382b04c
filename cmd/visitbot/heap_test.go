package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestDeferFirstCollection: the collector is off until the first
// collection, which the memory limit brings, and then as it was; with
// GOGC set it is left alone.
func TestDeferFirstCollection(t *testing.T) {
	percent := debug.SetGCPercent(100)
	limit := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(percent); debug.SetMemoryLimit(limit) })
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")

	deferFirstCollection(1 << 40)
	if got := gcPercent(); got != -1 {
		t.Fatalf("GOGC %d before the first collection, want off (-1)", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Fatalf("memory limit %d, want 1<<40", got)
	}
	runtime.GC() // the first collection: it finds the sentinel unreachable
	deadline := time.Now().Add(10 * time.Second)
	for gcPercent() != 100 || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		if time.Now().After(deadline) {
			t.Fatal("GOGC and the memory limit not restored after a collection")
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}

	// A memory limit the program sets before the first collection (the
	// build child's) outlives it.
	deferFirstCollection(1 << 40)
	debug.SetMemoryLimit(1 << 41)
	runtime.GC()
	for deadline := time.Now().Add(10 * time.Second); gcPercent() != 100; {
		if time.Now().After(deadline) {
			t.Fatal("GOGC not restored after a collection")
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<41 {
		t.Errorf("the program's memory limit became %d after the first collection, want 1<<41", got)
	}
	debug.SetMemoryLimit(math.MaxInt64)

	// So does a GOGC the program sets (a value other than off).
	deferFirstCollection(1 << 40)
	debug.SetGCPercent(50)
	for deadline := time.Now().Add(10 * time.Second); debug.SetMemoryLimit(-1) != math.MaxInt64; {
		if time.Now().After(deadline) {
			t.Fatal("the memory limit not restored after a collection")
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if got := gcPercent(); got != 50 {
		t.Errorf("the program's GOGC became %d after the first collection, want 50", got)
	}
	debug.SetGCPercent(100)

	t.Setenv("GOGC", "200")
	deferFirstCollection(1 << 40)
	if got := gcPercent(); got != 100 {
		t.Errorf("with GOGC set: GOGC changed to %d", got)
	}
}

// gcPercent reads GOGC's setting (SetGCPercent has no read-only call).
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}
