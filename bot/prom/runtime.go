package prom

import (
	"bufio"
	"bytes"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// goFamilies are the Go runtime's own figures, under the names
// client_golang's Go collector gives them (garbage collection pauses,
// goroutines, threads, GOMAXPROCS, the version, the memory statistics),
// read once a scrape and written in name order. Not written: its figures
// of the GC's settings (go_gc_gogc_percent, go_gc_gomemlimit_bytes).
type goFamilies struct{}

func (goFamilies) name() string { return "go_" }

func (goFamilies) write(w *bufio.Writer) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var gc debug.GCStats
	gc.PauseQuantiles = make([]time.Duration, 5) // min, 25%, 50%, 75%, max
	debug.ReadGCStats(&gc)
	threads, _ := runtime.ThreadCreateProfile(nil)

	header(w, "go_gc_duration_seconds", "A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles.", "summary")
	for i, q := range []string{"0", "0.25", "0.5", "0.75", "1"} {
		line(w, "go_gc_duration_seconds", nil, nil, "quantile", q, gc.PauseQuantiles[i].Seconds())
	}
	line(w, "go_gc_duration_seconds_sum", nil, nil, "", "", gc.PauseTotal.Seconds())
	line(w, "go_gc_duration_seconds_count", nil, nil, "", "", float64(gc.NumGC))
	one(w, "go_goroutines", "Number of goroutines that currently exist.", "gauge", float64(runtime.NumGoroutine()))
	header(w, "go_info", "Information about the Go environment.", "gauge")
	line(w, "go_info", []string{"version"}, []string{runtime.Version()}, "", "", 1)
	for _, g := range []struct {
		name, help, kind string
		v                uint64
	}{
		{"go_memstats_alloc_bytes", "Number of bytes allocated in heap and currently in use.", "gauge", ms.HeapAlloc},
		{"go_memstats_alloc_bytes_total", "Total number of bytes allocated in heap until now, even if released already.", "counter", ms.TotalAlloc},
		{"go_memstats_buck_hash_sys_bytes", "Number of bytes used by the profiling bucket hash table.", "gauge", ms.BuckHashSys},
		{"go_memstats_frees_total", "Total number of heap objects frees.", "counter", ms.Frees},
		{"go_memstats_gc_sys_bytes", "Number of bytes used for garbage collection system metadata.", "gauge", ms.GCSys},
		{"go_memstats_heap_alloc_bytes", "Number of heap bytes allocated and currently in use.", "gauge", ms.HeapAlloc},
		{"go_memstats_heap_idle_bytes", "Number of heap bytes waiting to be used.", "gauge", ms.HeapIdle},
		{"go_memstats_heap_inuse_bytes", "Number of heap bytes that are in use.", "gauge", ms.HeapInuse},
		{"go_memstats_heap_objects", "Number of currently allocated objects.", "gauge", ms.HeapObjects},
		{"go_memstats_heap_released_bytes", "Number of heap bytes released to OS.", "gauge", ms.HeapReleased},
		{"go_memstats_heap_sys_bytes", "Number of heap bytes obtained from system.", "gauge", ms.HeapSys},
		{"go_memstats_mallocs_total", "Total number of heap objects allocated.", "counter", ms.Mallocs},
		{"go_memstats_mcache_inuse_bytes", "Number of bytes in use by mcache structures.", "gauge", ms.MCacheInuse},
		{"go_memstats_mcache_sys_bytes", "Number of bytes used for mcache structures obtained from system.", "gauge", ms.MCacheSys},
		{"go_memstats_mspan_inuse_bytes", "Number of bytes in use by mspan structures.", "gauge", ms.MSpanInuse},
		{"go_memstats_mspan_sys_bytes", "Number of bytes used for mspan structures obtained from system.", "gauge", ms.MSpanSys},
		{"go_memstats_next_gc_bytes", "Number of heap bytes when next garbage collection will take place.", "gauge", ms.NextGC},
		{"go_memstats_other_sys_bytes", "Number of bytes used for other system allocations.", "gauge", ms.OtherSys},
		{"go_memstats_stack_inuse_bytes", "Number of bytes obtained from system for stack allocator.", "gauge", ms.StackInuse},
		{"go_memstats_stack_sys_bytes", "Number of bytes obtained from system for stack allocator.", "gauge", ms.StackSys},
		{"go_memstats_sys_bytes", "Number of bytes obtained from system.", "gauge", ms.Sys},
	} {
		one(w, g.name, g.help, g.kind, float64(g.v))
	}
	one(w, "go_memstats_last_gc_time_seconds", "Number of seconds since 1970 of last garbage collection.", "gauge", float64(ms.LastGC)/1e9)
	one(w, "go_sched_gomaxprocs_threads", "The current runtime.GOMAXPROCS setting, or the number of operating system threads that can execute user-level Go code simultaneously.", "gauge", float64(runtime.GOMAXPROCS(0)))
	one(w, "go_threads", "Number of OS threads created.", "gauge", float64(threads))
}

