package prom

import (
	"os"
	"testing"
)

// TestOpenFiles: the count of open files leaves out the descriptor that
// reading /proc/self/fd opens.
func TestOpenFiles(t *testing.T) {
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := openFiles(); !ok || n != float64(len(fds)-1) {
		t.Errorf("openFiles() = %v, %v; want %d", n, ok, len(fds)-1)
	}
}
