//go:build linux

package main

import (
	"context"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestChatAtATerminal runs chat on a pseudo-terminal (script(1), from
// util-linux) and types at it: the up arrow recalls the last question
// instead of being sent as "^[[A", an unknown command gets the list, and
// Ctrl-C typed as a key ends the conversation with 130.
func TestChatAtATerminal(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) is not installed: no pseudo-terminal to type at")
	}
	bin, db := buildBinary(t), freshDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, script, "-qec", "stty cols 100 rows 30; "+bin+" chat --db "+db+"; echo exit=$?", "/dev/null")
	cmd.Env = append(cmd.Environ(), "TERM=xterm")
	keys, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out lockedBuffer
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor := func(s string, n int) {
		t.Helper()
		for strings.Count(out.String(), s) < n {
			if ctx.Err() != nil {
				t.Fatalf("no %q (%d) on the terminal:\n%s", s, n, out.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor("> ", 1)
	io.WriteString(keys, "杜小刚去了哪里?\r")
	waitFor("带队赴福州", 1)
	waitFor("> ", 2)
	io.WriteString(keys, "\x1b[A\r") // up arrow: the same question again
	waitFor("带队赴福州", 2)
	waitFor("> ", 3)
	io.WriteString(keys, "/foo\r")
	waitFor("没有 /foo 这个命令", 1)
	waitFor("> ", 4)
	io.WriteString(keys, "\x03")
	waitFor("exit=", 1)
	keys.Close()
	cmd.Wait()
	if !strings.Contains(out.String(), "exit=130") {
		t.Errorf("Ctrl-C did not end the chat with 130:\n%s", out.String())
	}
	if strings.Contains(out.String(), "请发") && strings.Contains(out.String(), "[A") {
		t.Errorf("the arrow key was sent as a question:\n%s", out.String())
	}
}

// TestAskAtATerminalPrompts: ask with no questions at a terminal says what
// it waits for and prompts, instead of sitting silent.
func TestAskAtATerminalPrompts(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) is not installed: no pseudo-terminal to type at")
	}
	bin, db := buildBinary(t), freshDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, script, "-qec", bin+" ask --db "+db+"; echo exit=$?", "/dev/null")
	keys, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out lockedBuffer
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for !strings.Contains(out.String(), "type a question a line") {
		if ctx.Err() != nil {
			t.Fatalf("no prompt:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	io.WriteString(keys, "杜小刚去了哪里?\r\x04")
	for !strings.Contains(out.String(), "exit=") {
		if ctx.Err() != nil {
			t.Fatalf("ask did not end at Ctrl-D:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	keys.Close()
	cmd.Wait()
	if !strings.Contains(out.String(), "带队赴福州") || !strings.Contains(out.String(), "exit=0") {
		t.Errorf("the question was not answered, or ask failed:\n%s", out.String())
	}
}
