package prom

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// goFamilies are the Go runtime's own figures, under the names
// client_golang's Go collector gives them (goroutines, threads, the
// version, the memory statistics), read once a scrape and written in
// name order.
type goFamilies struct{}

func (goFamilies) name() string { return "go_" }

func (goFamilies) write(w *bufio.Writer) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	threads, _ := runtime.ThreadCreateProfile(nil)
	one(w, "go_goroutines", "Number of goroutines that currently exist.", "gauge", float64(runtime.NumGoroutine()))
	header(w, "go_info", "Information about the Go environment.", "gauge")
	line(w, "go_info", []string{"version"}, []string{runtime.Version()}, "", "", 1)
	one(w, "go_memstats_alloc_bytes", "Number of bytes allocated in heap and currently in use.", "gauge", float64(ms.HeapAlloc))
	one(w, "go_memstats_alloc_bytes_total", "Total number of bytes allocated in heap until now, even if released already.", "counter", float64(ms.TotalAlloc))
	one(w, "go_memstats_gc_sys_bytes", "Number of bytes used for garbage collection system metadata.", "gauge", float64(ms.GCSys))
	one(w, "go_memstats_heap_idle_bytes", "Number of heap bytes waiting to be used.", "gauge", float64(ms.HeapIdle))
	one(w, "go_memstats_heap_inuse_bytes", "Number of heap bytes that are in use.", "gauge", float64(ms.HeapInuse))
	one(w, "go_memstats_heap_objects", "Number of currently allocated objects.", "gauge", float64(ms.HeapObjects))
	one(w, "go_memstats_heap_released_bytes", "Number of heap bytes released to OS.", "gauge", float64(ms.HeapReleased))
	one(w, "go_memstats_last_gc_time_seconds", "Number of seconds since 1970 of last garbage collection.", "gauge", float64(ms.LastGC)/1e9)
	one(w, "go_memstats_mallocs_total", "Total number of heap objects allocated.", "counter", float64(ms.Mallocs))
	one(w, "go_memstats_next_gc_bytes", "Number of heap bytes when next garbage collection will take place.", "gauge", float64(ms.NextGC))
	one(w, "go_memstats_stack_inuse_bytes", "Number of bytes obtained from system for stack allocator.", "gauge", float64(ms.StackInuse))
	one(w, "go_memstats_sys_bytes", "Number of bytes obtained from system.", "gauge", float64(ms.Sys))
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
	if fds, err := os.ReadDir("/proc/self/fd"); err == nil {
		one(w, "process_open_fds", "Number of open file descriptors.", "gauge", float64(len(fds)))
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

// bootTime reads the system's boot time (btime of /proc/stat), in seconds
// since 1970.
func bootTime() (float64, bool) {
	return procField("/proc/stat", "btime", 0)
}

// maxFiles reads the soft limit of open files (/proc/self/limits).
func maxFiles() (float64, bool) {
	return procField("/proc/self/limits", "Max open files", 0)
}

// procField returns the number at index k of the fields after prefix, on
// the line of file that begins with prefix.
func procField(file, prefix string, k int) (float64, bool) {
	b, err := os.ReadFile(file)
	if err != nil {
		return 0, false
	}
	for l := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(l, prefix); ok {
			if f := strings.Fields(rest); k < len(f) {
				v, err := strconv.ParseFloat(f[k], 64)
				return v, err == nil
			}
		}
	}
	return 0, false
}