// processFamilies are the process's own figures, under the names
// client_golang's process collector gives them, read from Linux's /proc
// at each scrape and written in name order; a figure /proc does not give
// (another system) is left out.
type processFamilies struct{}

func (processFamilies) name() string { return "process_" }

func (processFamilies) write(w *bufio.Writer) {
	st, ok := readStat()
	if ok {
		one(w, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "counter", st.cpuSeconds)
	}
	if n, ok := maxFiles(); ok {
		one(w, "process_max_fds", "Maximum number of open file descriptors.", "gauge", n)
	}
	if n, ok := openFiles(); ok {
		one(w, "process_open_fds", "Number of open file descriptors.", "gauge", n)
	}
	if ok {
		one(w, "process_resident_memory_bytes", "Resident memory size in bytes.", "gauge", st.rss)
		if boot, ok := bootTime(); ok {
			one(w, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", "gauge", boot+st.startTicks/ticksPerSecond)
		}
		one(w, "process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge", st.vsize)
	}
}

// one writes a family of one sample without labels.
func one(w *bufio.Writer, name, help, kind string, v float64) {
	header(w, name, help, kind)
	line(w, name, nil, nil, "", "", v)
}

// ticksPerSecond is Linux's USER_HZ, the unit of /proc/self/stat's times
// (100 on every architecture Go supports there).
const ticksPerSecond = 100

// stat is what processFamilies reads of /proc/self/stat.
type stat struct {
	cpuSeconds, startTicks, vsize, rss float64
}

// readStat reads /proc/self/stat: its fields after the command's closing
// parenthesis are state (field 3), …, utime (14), stime (15), …, starttime
// (22), vsize (23) and rss in pages (24).
func readStat() (stat, bool) {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return stat{}, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return stat{}, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 22 {
		return stat{}, false
	}
	num := func(k int) float64 {
		v, _ := strconv.ParseFloat(f[k], 64)
		return v
	}
	return stat{
		cpuSeconds: (num(11) + num(12)) / ticksPerSecond,
		startTicks: num(19),
		vsize:      num(20),
		rss:        num(21) * float64(os.Getpagesize()),
	}, true
}

// openFiles counts the process's open files: the size of /proc/self/fd
// where Linux gives it (6.2 and later), else its entries less the one
// reading it opens.
func openFiles() (float64, bool) {
	if st, err := os.Stat("/proc/self/fd"); err == nil && st.Size() > 0 {
		return float64(st.Size()), true
	}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil || len(fds) == 0 {
		return 0, false
	}
	return float64(len(fds) - 1), true
}

// bootTime reads the system's boot time (btime of /proc/stat), in seconds
// since 1970.
func bootTime() (float64, bool) {
	return procField("/proc/stat", "btime")
}

// maxFiles reads the soft limit of open files (/proc/self/limits);
// "unlimited" is 2^64-1, as procfs reads it.
func maxFiles() (float64, bool) {
	return procField("/proc/self/limits", "Max open files")
}

// procField returns the number that follows prefix on the line of file
// that begins with it ("unlimited": 2^64-1).
func procField(file, prefix string) (float64, bool) {
	b, err := os.ReadFile(file)
	if err != nil {
		return 0, false
	}
	for l := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(l, prefix); ok {
			f := strings.Fields(rest)
			if len(f) == 0 {
				return 0, false
			}
			if f[0] == "unlimited" {
				return math.MaxUint64, true
			}
			v, err := strconv.ParseFloat(f[0], 64)
			return v, err == nil
		}
	}
	return 0, false
}
