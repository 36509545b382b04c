//go:build !linux

package main

import "os/exec"

// setDeathSignal does nothing where the kernel cannot kill a child with its
// parent; the child ends when it finds its stdin closed or its work done.
func setDeathSignal(cmd *exec.Cmd) {}

// runChild runs cmd.
func runChild(cmd *exec.Cmd) error { return cmd.Run() }
