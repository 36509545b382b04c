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

// children lists the process IDs of pid's children.
func children(pid int) []int {
	data, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/task/" + strconv.Itoa(pid) + "/children")
	var out []int
	for _, f := range strings.Fields(string(data)) {
		if id, err := strconv.Atoi(f); err == nil {
			out = append(out, id)
		}
	}
	return out
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
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	child := 0
	for deadline := time.Now().Add(20 * time.Second); child == 0; {
		if time.Now().After(deadline) {
			t.Fatal("index started no build-kb child within 20 s")
		}
		if cs := children(cmd.Process.Pid); len(cs) > 0 {
			child = cs[0]
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Past reading its request: the child now loads the dictionary (1-2 s)
	// and would go on building if nothing killed it.
	time.Sleep(500 * time.Millisecond)
	if !alive(child) {
		t.Fatal("the build-kb child ended before the test could kill its parent")
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
