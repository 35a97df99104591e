package emulator_test

import (
	"slices"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/enrich"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/signal"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/transfer"
)

// testedBeside are the products whose tests live in their own package:
// that package's TestMain checks their paths' conformance coverage.
var testedBeside = []product.Module{transfer.New(nil), enrich.Module, signal.New()}

// TestMain adds the conformance coverage check (plaidtest.Main) for every
// Plaid path the emulator serves but those of the products tested beside.
func TestMain(m *testing.M) {
	srv, err := emulator.New(emulator.Options{})
	if err != nil {
		panic(err)
	}
	var beside []string
	for _, mod := range testedBeside {
		beside = append(beside, plaidtest.Paths(mod)...)
	}
	owned := slices.DeleteFunc(srv.PlaidPaths(), func(p string) bool { return slices.Contains(beside, p) })
	_ = srv.Close()
	plaidtest.Main(m, "emulator", owned)
}
