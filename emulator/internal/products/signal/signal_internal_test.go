package signal

import (
	"fmt"
	"testing"
)

// Signal remembers at most MaxEvaluations (and a batch) evaluated ids,
// forgetting the oldest first.
func TestEvaluationsAreBounded(t *testing.T) {
	p := New()
	total := MaxEvaluations + MaxEvaluations/8
	for i := range total {
		p.evaluated("client", fmt.Sprint(i))
	}
	if n := len(p.known); n > MaxEvaluations+MaxEvaluations/16 || n < MaxEvaluations {
		t.Fatalf("%d evaluations remembered, want %d to %d", n, MaxEvaluations, MaxEvaluations+MaxEvaluations/16)
	}
	if !p.isKnown("client", fmt.Sprint(total-1)) || p.isKnown("client", "0") {
		t.Fatal("the newest must be kept and the oldest forgotten")
	}
}
