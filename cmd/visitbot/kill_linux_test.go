//go:build linux

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/visitbot/visitbot/knowledge"
)

// buildChild returns the ID of a process whose parent is pid and whose
// command line is "... build-kb ...", or 0. (Every thread of pid may
// start it, so /proc/PID/task/*/children would have to be read thread by
// thread; the parents of all processes are simpler.)
func buildChild(pid int) int {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		id, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		status, _ := os.ReadFile("/proc/" + e.Name() + "/status")
		if !strings.Contains(string(status), "\nPPid:\t"+strconv.Itoa(pid)+"\n") {
			continue
		}
		if cmdline, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline"); strings.Contains(string(cmdline), "\x00"+buildKBCommand+"\x00") {
			return id
		}
	}
	return 0
}

// alive reports whether pid runs (a zombie does not).
func alive(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

// TestKilledIndexLeavesNothing kills index (kill -9) while its build-kb
// child runs: the child dies with it, and the next writer removes the
// temporary file the build left beside the database.
func TestKilledIndexLeavesNothing(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "kb.db")
	cmd := exec.Command(exe, "index", "--db", db)
	cmd.Env = append(os.Environ(), asMainEnv+"=1")
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	child := 0
	for deadline := time.Now().Add(20 * time.Second); child == 0; {
		if time.Now().After(deadline) {
			t.Fatal("index started no build-kb child within 20 s")
		}
		child = buildChild(cmd.Process.Pid)
		time.Sleep(10 * time.Millisecond)
	}
	// Past reading its request: the child now loads the dictionary (1-2 s)
	// and would go on building if nothing killed it.
	time.Sleep(500 * time.Millisecond)
	if !alive(child) {
		t.Fatalf("the build-kb child %d ended before the test could kill its parent; index says:\n%s", child, stderr.String())
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".kb.db.build-*"))
	if len(leftovers) == 0 {
		t.Fatal("the build has no temporary file beside the database")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	for deadline := time.Now().Add(5 * time.Second); alive(child); {
		if time.Now().After(deadline) {
			syscall.Kill(child, syscall.SIGKILL)
			t.Fatal("the build-kb child outlived its parent by 5 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	l, err := knowledge.LockForWrite(context.Background(), db, knowledge.LockOptions{Holder: "test"})
	if err != nil {
		t.Fatal(err)
	}
	l.Unlock()
	if left, _ := filepath.Glob(filepath.Join(dir, ".kb.db.build-*")); len(left) > 0 {
		t.Errorf("the next writer left %v", left)
	}
}
