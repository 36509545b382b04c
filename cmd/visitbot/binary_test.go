package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// theBinary is visitbot built once per test binary, for the tests that
// signal or kill the real process.
var theBinary struct {
	once sync.Once
	path string
	err  string
}

func buildBinary(t testing.TB) string {
	t.Helper()
	theBinary.once.Do(func() {
		dir, err := os.MkdirTemp("", "visitbot-bin")
		if err != nil {
			theBinary.err = err.Error()
			return
		}
		registerCleanup(dir)
		theBinary.path = filepath.Join(dir, "visitbot")
		out, err := exec.Command("go", "build", "-o", theBinary.path, ".").CombinedOutput()
		if err != nil {
			theBinary.err = string(out) + err.Error()
		}
	})
	if theBinary.err != "" {
		t.Fatalf("go build: %s", theBinary.err)
	}
	return theBinary.path
}

var cleanups struct {
	mu   sync.Mutex
	dirs []string
}

// registerCleanup removes dir when the test binary ends (TestMain).
func registerCleanup(dir string) {
	cleanups.mu.Lock()
	cleanups.dirs = append(cleanups.dirs, dir)
	cleanups.mu.Unlock()
}
