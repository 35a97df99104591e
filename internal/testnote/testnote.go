// Package testnote lets a test that cannot run on this machine say why in
// one line, and lets a test binary end with one line naming how many of
// its tests skipped and why. go test ./... hides a passing package's
// output, so that line also goes to the terminal (/dev/tty) when there is
// one; under CI=true the helpers that skip fail instead. Tests only.
package testnote

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
)

var (
	mu      sync.Mutex
	reasons = map[string]int{}
	notes   []string
)

// Note adds a line Report prints after the skips: something a reader of
// a green run should know (a check that ran only in part).
func Note(line string) {
	mu.Lock()
	defer mu.Unlock()
	notes = append(notes, line)
}

// Skip records reason and skips tb.
func Skip(tb testing.TB, reason string) {
	tb.Helper()
	func() {
		mu.Lock()
		defer mu.Unlock()
		reasons[reason]++
	}()
	tb.Skip(reason)
}

// Summary is the one line for this binary's skips ("" when none).
func Summary(pkg string) string {
	mu.Lock()
	defer mu.Unlock()
	n := 0
	var parts []string
	for r, c := range reasons {
		n += c
		parts = append(parts, fmt.Sprintf("%d × %s", c, r))
	}
	if n == 0 {
		return ""
	}
	sort.Strings(parts)
	noun := "tests"
	if n == 1 {
		noun = "test"
	}
	return fmt.Sprintf("%s: %d %s skipped: %s", pkg, n, noun, strings.Join(parts, "; "))
}

// Main runs the tests and then reports the skips: on stdout (seen with
// -v or a failure) and, without -v, on the terminal.
func Main(m *testing.M, pkg string) int {
	code := m.Run()
	Report(pkg)
	return code
}

// Report prints Summary and the notes, if any.
func Report(pkg string) {
	var lines []string
	if line := Summary(pkg); line != "" {
		lines = append(lines, line)
	}
	func() {
		mu.Lock()
		defer mu.Unlock()
		for _, n := range notes {
			lines = append(lines, pkg+": "+n)
		}
	}()
	if len(lines) == 0 {
		return
	}
	text := strings.Join(lines, "\n") + "\n"
	fmt.Print(text)
	if path := os.Getenv("PLAID_EMULATOR_TESTNOTES"); path != "" { // a CI log, which has no terminal
		if f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
			fmt.Fprint(f, text)
			f.Close()
		}
	}
	if v := flag.Lookup("test.v"); v != nil && v.Value.String() != "false" {
		return // already on the terminal
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		fmt.Fprint(tty, text)
		tty.Close()
	}
}
