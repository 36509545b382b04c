package main

import (
	"os"
	"runtime"
	"runtime/debug"
)

// startHeap is the heap the program grows to before its first garbage
// collection. A command that answers a few questions lives a few dozen
// milliseconds and allocates a few megabytes: collecting at the runtime's
// 4 MB start would spend a collection or two on a heap that dies with the
// process. Past it, the collector paces itself as GOGC says.
const startHeap = 16 << 20

// deferFirstCollection turns the collector off until the program's memory
// reaches size (a memory limit), then restores GOGC and the memory limit
// as they were, when the first collection finalises a sentinel. This is
// the Go compiler's way of starting with a larger heap
// (cmd/compile/internal/base.AdjustStartingHeap). It does nothing when the
// user sets GOGC or GOMEMLIMIT, and restores neither setting if the
// program has changed it since (the build child sets its own memory
// limit, buildMemoryLimit, which must outlive the first collection); a
// program that turns GOGC off itself must do so after the first
// collection, which cannot tell that from the off it set.
func deferFirstCollection(size int64) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(size)
	// The sentinel holds a pointer, so that it is not a tiny allocation
	// sharing a block (whose finaliser might never run).
	type sentinel struct{ p *int }
	runtime.SetFinalizer(&sentinel{new(int)}, func(*sentinel) {
		if now := debug.SetGCPercent(percent); now != -1 {
			debug.SetGCPercent(now) // set since: keep it
		}
		if debug.SetMemoryLimit(-1) == size {
			debug.SetMemoryLimit(limit)
		}
	})
}
