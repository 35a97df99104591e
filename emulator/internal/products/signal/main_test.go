package signal_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/signal"
)

// TestMain checks that every Signal path had a 200 validated against the spec.
func TestMain(m *testing.M) { plaidtest.Main(m, "signal", plaidtest.Paths(signal.New())) }
