package store

import (
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/ledger"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Expired public tokens are removed as new ones are issued: the store holds
// the tokens of the last 30 minutes and at most a sweep's worth more.
func TestExpiredPublicTokensAreRemoved(t *testing.T) {
	cat, err := ledger.NewCatalog(fixtures.Default().Filled(1))
	if err != nil {
		t.Fatal(err)
	}
	st := New(cat, 1, true)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 1000 {
		st.AddPublicToken("c", "item", start)
	}
	later := start.Add(2 * PublicTokenTTL)
	for range 2 * sweepEvery {
		st.AddPublicToken("c", "item", later)
	}
	st.mu.RLock()
	n := len(st.public)
	st.mu.RUnlock()
	if n > 2*sweepEvery {
		t.Fatalf("%d public tokens kept, want at most %d (the unexpired ones)", n, 2*sweepEvery)
	}
}
