package banktransfer_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/banktransfer"
)

// TestMain checks that every Bank Transfer path had a 200 validated against the spec.
func TestMain(m *testing.M) {
	plaidtest.Main(m, "banktransfer", plaidtest.Paths(banktransfer.New(nil)))
}
