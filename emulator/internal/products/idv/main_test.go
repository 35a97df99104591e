package idv_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/idv"
)

// TestMain checks that every Identity Verification path had a 200 validated against the spec.
func TestMain(m *testing.M) { plaidtest.Main(m, "idv", plaidtest.Paths(idv.New(nil, nil, nil))) }
