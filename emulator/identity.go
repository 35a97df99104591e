package emulator

import (
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

type identityAccountJSON struct {
	product.AccountJSON
	Owners []fixtures.Identity `json:"owners"`
}

type identityGetResponse struct {
	Accounts []identityAccountJSON `json:"accounts"`
	Item     product.ItemJSON      `json:"item"`
	wire.Response
}

// handleIdentityGet serves POST /identity/get: every selected account with
// the owners the institution reports.
func handleIdentityGet(c *call, req *product.AccountsGetRequest) (any, *wire.Error) {
	it, err := c.ProductItem(req.AccessToken, "identity")
	if err != nil {
		return nil, err
	}
	sel, err := it.SelectAccounts(req.Options.IDs())
	if err != nil {
		return nil, err
	}
	out := make([]identityAccountJSON, len(sel))
	for i, a := range sel {
		out[i] = identityAccountJSON{AccountJSON: a.JSON(), Owners: product.NonNil(a.Owners)}
	}
	return &identityGetResponse{Accounts: out, Item: it.JSON()}, nil
}
