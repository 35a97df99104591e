//go:build ignore

// testsummary reads `go test -json` on stdin and prints what a CI log
// needs: each package's result, the whole output of every failed test, and
// every skipped test with its reason. It exits 1 when anything failed.
//
//	go test -json ./... | go run .ci/testsummary.go
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

func main() {
	out := map[string][]string{} // package/test → its output lines
	var skipped []string
	failed := false
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			fmt.Println(sc.Text()) // a build error, printed as is
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output":
			if len(out[key]) < 2000 {
				out[key] = append(out[key], e.Output)
			}
		case "skip":
			if e.Test != "" {
				skipped = append(skipped, fmt.Sprintf("%s %s: %s", e.Package, e.Test, reason(out[key])))
			}
			delete(out, key)
		case "pass":
			if e.Test == "" {
				fmt.Printf("ok   %s %.1fs\n", e.Package, e.Elapsed)
			}
			delete(out, key)
		case "fail":
			failed = true
			fmt.Print(strings.Join(out[key], ""))
			if e.Test == "" {
				fmt.Printf("FAIL %s %.1fs\n", e.Package, e.Elapsed)
			}
			delete(out, key)
		}
	}
	sort.Strings(skipped)
	fmt.Printf("%d tests skipped\n", len(skipped))
	for _, s := range skipped {
		fmt.Println("  " + s)
	}
	if failed {
		os.Exit(1)
	}
}

// reason is what a skipped test said: its lines but the RUN and SKIP ones.
func reason(lines []string) string {
	var keep []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- SKIP") {
			continue
		}
		keep = append(keep, t)
	}
	if len(keep) == 0 {
		return "(no reason given)"
	}
	return strings.Join(keep, " ")
}
