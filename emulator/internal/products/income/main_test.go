package income_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/income"
)

// TestMain checks that every Income path had a 200 validated against the spec.
func TestMain(m *testing.M) { plaidtest.Main(m, "income", plaidtest.Paths(income.New(nil, nil))) }
