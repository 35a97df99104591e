package main

import (
	"context"
	"testing"
	"time"
)

// TestLoadShort is the load run in a short form: it must complete with zero
// errors; its figures are printed, not asserted (they depend on the machine).
func TestLoadShort(t *testing.T) {
	rep, err := run(context.Background(), config{duration: 500 * time.Millisecond, conns: 8, tokens: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.results {
		if r.errors != 0 || r.requests == 0 || r.ceilingRPS == 0 {
			t.Errorf("%s: %d requests, %d errors, ceiling %.0f req/s", r.name, r.requests, r.errors, r.ceilingRPS)
		}
	}
	t.Logf("\n%s", rep)
}
