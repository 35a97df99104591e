package specfile

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

var (
	routeLine = regexp.MustCompile(`(?m)^\s*plaid\("(/[^"]+)"`)
	moduleOp  = regexp.MustCompile(`product\.(?:Op|Public)\("(/[^"]+)"`)
)

// ServedPaths are the Plaid paths the emulator serves, read from its
// source: the route table's plaid("…") lines (routes, emulator/routes.go),
// then every product.Op("…") or product.Public("…") of the product modules
// (the non-test Go files under the route table's folder). The spec table's
// generator and its test read the same list.
func ServedPaths(routes string) ([]string, error) {
	src, err := os.ReadFile(routes)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range routeLine.FindAllSubmatch(src, -1) {
		out = append(out, string(m[1]))
	}
	err = filepath.WalkDir(filepath.Dir(routes), func(p string, d os.DirEntry, err error) error {
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
		return nil, fmt.Errorf("%s: no served paths", routes)
	}
	return out, nil
}
