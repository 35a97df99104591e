package emulator

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/accounts"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/banktransfer"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/categories"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/cra"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/enrich"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/identity"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/idv"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/income"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/institutions"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/investments"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/items"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/liabilities"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/monitor"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/processortokens"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/statements"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/products/webhookkeys"
)

// productModules is THE list of the Plaid products the emulator serves, in
// order (see product.Module): routing takes their endpoints, and reset,
// the per-client reset and the clock reach those that can. A new product
// is its package under internal/products and one line here.
func (s *Server) productModules() []product.Module {
	mon := monitor.New(productDoor{s}) // Identity Verification screens through Monitor
	return []product.Module{
		s.link,
		items.New(productDoor{s}),
		accounts.Module,
		identity.Module,
		liabilities.Module,
		s.assets,
		statements.Module,
		s.signal,
		investments.Module,
		institutions.Module,
		categories.Module,
		s.transactions,
		s.transfer,
		banktransfer.New(productDoor{s}),
		s.users,
		income.New(productDoor{s}, s.users),
		cra.New(productDoor{s}, s.users),
		mon,
		idv.New(productDoor{s}, s.users, mon),
		enrich.Module,
		webhookkeys.New(productDoor{s}),
		processortokens.New(productDoor{s}),
	}
}
