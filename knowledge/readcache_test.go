package knowledge

import (
	"fmt"
	"hash/maphash"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// TestReadCacheLookupRechecksKey: a look-up of a key never kept misses,
// even while a writer fills, with another key, the slot its probe starts
// at (lookup finds the slot empty, then loads it again). Each round
// empties that slot, so that the writer's key lands in it again.
func TestReadCacheLookupRechecksKey(t *testing.T) {
	c := newReadCache()
	mask := uint64(keySlots - 1)
	asked := "杜小刚"
	start := maphash.String(c.seed, asked) & mask
	var other string
	for i := 0; other == ""; i++ {
		if k := fmt.Sprintf("词%d", i); maphash.String(c.seed, k)&mask == start {
			other = k
		}
	}
	var wrong atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)-1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				if _, _, held, counted := c.lookup(wordSpace, asked); held || counted {
					wrong.Add(1)
				}
			}
		}()
	}
	slot := &c.keys.Load().slots[start]
	for range 200000 {
		c.mu.Lock()
		slot.Store(nil)
		c.mu.Unlock()
		c.putCount(wordSpace, other, 7)
	}
	stop.Store(true)
	wg.Wait()
	if n := wrong.Load(); n > 0 {
		t.Fatalf("lookup(%q), never kept, returned another key's entry %d times", asked, n)
	}
}
