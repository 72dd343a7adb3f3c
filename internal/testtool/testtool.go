// Package testtool finds the programs that tests check guide's output
// against (lame, ffmpeg, sox, tmux, a text-to-speech engine...).
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Need returns the path of the program name, or skips the test when it is
// not installed. With the environment variable CI set (as .ci/run sets it),
// a missing program fails the test instead, naming the Debian package that
// provides it: CI must never pass by skipping.
func Need(t testing.TB, name, debianPackage string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	Missing(t, name+" is not installed", debianPackage)
	return ""
}

// Missing skips the test, or fails it when CI is set, saying what is
// missing and the Debian packages to install.
func Missing(t testing.TB, what, debianPackages string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s and CI is set: apt-get install %s", what, debianPackages)
	}
	t.Skipf("%s; apt-get install %s to run this test", what, debianPackages)
}
