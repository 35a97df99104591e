package specfile

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

var moduleOp = regexp.MustCompile(`product\.(?:Op|Public)\("(/[^_"][^"]*)"`)

// ServedPaths are the Plaid paths the emulator serves, read from its
// source: every product.Op("…") or product.Public("…") of the product
// modules but their own pages (/_emulator/…), in the non-test Go files
// under dir (the emulator package's folder). The spec table's generator and its test read the same list.
func ServedPaths(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		b, err := os.ReadFile(p)
		for _, m := range moduleOp.FindAllSubmatch(b, -1) {
			if !slices.Contains(out, string(m[1])) {
				out = append(out, string(m[1]))
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no product.Op paths", dir)
	}
	return out, nil
}
