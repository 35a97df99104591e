package testnote

import (
	"strings"
	"testing"
)

func TestSummaryCountsReasons(t *testing.T) {
	mu.Lock()
	saved := reasons
	reasons = map[string]int{"npm ci not run in testdata/browser": 2, "no Chromium": 1}
	mu.Unlock()
	defer func() { mu.Lock(); reasons = saved; mu.Unlock() }()
	got := Summary("emulator")
	if !strings.HasPrefix(got, "emulator: 3 tests skipped: ") || !strings.Contains(got, "2 × npm ci not run in testdata/browser") || !strings.Contains(got, "1 × no Chromium") {
		t.Fatalf("summary %q", got)
	}
	mu.Lock()
	reasons = map[string]int{}
	mu.Unlock()
	if s := Summary("x"); s != "" {
		t.Fatalf("no skips, summary %q", s)
	}
}
