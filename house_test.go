package guide

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The house rules (DESIGN.md's fences), checked on the tree as it is.

// goList runs go list with args and returns its lines.
func goList(t *testing.T, env []string, args ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %s: %v", strings.Join(args, " "), err)
	}
	return strings.Fields(string(out))
}

// TestFences checks who may import what: script never imports beep; the
// speech engines and the voice pack tools never link the sound card
// library; only audio/device imports beep's speaker; everything but
// audio/device and cmd/guide builds without cgo.
func TestFences(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	const mod = "github.com/stretchguide/guide/"
	for _, dep := range goList(t, nil, "-deps", mod+"script/...") {
		if strings.Contains(dep, "gopxl/beep") {
			t.Errorf("script depends on %s", dep)
		}
	}
	for _, dep := range goList(t, nil, "-deps", mod+"script/...", mod+"tts/...", mod+"audio/voicepack", mod+"tools/mkvoice") {
		if strings.Contains(dep, "ebitengine/oto") || strings.HasSuffix(dep, "beep/v2/speaker") {
			t.Errorf("script, tts, voicepack or mkvoice depend on %s", dep)
		}
	}
	for _, line := range goList(t, nil, "-f", `{{.ImportPath}}:{{join .Imports ","}}`, "./...") {
		pkg, imports, _ := strings.Cut(line, ":")
		if strings.Contains(imports, "gopxl/beep/v2/speaker") && pkg != mod+"audio/device" {
			t.Errorf("%s imports beep's speaker; only audio/device may", pkg)
		}
	}
	var pkgs []string
	for _, p := range goList(t, nil, "./...") {
		if p != mod+"audio/device" && p != mod+"cmd/guide" {
			pkgs = append(pkgs, p)
		}
	}
	cmd := exec.Command("go", append([]string{"build", "-o", os.DevNull}, pkgs...)...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("CGO_ENABLED=0 go build of every package but audio/device and cmd/guide: %v\n%s", err, out)
	}
}

// TestSizes keeps files and the command package small: no non-test Go file
// over 600 lines, cmd/guide under 1,600 lines of non-test Go.
func TestSizes(t *testing.T) {
	cmdLines := 0
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "." || d.Name() == "testdata" || path == "vendor") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n := 0
		for sc := bufio.NewScanner(bytes.NewReader(data)); sc.Scan(); {
			n++
		}
		if n > 600 {
			t.Errorf("%s has %d lines; keep files to 600", path, n)
		}
		if filepath.Dir(path) == filepath.Join("cmd", "guide") {
			cmdLines += n
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if cmdLines >= 1600 {
		t.Errorf("cmd/guide has %d lines of non-test Go; keep it under 1600 (move what is not commands, terminal or input into a package)", cmdLines)
	}
}

// TestMakeInstall installs guide into a folder of its own, as a user would,
// and runs the installed guide; make uninstall takes it all away again.
func TestMakeInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds guide")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	prefix := t.TempDir()
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir(), "HOME="+t.TempDir())
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("make", "--no-print-directory", "install", "PREFIX="+prefix)
	for _, f := range []string{"bin/guide", "share/man/man1/guide.1", "share/man/man1/guide-play.1",
		"share/bash-completion/completions/guide", "share/zsh/site-functions/_guide", "share/fish/vendor_completions.d/guide.fish"} {
		if st, err := os.Stat(filepath.Join(prefix, f)); err != nil || st.Size() == 0 {
			t.Errorf("make install did not install %s: %v", f, err)
		}
	}
	guide := filepath.Join(prefix, "bin", "guide")
	if out := run(guide, "--version"); !strings.HasPrefix(out, "guide ") {
		t.Errorf("guide --version: %q", out)
	}
	if out := run(guide, "list"); !strings.Contains(out, "morning") {
		t.Errorf("guide list:\n%s", out)
	}
	if out := run(guide, "plan", "morning"); !strings.Contains(out, "Cat-Cow") {
		t.Errorf("guide plan morning:\n%s", out)
	}
	run("make", "--no-print-directory", "uninstall", "PREFIX="+prefix)
	filepath.WalkDir(prefix, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			t.Errorf("make uninstall left %s", path)
		}
		return nil
	})
}
