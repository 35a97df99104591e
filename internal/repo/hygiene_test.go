package repo

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// maxTracked is the largest file git may track, but for the exceptions.
const maxTracked = 1 << 20

// largeAllowed are the tracked files that may be larger: images and
// generated tables, by pattern.
var largeAllowed = []string{"*.png", "*.jpg", "*.svg", "emulator/internal/wire/spectable_gen.go"}

// executableMagic are the first bytes of compiled programs: ELF, PE
// (Windows), Mach-O (32 and 64 bits, both byte orders, and universal).
var executableMagic = [][]byte{
	[]byte("\x7fELF"), []byte("MZ"),
	{0xfe, 0xed, 0xfa, 0xce}, {0xfe, 0xed, 0xfa, 0xcf}, {0xce, 0xfa, 0xed, 0xfe}, {0xcf, 0xfa, 0xed, 0xfe}, {0xca, 0xfe, 0xba, 0xbe},
}

// TestNoBinaryTracked fails when git tracks a compiled program (a build
// left in the tree and committed) or a file over 1 MiB that is not an
// allowed exception: builds go to ignored paths, and releases to
// GoReleaser's dist/.
func TestNoBinaryTracked(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "ls-files", "-z")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files (this test needs a git checkout and git): %v", err)
	}
	files := strings.Split(strings.TrimRight(string(out), "\x00"), "\x00")
	if len(files) < 100 {
		t.Fatalf("git tracks %d files: not this repository?", len(files))
	}
	for _, f := range files {
		fi, err := os.Stat(filepath.Join(root, f))
		if err != nil || fi.IsDir() {
			continue // deleted in the working tree, or a submodule
		}
		if fi.Size() > maxTracked && !allowed(f) {
			t.Errorf("%s is %d bytes, over 1 MiB: keep large files out of git (or list it in largeAllowed, with why)", f, fi.Size())
		}
		head := make([]byte, 4)
		fh, err := os.Open(filepath.Join(root, f))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		n, _ := fh.Read(head)
		fh.Close()
		for _, m := range executableMagic {
			if n >= len(m) && bytes.Equal(head[:len(m)], m) && !textFile(f) {
				t.Errorf("%s is a compiled program: remove it from git and ignore its path", f)
			}
		}
	}
}

func allowed(f string) bool {
	for _, p := range largeAllowed {
		if ok, _ := filepath.Match(p, filepath.Base(f)); ok || p == f {
			return true
		}
	}
	return false
}

// textFile says whether a file is text by its name (a text file may start
// with "MZ").
func textFile(f string) bool {
	switch filepath.Ext(f) {
	case ".go", ".md", ".txt", ".yaml", ".yml", ".json", ".js", ".mjs", ".ts", ".css", ".html", ".sh", ".csv":
		return true
	}
	return false
}

// maxLines is how long a Go file may grow (generated tables aside): a
// longer one holds more than one idea, and is split by them.
const maxLines = 400

// TestNoGoFileOver400Lines fails on a tracked Go file of more lines.
func TestNoGoFileOver400Lines(t *testing.T) {
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	cmd := exec.Command("git", "ls-files", "-z", "*.go")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files (this test needs a git checkout and git): %v", err)
	}
	for _, f := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if strings.HasSuffix(f, "_gen.go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			continue // deleted in the working tree
		}
		if n := bytes.Count(b, []byte("\n")); n > maxLines {
			t.Errorf("%s has %d lines, over %d: split it by what its parts do", f, n, maxLines)
		}
	}
}
