//go:build linux

package main

import (
	"os/exec"
	"runtime"
	"syscall"
)

// setDeathSignal has the kernel kill cmd when this process dies, even by
// kill -9: a build child is never left running as an orphan.
func setDeathSignal(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}

// runChild runs cmd on a thread locked for the while: Pdeathsig fires when
// the thread that started the child ends, and a locked thread is never
// ended by the runtime while the child runs.
func runChild(cmd *exec.Cmd) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := cmd.Start(); err != nil {
		return err
	}
	return cmd.Wait()
}
