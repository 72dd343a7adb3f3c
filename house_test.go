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
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "." || d.Name() == "testdata") {
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
