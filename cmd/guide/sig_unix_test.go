//go:build unix

package main

import "syscall"

// sigStop stops a process, for the tests of a hung sound server.
const sigStop = syscall.SIGSTOP
