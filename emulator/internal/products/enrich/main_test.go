package enrich_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/enrich"
)

// TestMain checks that /transactions/enrich had a 200 validated against the spec.
func TestMain(m *testing.M) { plaidtest.Main(m, "enrich", plaidtest.Paths(enrich.Module)) }
