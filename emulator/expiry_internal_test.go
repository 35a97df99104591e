package emulator

import (
	"testing"
	"time"
)

// Expired public tokens are removed as new ones are issued: the store holds
// the tokens of the last 30 minutes and at most a sweep's worth more.
func TestExpiredPublicTokensAreRemoved(t *testing.T) {
	s, err := New(Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st := s.store
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 1000 {
		st.addPublicToken("c", "item", start)
	}
	later := start.Add(2 * publicTokenTTL)
	for range 2 * sweepEvery {
		st.addPublicToken("c", "item", later)
	}
	st.mu.RLock()
	n := len(st.public)
	st.mu.RUnlock()
	if n > 2*sweepEvery {
		t.Fatalf("%d public tokens kept, want at most %d (the unexpired ones)", n, 2*sweepEvery)
	}
}
