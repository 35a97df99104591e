package categories_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/categories"
)

// TestMain checks that every path of the module had a 200 validated against the spec.
func TestMain(m *testing.M) { plaidtest.Main(m, "categories", plaidtest.Paths(categories.Module)) }
