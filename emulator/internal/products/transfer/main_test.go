package transfer_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/transfer"
)

// TestMain checks that every Transfer path had a 200 validated against the spec.
func TestMain(m *testing.M) { plaidtest.Main(m, "transfer", plaidtest.Paths(transfer.New(nil))) }
