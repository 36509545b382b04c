//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignalsEndAskAndChat drives the real binary with a large stdin and
// sends SIGINT or SIGTERM once it has answered a few lines: it exits
// promptly with 130 or 143, and every line it wrote is whole.
func TestSignalsEndAskAndChat(t *testing.T) {
	bin := buildBinary(t)
	db := freshDB(t)
	stdin := strings.Repeat("杜小刚带队去了哪些地方?\n", 200000) // 7 MB: more than is answered before the signal
	tests := []struct {
		args []string
		sig  syscall.Signal
		code int
	}{
		{[]string{"ask", "--json", "--db", db}, syscall.SIGINT, 130},
		{[]string{"ask", "--json", "--db", db}, syscall.SIGTERM, 143},
		{[]string{"chat", "--db", db}, syscall.SIGINT, 130},
		{[]string{"chat", "--db", db}, syscall.SIGTERM, 143},
	}
	for _, tt := range tests {
		t.Run(tt.args[0]+"-"+tt.sig.String(), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, tt.args...)
			cmd.Stdin = strings.NewReader(stdin)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Read until answers flow, then signal.
			br := bufio.NewReader(out)
			var got bytes.Buffer
			for n := 0; n < 20; n++ {
				l, err := br.ReadString('\n')
				got.WriteString(l)
				if err != nil {
					t.Fatalf("output ended before the signal: %v\n%s", err, stderr.String())
				}
			}
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			signalled := time.Now()
			io.Copy(&got, br)
			err = cmd.Wait()
			took := time.Since(signalled)
			if ctx.Err() != nil {
				t.Fatalf("still running 60 s after %v: killed", tt.sig)
			}
			if code := cmd.ProcessState.ExitCode(); code != tt.code {
				t.Errorf("exit %d (%v), want %d\n%s", code, err, tt.code, stderr.String())
			}
			t.Logf("exited %v after %v", tt.sig, took)
			if tt.args[0] == "ask" {
				lines := strings.Split(strings.TrimSuffix(got.String(), "\n"), "\n")
				for i, l := range lines {
					if !json.Valid([]byte(l)) {
						t.Fatalf("line %d of %d is not whole JSON: %q", i+1, len(lines), l)
					}
				}
				if !strings.HasSuffix(got.String(), "\n") {
					t.Errorf("the last answer was not flushed whole")
				}
			}
		})
	}
}
