package cra_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/cra"
)

// TestMain checks that every Consumer Report path had a 200 validated against the spec.
func TestMain(m *testing.M) { plaidtest.Main(m, "cra", plaidtest.Paths(cra.New(nil, nil))) }
