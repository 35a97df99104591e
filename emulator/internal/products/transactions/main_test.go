package transactions_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/transactions"
)

// TestMain checks that every Transactions path had a 200 validated against the spec.
func TestMain(m *testing.M) {
	plaidtest.Main(m, "transactions", plaidtest.Paths(transactions.New(nil)))
}
